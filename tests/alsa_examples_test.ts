import assert from "node:assert/strict";
import { pcms } from "../alsa.ts";
import { privateSinks, PULSE_ENV, recordSink } from "./_sinks.ts";
import { hardware, hwTest } from "./_hw.ts";
import {
  analyseTone,
  recordMonitor,
  usePrivateSink,
} from "./realtime_fixtures/monitor.ts";

if (hardware) usePrivateSink("alsaex");

const ex = (name: string): string =>
  new URL(`../examples/${name}`, import.meta.url).pathname;

async function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("the ALSA examples print their usage with --help", async () => {
  for (
    const name of [
      "list_pcms.ts",
      "playwav.ts",
      "recordtest.ts",
      "playbacktest.ts",
      "isine.ts",
      "loopback.ts",
      "play_rusage.ts",
    ]
  ) {
    const r = await run([ex(name), "--help"]);
    assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    assert.match(r.stdout, /^Usage: deno run -A examples\//, name);
  }
});

hwTest("list_pcms.ts prints every playback and capture PCM", async () => {
  const r = await run([ex("list_pcms.ts")]);
  assert.equal(r.code, 0, r.stderr);
  for (const name of [...pcms("playback"), ...pcms("capture")]) {
    assert.match(r.stdout, new RegExp(`^  ${name}$`, "m"));
  }
});

hwTest(
  "playwav.ts plays a generated 1 kHz file that the monitor records at 1 kHz",
  async () => {
    const dir = await Deno.makeTempDir();
    try {
      await new Deno.Command("sox", {
        args: [
          "-n",
          "-r",
          "48000",
          "-c",
          "2",
          "-b",
          "16",
          `${dir}/t.wav`,
          "synth",
          "1",
          "sine",
          "1000",
          "vol",
          "0.5",
        ],
      })
        .output();
      const rec = await recordMonitor();
      const r = await run([ex("playwav.ts"), `${dir}/t.wav`]);
      assert.equal(r.code, 0, r.stderr);
      await new Promise((res) => setTimeout(res, 200));
      const a = analyseTone(await rec.stop());
      assert.ok(Math.abs(a.frequency - 1000) < 10, `frequency ${a.frequency}`);
      // The null sink clips the first ~10-20 ms of any new stream (aplay too:
      // 819 frames measured); the end is checked to the frame in stream_test.ts.
      assert.ok(
        a.duration > 0.85 && a.duration < 1.2,
        `duration ${a.duration}`,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

hwTest(
  "recordtest.ts and playbacktest.ts move raw mono 44100 Hz S16_LE audio bit-exactly (ALSA file plugin), as upstream's pair",
  async () => {
    const home = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(
        `${home}/.asoundrc`,
        `pcm.tofile { type file; slave.pcm "null"; file "${home}/played.raw"; format "raw" }\n` +
          `pcm.fromfile { type file; slave.pcm "null"; file "/dev/null"; infile "${home}/in.raw"; format "raw" }\n`,
      );
      const input = new Uint8Array(2 * 44100 / 2); // 0.5 s of mono noise
      for (let i = 0; i < input.length; i += 65536) {
        crypto.getRandomValues(input.subarray(i, i + 65536));
      }
      await Deno.writeFile(`${home}/in.raw`, input);
      const rec = await run([
        ex("recordtest.ts"),
        "-d",
        "fromfile",
        "-s",
        "0.5",
        `${home}/rec.raw`,
      ], { HOME: home });
      assert.equal(rec.code, 0, rec.stderr);
      assert.deepEqual(await Deno.readFile(`${home}/rec.raw`), input);
      const play = await run([
        ex("playbacktest.ts"),
        "-d",
        "tofile",
        `${home}/rec.raw`,
      ], { HOME: home });
      assert.equal(play.code, 0, play.stderr);
      const played = await Deno.readFile(`${home}/played.raw`);
      assert.ok(played.length >= input.length);
      assert.deepEqual(played.subarray(0, input.length), input);
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
);

Deno.test("the ALSA examples refuse bad command lines with one line and exit 2", async () => {
  for (
    const [name, args, msg] of [
      ["playbacktest.ts", [], /missing file/],
      [
        "recordtest.ts",
        ["-s", "0", "x.raw"],
        /--seconds must be a positive number/,
      ],
      ["play_rusage.ts", ["-e", "0"], /-e a positive integer/],
      ["loopback.ts", ["-r", "fast"], /--rate must be an integer, got fast/],
      ["isine.ts", ["--frequency", "3"], /unknown option --frequency/],
    ] as const
  ) {
    const r = await run([ex(name), ...args], PULSE_ENV);
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, msg, name);
    assert.equal(r.stderr.trim().split("\n").length <= 2, true, r.stderr);
  }
});

/** Zero-crossing frequency of `x[from, to)` (samples of the monitor, 44.1 kHz). */
function frequencyOf(x: Int16Array, from: number, to: number): number {
  let crossings = 0;
  for (let i = from + 1; i < to; i++) {
    if (x[i - 1] < 0 && x[i] >= 0) crossings++;
  }
  return crossings * 44100 / (to - from);
}

hwTest(
  "isine.ts plays 440 Hz, then 1000 Hz after a second, on the monitor",
  async () => {
    const rec = await recordMonitor();
    const r = await run([ex("isine.ts")]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^nearest frequency: 440\.366972\nnearest frequency: 1000\.000000\n$/,
    );
    await new Promise((res) => setTimeout(res, 200));
    const x = await rec.stop();
    const a = analyseTone(x);
    assert.ok(a.duration > 1.7 && a.duration < 2.6, `duration ${a.duration}`);
    const start = x.findIndex((v) => Math.abs(v) > 1000);
    const f1 = frequencyOf(x, start + 0.2 * 44100, start + 0.8 * 44100);
    const f2 = frequencyOf(x, start + 1.4 * 44100, start + 1.7 * 44100);
    assert.ok(Math.abs(f1 - 440) < 5, `first ${f1} Hz`);
    assert.ok(Math.abs(f2 - 1000) < 10, `then ${f2} Hz`);
  },
);

hwTest(
  "loopback.ts plays what its capture PCM delivers (a 1 kHz tone through the file plugin) and closes playback after 2 s of silence, running -B and -A",
  async () => {
    const home = await Deno.makeTempDir();
    // a silent source for the capture PCM's slave: nothing loops back
    const sinks = privateSinks("audiodev_loopback", ["in", "out"]);
    const [quiet, out] = sinks.names;
    try {
      const tone = Int16Array.from(
        { length: 44100 * 2 },
        (_, i) =>
          Math.round(16000 * Math.sin(2 * Math.PI * 1000 * (i >> 1) / 44100)),
      );
      await Deno.writeFile(`${home}/in.raw`, new Uint8Array(tone.buffer));
      await Deno.writeTextFile(
        `${home}/.asoundrc`,
        `pcm.fromfile { type file; slave.pcm "pulse"; file "/dev/null"; infile "${home}/in.raw"; format "raw" }\n`,
      );
      await sinks.ready(); // streaming steadily
      const rec = recordSink(out, 44100);
      await new Promise((res) => setTimeout(res, 300));
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          ex("loopback.ts"),
          "-i",
          "fromfile",
          "-o",
          "default",
          // 40 ms periods: upstream's 10 ms ones overrun on a loaded machine
          "-p",
          "1764",
          "-P",
          "4",
          "-B",
          `touch ${home}/before`,
          "-A",
          `touch ${home}/after`,
        ],
        env: {
          ...PULSE_ENV,
          HOME: home,
          PULSE_SINK: out,
          PULSE_SOURCE: `${quiet}.monitor`,
        },
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      // ~1 s of tone, then 2 s of silence before the playback closes
      const deadline = Date.now() + 15000;
      while (Date.now() < deadline) {
        try {
          await Deno.stat(`${home}/after`);
          break;
        } catch {
          await new Promise((res) => setTimeout(res, 100));
        }
      }
      child.kill("SIGINT");
      const result = await child.output();
      const log = new TextDecoder().decode(result.stderr);
      assert.equal(result.code, 0, log);
      const samples = await rec.stop();
      const x = new Int16Array(samples.buffer, 0, samples.length >> 1);
      const a = analyseTone(x);
      // nonblock writes into a 20 ms buffer drop a period when it is full,
      // as upstream's do: the tone may have gaps, which lower the estimate
      assert.ok(
        Math.abs(a.frequency - 1000) < 20,
        `frequency ${a.frequency}: ${log}`,
      );
      assert.ok(
        a.duration > 0.8 && a.duration < 1.3,
        `duration ${a.duration}: ${log}`,
      );
      assert.match(log, /LoopbackState\.LISTENING -> LoopbackState\.PLAYING/);
      assert.match(log, /opened playback device with period_size \d+/);
      assert.match(log, /LoopbackState\.PLAYING -> LoopbackState\.LISTENING/);
      await Deno.stat(`${home}/before`);
      await Deno.stat(`${home}/after`);
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
);

hwTest(
  "play_rusage.ts: peak memory stops growing while it writes (null PCM); its writes reach the file plugin",
  async () => {
    const home = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(
        `${home}/.asoundrc`,
        `pcm.adnull { type null }\npcm.tofile { type file; slave.pcm "null"; file "${home}/out.raw"; format "raw" }\n`,
      );
      const r = await run([
        ex("play_rusage.ts"),
        "-d",
        "adnull",
        "-n",
        "3000",
        "-e",
        "500",
        "-w",
        "0",
      ], { HOME: home });
      assert.equal(r.code, 0, r.stderr);
      const lines = [
        ...r.stdout.matchAll(
          /^After (\d+)s: max RSS (\d+) kB, increased (-?\d+) kB$/gm,
        ),
      ];
      assert.deepEqual(lines.map((m) => Number(m[1])), [
        500,
        1000,
        1500,
        2000,
        2500,
        3000,
      ]);
      // 2000 more writes of 44100 bytes after warm-up: a copy kept per write
      // would add 86 MB
      const growth = Number(lines[5][2]) - Number(lines[1][2]);
      assert.ok(growth < 2048, `peak RSS grew ${growth} kB: ${r.stdout}`);
      const f = await run([
        ex("play_rusage.ts"),
        "-d",
        "tofile",
        "-n",
        "3",
        "-e",
        "1",
        "-w",
        "0.1",
      ], { HOME: home });
      assert.equal(f.code, 0, f.stderr);
      const bytes = await Deno.readFile(`${home}/out.raw`);
      assert.ok(bytes.length >= 3 * 44100, `${bytes.length} bytes`);
      assert.ok(bytes.subarray(0, 3 * 44100).every((b) => b === 0));
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
);
