/**
 * Tests of the programs' one error path (src/cli/program.ts): the parser's
 * one-line usage errors and the wording of library errors (pure), then every
 * program in examples/ and the `audiodev` tool run for real with an unknown
 * option (exit 2, one line and a hint to --help), a missing file and an
 * unknown device (exit 1, one line naming it, no stack trace).
 */
import assert from "node:assert/strict";
import {
  describeError,
  parseCommandLine,
  UsageError,
} from "../src/cli/program.ts";
import { DeviceSelectionError } from "../src/portaudio/devices.ts";
import { SoundFileError } from "../src/soundfile/soundfile.ts";
import { PULSE_ENV } from "./_sinks.ts";

const OPTIONS = {
  frequency: { type: "string", short: "f" },
  device: { type: "string", short: "d" },
  json: { type: "boolean" },
} as const;

function usageMessage(args: string[]): string {
  try {
    parseCommandLine(args, OPTIONS, { allowPositionals: false });
  } catch (e) {
    assert.ok(e instanceof UsageError, String(e));
    return e.message;
  }
  assert.fail(`${args.join(" ")} was accepted`);
}

Deno.test("parseCommandLine() words usage errors as one line and names the nearest option", () => {
  assert.equal(
    usageMessage(["--freq", "440"]),
    "unknown option --freq (did you mean --frequency?)",
  );
  assert.equal(usageMessage(["-x"]), "unknown option -x");
  assert.equal(usageMessage(["--device"]), "option --device needs a value");
  assert.equal(usageMessage(["-d"]), "option --device needs a value");
  assert.equal(usageMessage(["--json=1"]), "option --json takes no value");
  assert.equal(usageMessage(["a.wav"]), 'unexpected argument "a.wav"');
  assert.match(usageMessage(["-f", "-5"]), /--frequency=VALUE/);
  const ok = parseCommandLine(["-f", "440", "a.wav"], OPTIONS);
  assert.equal(ok.values.frequency, "440");
  assert.deepEqual(ok.positionals, ["a.wav"]);
});

Deno.test("describeError() gives exit 2 and a --help hint for usage errors, 1 and one line otherwise", () => {
  const usage = describeError(new UsageError("unknown option -x"), "audiodev");
  assert.deepEqual(usage, {
    lines: ["audiodev: unknown option -x", "try 'audiodev --help'"],
    exitCode: 2,
  });
  const device = describeError(
    new DeviceSelectionError(
      'No output device matching "x"; see queryDevices() for the list',
      "no-match",
    ),
    "audiodev",
  );
  assert.deepEqual(device, {
    lines: [
      'audiodev: no output device matching "x"; audiodev devices lists them',
    ],
    exitCode: 1,
  });
  const several = describeError(
    new DeviceSelectionError(
      'Multiple output devices found for "p":\n[0] pulse, ALSA\n[1] pipe, ALSA',
      "multiple-matches",
    ),
    "tone.ts",
    { devices: "tone.ts -l" },
  );
  assert.equal(several.lines.length, 1);
  assert.match(several.lines[0], /\[0\] pulse, ALSA, \[1\] pipe, ALSA/);
  const missing = describeError(
    new SoundFileError(
      'Error opening "/tmp/no-such-file-xyz.wav": System error : No such file or directory.',
      { path: "/tmp/no-such-file-xyz.wav" },
    ),
    "audiodev",
  );
  assert.deepEqual(missing.lines, [
    'audiodev: "/tmp/no-such-file-xyz.wav": no such file',
  ]);
  const nodir = describeError(
    new SoundFileError('Error opening "/no/such/dir/x.wav": System error.', {
      path: "/no/such/dir/x.wav",
    }),
    "audiodev",
  );
  assert.deepEqual(nodir.lines, [
    'audiodev: "/no/such/dir/x.wav": no such directory "/no/such/dir"',
  ]);
  const nested = new Error("first line\nsecond line");
  assert.deepEqual(describeError(nested, "p").lines, ["p: first line"]);
});

// ---------------------------------------------------------------------------
// Every program, run for real.

const ROOT = new URL("../", import.meta.url).pathname;
const TMP = Deno.makeTempDirSync({ prefix: "audiodev_program_test_" });
globalThis.addEventListener("unload", () => {
  try {
    Deno.removeSync(TMP, { recursive: true });
  } catch {
    // already gone
  }
});
const WAV = `${TMP}/tone.wav`;
const MISSING = `${TMP}/missing.wav`;
const NOWHERE = "no-such-device-xyz";

