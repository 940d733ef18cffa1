/**
 * Tests of the `audiodev` tool (cli.ts, src/cli/), each against an outside
 * oracle: the device list against queryDevices(), `pcms` against `aplay -L`
 * and `arecord -L`, `info` against `soxi`, `mixer` against `amixer` (on a
 * private ALSA control device bound to a private PulseAudio sink), `play`
 * and `tone` against a recording of a private sink's monitor, `rec` against
 * `soxi` and `sox stat`, and the terminal meters through `script` (a real
 * pseudo-terminal).
 */
import assert from "node:assert/strict";
import { queryDevices } from "../mod.ts";
import { clockTime, foldPeaks, levelMeter } from "../src/cli/meter.ts";
import { threeFigures } from "../src/cli/info.ts";
import { hardware, hwTest } from "./_hw.ts";
import { PULSE_ENV } from "./_sinks.ts";
import {
  analyseTone,
  recordMonitor,
  usePrivateSink,
} from "./realtime_fixtures/monitor.ts";

if (hardware) usePrivateSink("cli");
const SINK = `audiodev_cli_${Deno.pid}`;
const loaded = performance.now();
/**
 * A fresh null sink stalls a new stream's first tens of milliseconds until
 * its monitor reader has streamed a while: sound tests start 2.5 s after the
 * sink was loaded.
 */
function soundTest(name: string, fn: () => Promise<void>): void {
  hwTest(name, async () => {
    const left = 2500 - (performance.now() - loaded);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
    await fn();
  });
}

