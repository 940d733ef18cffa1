import assert from "node:assert/strict";
import { pcms } from "../alsa.ts";
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
  "recordtest.ts and playbacktest.ts move raw CD-quality audio bit-exactly (ALSA file plugin)",
  async () => {
    const home = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(
        `${home}/.asoundrc`,
        `pcm.tofile { type file; slave.pcm "null"; file "${home}/played.raw"; format "raw" }\n` +
          `pcm.fromfile { type file; slave.pcm "null"; file "/dev/null"; infile "${home}/in.raw"; format "raw" }\n`,
      );
      const input = new Uint8Array(4 * 44100 / 2); // 0.5 s of noise
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