function makeWav(): void {
  const r = new Deno.Command("sox", {
    args: [
      "-n",
      "-r",
      "44100",
      "-c",
      "2",
      "-b",
      "16",
      WAV,
      "synth",
      "0.2",
      "sine",
      "440",
    ],
  }).outputSync();
  assert.equal(r.code, 0, "sox makes the test file");
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(
  file: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Run> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-check", `${ROOT}${file}`, ...args],
    env: { ...PULSE_ENV, AUDIODEV_DEBUG: "", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const out = await child.output();
  clearTimeout(timer);
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

/** Each program: its file, the name it reports itself by, and how to make it fail. */
interface Program {
  file: string;
  name: string;
  /** Arguments that name a missing file, if the program reads one. */
  missingFile?: string[];
  /** Arguments that name a device that does not exist, if it takes one. */
  unknownDevice?: string[];
  env?: Record<string, string>;
}

const OSS_ENV = {
  LD_PRELOAD: "/usr/lib/x86_64-linux-gnu/pulseaudio/libpulsedsp.so",
};

const PROGRAMS: Program[] = [
  { file: "cli.ts", name: "audiodev" },
  {
    file: "cli.ts play",
    name: "audiodev",
    missingFile: [MISSING],
    unknownDevice: ["-d", NOWHERE, WAV],
  },
  { file: "cli.ts info", name: "audiodev", missingFile: [MISSING] },
  {
    file: "cli.ts rec",
    name: "audiodev",
    unknownDevice: ["-d", NOWHERE, "--duration", "0.1", `${TMP}/rec.wav`],
  },
  { file: "cli.ts tone", name: "audiodev", unknownDevice: ["-d", NOWHERE] },
  {
    file: "examples/play_file.ts",
    name: "play_file.ts",
    missingFile: [MISSING],
    unknownDevice: ["-d", NOWHERE, WAV],
  },
  {
    file: "examples/play_long_file.ts",
    name: "play_long_file.ts",
    missingFile: [MISSING],
    unknownDevice: ["-d", NOWHERE, WAV],
  },
  {
    file: "examples/rec_unlimited.ts",
    name: "rec_unlimited.ts",
    unknownDevice: ["-d", NOWHERE, `${TMP}/unlimited.wav`],
  },
  { file: "examples/tone.ts", name: "tone.ts", unknownDevice: ["-d", NOWHERE] },
  { file: "examples/wire.ts", name: "wire.ts", unknownDevice: ["-i", NOWHERE] },
  {
    file: "examples/plot_input.ts",
    name: "plot_input.ts",
    unknownDevice: ["-d", NOWHERE, "--text"],
  },
  {
    file: "examples/spectrogram.ts",
    name: "spectrogram.ts",
    unknownDevice: ["-d", NOWHERE],
  },
  {
    file: "examples/async_coroutines.ts",
    name: "async_coroutines.ts",
    unknownDevice: ["-d", NOWHERE],
  },
  {
    file: "examples/async_generators.ts",
    name: "async_generators.ts",
    unknownDevice: ["-d", NOWHERE],
  },
  {
    file: "examples/worker_callback.ts",
    name: "worker_callback.ts",
    unknownDevice: ["--device", NOWHERE, "--seconds", "0.1"],
  },
  {
    file: "examples/playwav.ts",
    name: "playwav.ts",
    missingFile: [MISSING],
    unknownDevice: ["-d", NOWHERE, WAV],
  },
  {
    file: "examples/playbacktest.ts",
    name: "playbacktest.ts",
    missingFile: [MISSING],
    unknownDevice: ["-d", NOWHERE, WAV],
  },
  {
    file: "examples/recordtest.ts",
    name: "recordtest.ts",
    unknownDevice: ["-d", NOWHERE, "-s", "0.1", `${TMP}/rec.raw`],
  },
  { file: "examples/list_pcms.ts", name: "list_pcms.ts" },
  {
    file: "examples/mixertest.ts",
    name: "mixertest.ts",
    unknownDevice: ["-d", NOWHERE],
  },
  {
    file: "examples/oss_play.ts",
    name: "oss_play.ts",
    missingFile: [MISSING],
    unknownDevice: ["--device", `${TMP}/no-dsp`, "--tone", "440"],
    env: OSS_ENV,
  },
  {
    file: "examples/oss_mixer.ts",
    name: "oss_mixer.ts",
    unknownDevice: ["--device", `${TMP}/no-mixer`],
    env: OSS_ENV,
  },
];

function split(p: Program): [string, string[]] {
  const [file, ...sub] = p.file.split(" ");
  return [file, sub];
}

function assertNoTrace(r: Run, what: string): void {
  assert.doesNotMatch(
    r.stderr,
    /^\s+at /m,
    `${what}: stack trace\n${r.stderr}`,
  );
  assert.doesNotMatch(
    r.stderr,
    /Uncaught/,
    `${what}: uncaught error\n${r.stderr}`,
  );
}

Deno.test("every program answers an unknown option with one line, a --help hint and exit 2", async (t) => {
  for (const p of PROGRAMS) {
    await t.step(p.file, async () => {
      const [file, sub] = split(p);
      const r = await run(file, [...sub, "--no-such-flag"], p.env);
      const what = `${p.file} --no-such-flag`;
      assertNoTrace(r, what);
      assert.equal(r.code, 2, `${what}: exit code\n${r.stderr}`);
      const lines = r.stderr.trimEnd().split("\n");
      assert.equal(lines[0], `${p.name}: unknown option --no-such-flag`, what);
      assert.match(
        lines[1] ?? "",
        new RegExp(`^try '${p.name}.* --help'$`),
        what,
      );
      assert.equal(lines.length, 2, `${what}: two lines\n${r.stderr}`);
    });
  }
});

async function expectOneLine(
  p: Program,
  args: string[],
  pattern: RegExp,
): Promise<void> {
  const [file, sub] = split(p);
  const r = await run(file, [...sub, ...args], p.env);
  const what = `${p.file} ${args.join(" ")}`;
  assertNoTrace(r, what);
  assert.equal(r.code, 1, `${what}: exit code\n${r.stderr}`);
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `${what}: one line\n${r.stderr}`);
  assert.ok(
    lines[0].startsWith(`${p.name}: `),
    `${what}: names itself\n${lines[0]}`,
  );
  assert.match(lines[0], pattern, what);
}

Deno.test("every program that reads a file names a missing one in one line and exits 1", async (t) => {
  makeWav();
  for (const p of PROGRAMS.filter((p) => p.missingFile)) {
    await t.step(
      p.file,
      () => expectOneLine(p, p.missingFile!, /missing\.wav.*no such file/),
    );
  }
});

Deno.test("every program that takes a device names an unknown one in one line and exits 1", async (t) => {
  makeWav();
  for (const p of PROGRAMS.filter((p) => p.unknownDevice)) {
    await t.step(
      p.file,
      () =>
        expectOneLine(
          p,
          p.unknownDevice!,
          /no-such-device-xyz|no-dsp|no-mixer/,
        ),
    );
  }
});

Deno.test("programs that need a file say so in one line and exit 2 when none is given", async (t) => {
  for (
    const [file, name] of [
      ["cli.ts play", "audiodev"],
      ["cli.ts rec", "audiodev"],
      ["cli.ts info", "audiodev"],
      ["examples/play_file.ts", "play_file.ts"],
      ["examples/play_long_file.ts", "play_long_file.ts"],
    ]
  ) {
    await t.step(file, async () => {
      const [f, ...sub] = file.split(" ");
      const r = await run(f, sub);
      assertNoTrace(r, file);
      assert.equal(r.code, 2, `${file}: exit code\n${r.stderr}`);
      const lines = r.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 2, `${file}: two lines\n${r.stderr}`);
      assert.match(
        lines[0],
        new RegExp(`^${name}: .*(needs a FILE|give a file name)`),
      );
      assert.match(lines[1], /^try '.* --help'$/);
    });
  }
});

Deno.test("without a sound server: an empty device list says why, playing names the fix", async () => {
  const empty = Deno.makeTempDirSync({ dir: TMP });
  const env = { XDG_RUNTIME_DIR: empty, HOME: empty, PULSE_SERVER: "" };
  const list = await run("cli.ts", ["devices"], env);
  assert.equal(list.code, 0, list.stderr);
  assert.equal(list.stdout, "");
  assert.equal(
    list.stderr,
    "audiodev: no audio devices: no sound card, and no sound server running\n",
  );
  const json = await run("cli.ts", ["devices", "--json"], env);
  assert.deepEqual(JSON.parse(json.stdout), []);
  for (
    const [file, name, kind] of [
      ["cli.ts tone", "audiodev", "output"],
      ["cli.ts rec --duration 1 " + `${TMP}/x.wav`, "audiodev", "input"],
      ["examples/tone.ts", "tone.ts", "output"],
    ]
  ) {
    const [f, ...args] = file.split(" ");
    const r = await run(f, args, env);
    assertNoTrace(r, file);
    assert.equal(r.code, 1, `${file}: ${r.stderr}`);
    assert.match(
      r.stderr,
      new RegExp(
        `^${name}: no default ${kind} device; start a sound server or name a device \\(.* lists them\\)\n$`,
      ),
    );
  }
});

Deno.test("a missing permission is one line naming the flag, exit 1", async () => {
  makeWav();
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-ffi",
      "--allow-env",
      "--no-prompt",
      "--no-check",
      `${ROOT}cli.ts`,
      "info",
      WAV,
    ],
    env: { ...PULSE_ENV, AUDIODEV_DEBUG: "" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 1, stderr);
  assert.match(
    stderr,
    new RegExp(
      `^audiodev: requires read access to "${WAV}", run again with the --allow-read flag.*\n$`,
    ),
  );
});

Deno.test("AUDIODEV_DEBUG=1 adds the stack trace after the one line", async () => {
  const r = await run("examples/play_file.ts", [MISSING], {
    AUDIODEV_DEBUG: "1",
  });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^play_file\.ts: .*missing\.wav.*no such file\n/);
  assert.match(r.stderr, /^\s+at /m);
});