const CLI = new URL("../cli.ts", import.meta.url).pathname;
const DENO = Deno.execPath();
const TMP = Deno.makeTempDirSync({ prefix: "audiodev_cli_test_" });
globalThis.addEventListener("unload", () => {
  try {
    Deno.removeSync(TMP, { recursive: true });
  } catch {
    // already gone
  }
});
const decode = (b: Uint8Array): string => new TextDecoder().decode(b);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<Run> {
  const out = await new Deno.Command(DENO, {
    args: ["run", "-A", "--no-check", CLI, ...args],
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: decode(out.stdout),
    stderr: decode(out.stderr),
  };
}

function tool(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Run {
  const out = new Deno.Command(cmd, {
    args,
    env: { ...PULSE_ENV, ...env },
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  return {
    code: out.code,
    stdout: decode(out.stdout),
    stderr: decode(out.stderr),
  };
}

/** Runs a command under `script`, so its stdio is a pseudo-terminal. */
function onTerminal(args: string[]): Deno.ChildProcess {
  const quoted = [DENO, "run", "-A", "--no-check", CLI, ...args]
    .map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  return new Deno.Command("script", {
    args: ["-qefc", `exec ${quoted}`, "/dev/null"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

function sox(args: string[]): Run {
  const r = tool("sox", args);
  assert.equal(r.code, 0, `sox ${args.join(" ")}: ${r.stderr}`);
  return r;
}

// ---------------------------------------------------------------------------
// Pure parts.

Deno.test("clockTime() prints times as sox does", () => {
  assert.equal(clockTime(0), "00:00:00.00");
  assert.equal(clockTime(62.5), "00:01:02.50");
  assert.equal(clockTime(3600 + 59.999), "01:01:00.00");
  assert.equal(clockTime(-1), "00:00:00.00");
});

Deno.test("levelMeter() grows 6 dB a cell, mirrors stereo and marks clipping", () => {
  assert.equal(levelMeter([0]), "[        ]");
  assert.equal(levelMeter([1]), "[=======!]");
  assert.equal(levelMeter([0.5 * 1.01]), "[=======-]"); // just above -6 dBFS
  assert.equal(levelMeter([10 ** (-46 / 20)]), "[-       ]"); // -46 dBFS: half a cell
  assert.equal(levelMeter([0, 0.9]), "[        |========]");
  assert.equal(levelMeter([0.9, 0]), "[========|        ]");
  assert.equal(levelMeter([0.4, 0.04]), "[ =======|===-    ]"); // -8 dB, -28 dB
  const peaks = new Float64Array(2);
  assert.equal(foldPeaks([0.5, -0.25, -1, 0.1], 2, peaks), 1);
  assert.deepEqual([...peaks], [1, 0.25]);
});

Deno.test("threeFigures() gives sizes and rates as soxi does", () => {
  assert.equal(threeFigures(999), "999");
  assert.equal(threeFigures(35324), "35.3k");
  assert.equal(threeFigures(1411200), "1.41M");
  assert.equal(threeFigures(176444), "176k");
});

// ---------------------------------------------------------------------------
// Help and usage.

Deno.test("audiodev --help and every command's --help name audiodev, not deno run", async () => {
  const top = await runCli(["--help"]);
  assert.equal(top.code, 0);
  assert.match(top.stdout, /^Usage: audiodev \[COMMAND\]/);
  const version = await runCli(["--version"]);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^audiodev \d+\.\d+\.\d+\nPortAudio V19/);
  for (const c of ["devices", "pcms", "play", "rec", "tone", "mixer", "info"]) {
    const r = await runCli([c, "--help"]);
    assert.equal(r.code, 0, c);
    assert.match(r.stdout, new RegExp(`^Usage: audiodev ${c}\\b`), c);
    assert.doesNotMatch(r.stdout, /deno run/, c);
  }
});

Deno.test("audiodev names a misspelt command and a misspelt option in one line, exit 2", async () => {
  const cmd = await runCli(["plya", "x.wav"]);
  assert.equal(cmd.code, 2);
  assert.equal(
    cmd.stderr,
    `audiodev: unknown command "plya" (did you mean play?)\ntry 'audiodev --help'\n`,
  );
  const opt = await runCli(["tone", "--freq", "300"]);
  assert.equal(opt.code, 2);
  assert.equal(
    opt.stderr,
    "audiodev: unknown option --freq (did you mean --frequency?)\ntry 'audiodev tone --help'\n",
  );
  const subtype = await runCli(["rec", "-t", "PCM_16", `${TMP}/x.mp3`]);
  assert.equal(subtype.code, 2);
  assert.equal(
    subtype.stderr,
    "audiodev: --subtype PCM_16 is not available for MP3; it takes MPEG_LAYER_I, MPEG_LAYER_II, MPEG_LAYER_III\ntry 'audiodev rec --help'\n",
  );
  const format = await runCli(["rec", "--format", "flak", `${TMP}/x.flac`]);
  assert.equal(format.code, 2);
  assert.match(
    format.stderr,
    /^audiodev: --format "flak": not one of .* \(did you mean FLAC\?\)\n/,
  );
  const value = await runCli(["tone", "--amplitude", "2"]);
  assert.equal(value.code, 2);
  assert.match(
    value.stderr,
    /^audiodev: --amplitude "2": must be from 0 to 1\n/,
  );
});

// ---------------------------------------------------------------------------
// Listings.

hwTest(
  "audiodev devices lists what queryDevices() lists; --json is the same list; nothing on stderr",
  async () => {
    for (const args of [[], ["devices"]]) {
      const r = await runCli(args);
      assert.equal(r.code, 0);
      assert.equal(r.stdout.trimEnd(), queryDevices().toString());
      assert.equal(r.stderr, "", "JACK/ALSA probe noise must not reach stderr");
    }
    const json = await runCli(["devices", "--json"]);
    const list = JSON.parse(json.stdout);
    assert.deepEqual(
      list.map((d: { name: string }) => d.name),
      [...queryDevices()].map((d) => d.name),
    );
    const apis = JSON.parse(
      (await runCli(["devices", "--hostapis", "--json"])).stdout,
    );
    assert.ok(apis.some((h: { name: string }) => h.name === "ALSA"));
  },
);

hwTest(
  "the stderr oracle is live: AUDIODEV_SHOW_STDERR=1 lets PortAudio's probe noise through",
  async () => {
    // Shows that the empty-stderr assertion above can fail: without the
    // silencing, Pa_Initialize prints ALSA/JACK probe lines on this machine.
    const r = await runCli(["devices"], { AUDIODEV_SHOW_STDERR: "1" });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /ALSA lib|jack|JACK/i);
  },
);

hwTest(
  "audiodev pcms prints what aplay -L prints, --capture what arecord -L prints",
  async () => {
    const play = await runCli(["pcms"]);
    assert.equal(play.code, 0);
    assert.equal(play.stdout, tool("aplay", ["-L"]).stdout);
    const capture = await runCli(["pcms", "--capture"]);
    assert.equal(capture.stdout, tool("arecord", ["-L"]).stdout);
    const json = JSON.parse((await runCli(["pcms", "--json"])).stdout);
    const names = tool("aplay", ["-L"]).stdout.split("\n").filter((l) =>
      l !== "" && !l.startsWith(" ")
    );
    assert.deepEqual(json.map((h: { name: string }) => h.name), names);
  },
);

hwTest(
  "audiodev pcms -l lists the sound cards aplay -l lists (none on a machine without)",
  async () => {
    const ours = await runCli(["pcms", "-l", "--json"]);
    assert.equal(ours.code, 0);
    const cards = JSON.parse(ours.stdout) as { index: number; id: string }[];
    const aplay = tool("aplay", ["-l"]);
    const theirs = [...aplay.stdout.matchAll(/^card (\d+): (\S+) /gm)]
      .map((m) => [Number(m[1]), m[2]]);
    const unique = [...new Map(theirs.map((t) => [t[0], t])).values()];
    assert.deepEqual(cards.map((c) => [c.index, c.id]), unique);
    if (unique.length === 0) {
      assert.match(aplay.stderr, /no soundcards found/);
      assert.equal(
        (await runCli(["pcms", "-l"])).stderr,
        "audiodev: no sound cards found\n",
      );
    }
  },
);

// ---------------------------------------------------------------------------
// info against soxi.

Deno.test("audiodev info agrees with soxi on channels, rate, precision, length, size and bit rate", async () => {
  const files = [
    [`${TMP}/a.wav`, ["-r", "44100", "-c", "2", "-b", "16"]],
    [`${TMP}/b.flac`, ["-r", "48000", "-c", "1", "-b", "24"]],
    [`${TMP}/c.aiff`, ["-r", "22050", "-c", "3", "-b", "8"]],
  ] as const;
  for (const [path, fmt] of files) {
    sox(["-n", ...fmt, path, "synth", "1.234", "sine", "300"]);
    const ours = await runCli(["info", path]);
    assert.equal(ours.code, 0, ours.stderr);
    const soxi = tool("soxi", [path]).stdout;
    const field = (text: string, name: string): string =>
      new RegExp(`^${name}\\s*: (.*)$`, "m").exec(text)?.[1] ?? `(no ${name})`;
    for (
      const name of [
        "Input File",
        "Channels",
        "Sample Rate",
        "Precision",
        "File Size",
      ]
    ) {
      assert.equal(
        field(ours.stdout, name),
        field(soxi, name),
        `${path} ${name}`,
      );
    }
    // soxi adds "= N CDDA sectors" for 44.1 kHz; the time and samples agree.
    assert.equal(
      field(ours.stdout, "Duration"),
      field(soxi, "Duration").replace(/ [=~] [\d.]+ CDDA sectors$/, ""),
      `${path} Duration`,
    );
    if (path.endsWith(".wav")) {
      assert.equal(field(ours.stdout, "Bit Rate"), field(soxi, "Bit Rate"));
    }
    const [json] = JSON.parse((await runCli(["info", "--json", path])).stdout);
    assert.equal(json.frames, Number(tool("soxi", ["-s", path]).stdout.trim()));
    assert.equal(json.bytes, Deno.statSync(path).size);
  }
});

// ---------------------------------------------------------------------------
// play, tone and rec on the private sink.

soundTest(
  "audiodev play plays a file into the sink at its frequency and level, to the end",
  async () => {
    const file = `${TMP}/play.flac`;
    sox([
      "-n",
      "-r",
      "48000",
      "-c",
      "2",
      "-b",
      "16",
      file,
      "synth",
      "1",
      "sine",
      "523",
      "gain",
      "-6",
    ]);
    const rec = await recordMonitor();
    const r = await runCli(["play", file]);
    await new Promise((res) => setTimeout(res, 200));
    const a = analyseTone(await rec.stop());
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "", "no meter or progress on a pipe");
    assert.equal(r.stdout, "");
    assert.ok(Math.abs(a.frequency - 523) < 5, `frequency ${a.frequency}`);
    assert.ok(Math.abs(a.peak - 0.5) < 0.03, `peak ${a.peak}`);
    assert.ok(a.duration > 0.95 && a.duration < 1.1, `heard ${a.duration} s`);
  },
);

soundTest(
  "audiodev play plays several files of different formats one after the other",
  async () => {
    const a = `${TMP}/first.wav`;
    const b = `${TMP}/second.ogg`;
    sox([
      "-n",
      "-r",
      "44100",
      "-c",
      "1",
      "-b",
      "16",
      a,
      "synth",
      "0.8",
      "sine",
      "400",
      "gain",
      "-6",
    ]);
    sox([
      "-n",
      "-r",
      "48000",
      "-c",
      "2",
      b,
      "synth",
      "0.8",
      "sine",
      "800",
      "gain",
      "-6",
    ]);
    const rec = await recordMonitor();
    const r = await runCli(["play", a, b]);
    await new Promise((res) => setTimeout(res, 200));
    const samples = await rec.stop();
    assert.equal(r.code, 0, r.stderr);
    const whole = analyseTone(samples);
    assert.ok(
      whole.duration > 1.55 && whole.duration < 2.2,
      `heard ${whole.duration} s`,
    );
    // Find the loud region, then measure a slice inside each half of it.
    let first = 0;
    while (Math.abs(samples[first]) < 1000) first++;
    const rate = 44100;
    const slice = (from: number): Int16Array =>
      samples.subarray(
        first + Math.round(from * rate),
        first + Math.round((from + 0.4) * rate),
      );
    const one = analyseTone(slice(0.2));
    const two = analyseTone(slice(whole.duration - 0.6));
    assert.ok(
      Math.abs(one.frequency - 400) < 8,
      `first file at ${one.frequency} Hz`,
    );
    assert.ok(
      Math.abs(two.frequency - 800) < 16,
      `second file at ${two.frequency} Hz`,
    );
  },
);

soundTest(
  "audiodev tone is heard at the asked frequency, amplitude and duration",
  async () => {
    const rec = await recordMonitor();
    const r = await runCli([
      "tone",
      "-f",
      "700",
      "-a",
      "0.25",
      "--duration",
      "0.8",
    ]);
    await new Promise((res) => setTimeout(res, 200));
    const a = analyseTone(await rec.stop());
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Math.abs(a.frequency - 700) < 5, `frequency ${a.frequency}`);
    assert.ok(Math.abs(a.peak - 0.25) < 0.02, `peak ${a.peak}`);
    assert.ok(a.duration > 0.75 && a.duration < 0.9, `heard ${a.duration} s`);
  },
);

/** Plays a sine into the private sink with paplay (an outside player) until killed. */
function playIntoSink(frequency: number, seconds: number): Deno.ChildProcess {
  const file = `${TMP}/source_${frequency}.wav`;
  sox([
    "-n",
    "-r",
    "44100",
    "-c",
    "1",
    "-b",
    "16",
    file,
    "synth",
    `${seconds}`,
    "sine",
    `${frequency}`,
    "gain",
    "-6",
  ]);
  return new Deno.Command("paplay", {
    args: ["-d", SINK, "--latency-msec=30", file],
    env: { ...PULSE_ENV },
    stdout: "null",
    stderr: "null",
  }).spawn();
}

function soxStat(
  path: string,
): { frequency: number; max: number; length: number } {
  // The first channel only: sox's rough frequency of interleaved stereo is off by sqrt(2).
  const r = tool("sox", [path, "-n", "remix", "1", "stat"]);
  assert.equal(r.code, 0, r.stderr);
  const get = (name: string): number =>
    Number(new RegExp(`^${name}:?\\s+(-?[\\d.]+)`, "m").exec(r.stderr)?.[1]);
  return {
    frequency: get("Rough\\s+frequency"),
    max: get("Maximum amplitude"),
    length: get("Length \\(seconds\\)"),
  };
}

soundTest(
  "audiodev rec records what the sink plays, for exactly --duration, in the asked format",
  async () => {
    const player = playIntoSink(660, 4);
    await new Promise((res) => setTimeout(res, 600));
    const file = `${TMP}/rec.flac`;
    const r = await runCli([
      "rec",
      "--duration",
      "1.5",
      "-c",
      "2",
      "-r",
      "48000",
      "-t",
      "PCM_24",
      file,
    ]);
    player.kill("SIGTERM");
    await player.status;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "", "no meter on a pipe");
    assert.equal(tool("soxi", ["-s", file]).stdout.trim(), "72000");
    assert.equal(tool("soxi", ["-c", file]).stdout.trim(), "2");
    assert.equal(tool("soxi", ["-r", file]).stdout.trim(), "48000");
    assert.equal(tool("soxi", ["-b", file]).stdout.trim(), "24");
    assert.equal(tool("soxi", ["-t", file]).stdout.trim(), "flac");
    const s = soxStat(file);
    assert.ok(Math.abs(s.frequency - 660) < 15, `frequency ${s.frequency}`);
    assert.ok(Math.abs(s.max - 0.5) < 0.05, `max ${s.max}`);
  },
);

/** The last status line a meter drew (the text after the last carriage return). */
function lastStatus(text: string): string {
  const lines = text.split("\r").map((l) => l.replaceAll("\x1b[K", "").trim())
    .filter((l) => /^\d\d:\d\d:\d\d\.\d\d/.test(l));
  return lines.at(-1) ?? "";
}

soundTest(
  "audiodev rec stopped by Ctrl-C on a terminal leaves a valid file holding all it reported",
  async () => {
    const player = playIntoSink(440, 6);
    await new Promise((res) => setTimeout(res, 400));
    const file = `${TMP}/interrupted.wav`;
    const child = onTerminal(["rec", "-c", "1", file]);
    let text = "";
    const reading = (async () => {
      for await (const c of child.stdout) text += decode(c);
    })();
    // Wait until the meter shows at least 1.5 s recorded, then press Ctrl-C.
    const t0 = performance.now();
    while (
      !/00:00:0[1-9]\.[5-9]/.test(lastStatus(text)) &&
      performance.now() - t0 < 20_000
    ) {
      await new Promise((res) => setTimeout(res, 50));
    }
    const shown = lastStatus(text);
    const writer = child.stdin.getWriter();
    await writer.write(new Uint8Array([3])); // Ctrl-C through the terminal
    await writer.close();
    const status = await child.status;
    await reading;
    player.kill("SIGTERM");
    await player.status;
    assert.equal(status.code, 0, text);
    assert.match(
      text,
      /Recording ".*interrupted\.wav": WAV PCM_16, \d+ Hz, 1 channel; Ctrl-C stops/,
    );
    assert.match(
      shown,
      /^\d\d:\d\d:\d\d\.\d\d \[[ =\-!]{8}\] Clip:0$/,
      `meter line: ${shown}`,
    );
    const final = lastStatus(text);
    const seconds = Number(tool("soxi", ["-D", file]).stdout.trim());
    const shownSeconds = Number(shown.slice(6, 11));
    const finalSeconds = Number(final.slice(6, 11));
    assert.ok(seconds >= shownSeconds, `file ${seconds} s < shown ${shown}`);
    // The last line drawn is the file's length, to the hundredth.
    assert.equal(
      final.slice(0, 11),
      clockTime(seconds),
      `final ${final}, file ${seconds}`,
    );
    assert.ok(finalSeconds >= shownSeconds);
    const s = soxStat(file);
    assert.ok(Math.abs(s.length - seconds) < 0.001, "sox reads the whole file");
    assert.ok(Math.abs(s.frequency - 440) < 15, `frequency ${s.frequency}`);
  },
);

soundTest(
  "audiodev play on a terminal shows elapsed and remaining time and a level meter on stderr",
  async () => {
    const file = `${TMP}/meter.wav`;
    sox([
      "-n",
      "-r",
      "44100",
      "-c",
      "2",
      "-b",
      "16",
      file,
      "synth",
      "1.2",
      "sine",
      "300",
      "sine",
      "300",
      "remix",
      "1",
      "2v0.1",
    ]);
    const child = onTerminal(["play", file]);
    child.stdin.close();
    const out = await child.output();
    const text = decode(out.stdout);
    assert.equal(out.code, 0, text);
    assert.match(
      text,
      /meter\.wav:\r?\n\s+WAV PCM_16, 44100 Hz, 2 channels, 00:00:01\.20/,
    );
    const lines = text.split("\r").map((l) => l.replaceAll("\x1b[K", "").trim())
      .filter((l) => /^\d\d:\d\d:\d\d\.\d\d \[/.test(l));
    assert.ok(lines.length >= 5, `${lines.length} status lines`);
    const elapsed = lines.map((l) => Number(l.slice(6, 11)));
    for (let i = 1; i < elapsed.length; i++) {
      assert.ok(
        elapsed[i] >= elapsed[i - 1],
        `elapsed goes forward: ${elapsed}`,
      );
    }
    assert.equal(lines.at(-1)!.slice(0, 26), "00:00:01.20 [00:00:00.00] ");
    // Left channel near full scale (-0.9 dB after sox's default headroom is none),
    // right channel 20 dB lower: the left bar is longer.
    const mid = lines[Math.floor(lines.length / 2)];
    const meter = /\[([ =\-!]{8})\|([ =\-!]{8})\]/.exec(mid);
    assert.ok(meter, `stereo meter in ${mid}`);
    const fill = (s: string): number => s.replace(/ /g, "").length;
    assert.ok(
      fill(meter[1]) > fill(meter[2]) + 2,
      `left ${meter[1]} right ${meter[2]}`,
    );
  },
);

soundTest(
  "audiodev play stops at once on Ctrl-C, exits 130 and leaves the device idle",
  async () => {
    const file = `${TMP}/long.wav`;
    sox(["-n", "-r", "44100", "-c", "1", file, "synth", "10", "sine", "440"]);
    const child = onTerminal(["play", file]);
    let text = "";
    const reading = (async () => {
      for await (const c of child.stdout) text += decode(c);
    })();
    const t0 = performance.now();
    while (
      !/00:00:00\.[5-9]/.test(lastStatus(text)) &&
      performance.now() - t0 < 20_000
    ) {
      await new Promise((res) => setTimeout(res, 50));
    }
    const writer = child.stdin.getWriter();
    const pressed = performance.now();
    await writer.write(new Uint8Array([3]));
    await writer.close();
    const status = await child.status;
    const took = performance.now() - pressed;
    await reading;
    assert.equal(status.code, 130, text);
    assert.ok(took < 2000, `exited ${took.toFixed(0)} ms after Ctrl-C`);
    assert.doesNotMatch(text, /Error|error|at /);
  },
);

soundTest(
  "audiodev play says on stderr, even on a pipe, when the output underflowed",
  async () => {
    const file = `${TMP}/gappy.wav`;
    sox([
      "-n",
      "-r",
      "48000",
      "-c",
      "1",
      file,
      "synth",
      "4",
      "sine",
      "440",
      "gain",
      "-10",
    ]);
    const child = new Deno.Command(DENO, {
      args: ["run", "-A", "--no-check", CLI, "play", file],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const output = child.output();
    await new Promise((res) => setTimeout(res, 1200));
    child.kill("SIGSTOP"); // the process (all its threads) stops: the device runs dry
    await new Promise((res) => setTimeout(res, 1500));
    child.kill("SIGCONT");
    const out = await output;
    assert.equal(out.code, 0, decode(out.stderr));
    assert.match(
      decode(out.stderr),
      /^audiodev: warning: .*gappy\.wav: the output underflowed \d+ times? \(gaps were heard\)\n$/,
    );
  },
);

soundTest(
  "audiodev tone stops at once on Ctrl-C and exits 130",
  async () => {
    const child = onTerminal(["tone", "--duration", "10"]);
    const output = child.output();
    await new Promise((res) => setTimeout(res, 1500));
    const writer = child.stdin.getWriter();
    const pressed = performance.now();
    await writer.write(new Uint8Array([3]));
    await writer.close();
    const out = await output;
    const took = performance.now() - pressed;
    assert.equal(out.code, 130, decode(out.stdout));
    assert.ok(took < 2000, `exited ${took.toFixed(0)} ms after Ctrl-C`);
  },
);

// ---------------------------------------------------------------------------
// mixer against amixer, on a private control device.

function mixerHome(): Record<string, string> {
  const home = `${TMP}/home`;
  Deno.mkdirSync(home, { recursive: true });
  Deno.writeTextFileSync(
    `${home}/.asoundrc`,
    `ctl.audiodevtest { type pulse; sink "${SINK}"; source "${SINK}.monitor" }\n`,
  );
  return { HOME: home };
}

hwTest("audiodev mixer sets and shows what amixer sets and shows", async () => {
  const env = mixerHome();
  const amixer = (...args: string[]): string => {
    const r = tool("amixer", ["-D", "audiodevtest", ...args], env);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  };
  const raw = (text: string): number[] =>
    [...text.matchAll(/: Playback (\d+) \[(\d+)%\]/g)].map((m) => Number(m[1]));
  // Our setting, read by amixer.
  const set = await runCli(
    ["mixer", "-d", "audiodevtest", "Master", "30%"],
    env,
  );
  assert.equal(set.code, 0, set.stderr);
  const theirs = amixer("sget", "Master");
  assert.match(theirs, /Front Left: Playback \d+ \[30%\]/);
  assert.deepEqual(raw(set.stdout), raw(theirs));
  // amixer's setting, read by us.
  amixer("-q", "sset", "Master", "12345");
  const shown = await runCli(["mixer", "-d", "audiodevtest", "Master"], env);
  assert.deepEqual(raw(shown.stdout), [12345, 12345]);
  assert.match(shown.stdout, /Limits: Playback 0 - 65536/);
  // Relative steps and the switch.
  await runCli(["mixer", "-d", "audiodevtest", "Master", "10%+"], env);
  assert.match(amixer("sget", "Master"), /\[29%\]/); // 12345 is 19%
  await runCli(["mixer", "-d", "audiodevtest", "Master", "mute"], env);
  assert.match(
    amixer("sget", "Master"),
    /Front Left: Playback \d+ \[\d+%\] \[off\]/,
  );
  const json = JSON.parse(
    (await runCli(
      ["mixer", "-d", "audiodevtest", "--json", "Master", "unmute"],
      env,
    )).stdout,
  );
  assert.deepEqual(json.mute, [0, 0]);
  assert.match(amixer("sget", "Master"), /\[on\]/);
  // The listing names every control amixer names.
  const all = await runCli(["mixer", "-d", "audiodevtest"], env);
  const names = (t: string): string[] =>
    [...t.matchAll(/^Simple mixer control '([^']+)',(\d+)/gm)].map((m) =>
      `${m[1]},${m[2]}`
    );
  assert.deepEqual(names(all.stdout), names(amixer()));
  // Capture: volume and switch, as amixer shows them.
  const cap = await runCli(
    ["mixer", "-d", "audiodevtest", "Capture", "45%"],
    env,
  );
  assert.equal(cap.code, 0, cap.stderr);
  assert.match(
    amixer("sget", "Capture"),
    /Front Left: Capture \d+ \[45%\] \[on\]/,
  );
  await runCli(["mixer", "-d", "audiodevtest", "Capture", "nocap"], env);
  assert.match(
    amixer("sget", "Capture"),
    /Front Left: Capture \d+ \[45%\] \[off\]/,
  );
  const capJson = JSON.parse(
    (await runCli(
      ["mixer", "-d", "audiodevtest", "--json", "Capture", "cap"],
      env,
    )).stdout,
  );
  assert.deepEqual(capJson.rec, [1, 1]);
  // dB on a control without a dB scale (the pulse plugin has none): one line, exit 1.
  const db = await runCli(
    ["mixer", "-d", "audiodevtest", "Master", "--", "-6dB"],
    env,
  );
  assert.equal(db.code, 1);
  assert.equal(
    db.stderr,
    "audiodev: 'Master' has no dB scale here; give the volume in percent (40%) or raw units\n",
  );
  assert.match(
    amixer("sget", "Master"),
    /Limits: Playback 0 - 65536\n(?![\s\S]*dB)/,
  );
  // A value it cannot take is one line, exit 2.
  const bad = await runCli(
    ["mixer", "-d", "audiodevtest", "Master", "loud"],
    env,
  );
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^audiodev: mixer value "loud": use N%/);
});

Deno.test("deno install -g -A -n audiodev gives a command that runs outside the checkout", async () => {
  const root = `${TMP}/install`;
  const install = await new Deno.Command(DENO, {
    args: ["install", "-g", "-A", "-n", "audiodev", "--root", root, CLI],
    cwd: TMP,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(install.code, 0, decode(install.stderr));
  const path = `${DENO.replace(/\/[^/]+$/, "")}:${Deno.env.get("PATH") ?? ""}`;
  const run = (args: string[]): Deno.CommandOutput =>
    new Deno.Command(`${root}/bin/audiodev`, {
      args,
      cwd: "/",
      env: { PATH: path },
      stdout: "piped",
      stderr: "piped",
    }).outputSync();
  const help = run(["--help"]);
  assert.equal(help.code, 0, decode(help.stderr));
  assert.match(decode(help.stdout), /^Usage: audiodev \[COMMAND\]/);
  const file = `${TMP}/installed.wav`;
  sox(["-n", "-r", "8000", "-c", "1", file, "synth", "0.5", "sine", "100"]);
  const info = run(["info", "--json", file]);
  assert.equal(info.code, 0, decode(info.stderr));
  assert.equal(JSON.parse(decode(info.stdout))[0].frames, 4000);
  const bad = run(["info", `${TMP}/none.wav`]);
  assert.equal(bad.code, 1);
  assert.equal(
    decode(bad.stderr),
    `audiodev: "${TMP}/none.wav": no such file\n`,
  );
});
