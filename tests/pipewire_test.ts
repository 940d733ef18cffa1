// deno-lint-ignore-file no-console
/**
 * The device paths users have on a PipeWire desktop, against a private
 * headless PipeWire (scripts/pipewire_server.sh: pipewire, wireplumber,
 * pipewire-pulse, a null sink): PortAudio through ALSA's `pipewire` device
 * and through the PulseAudio protocol (`pulse` device, served by
 * pipewire-pulse), ALSA PCM playback and capture on `pipewire`, and the
 * ALSA mixer through the pulse and pipewire ctl plugins. What came out is
 * recorded from the sink's monitor with `parec`, outside the library.
 *
 * Each check runs in a child process (this file, run with
 * `AUDIODEV_PIPEWIRE_CHECK=<check>`) whose environment points at the
 * PipeWire server, so the rest of the test process keeps its own server.
 *
 * The tests are skipped, with the reason printed, only when PipeWire is not
 * installed; installed, a server that does not start fails them.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  CallbackStop,
  InputStream,
  OutputStream,
  queryDevices,
} from "../mod.ts";
import { PCM } from "../alsa.ts";
import { Mixer, mixers } from "../mixer/mod.ts";
import { hardware, hwTest } from "./_hw.ts";
import { endMarkerFrames, signalWithEndMarker } from "./_marker.ts";
import { analyseTone, type ToneAnalysis } from "./realtime_fixtures/monitor.ts";

const RATE = 44100;
const ROOT = new URL("..", import.meta.url).pathname;
const SCRIPT = `${ROOT}scripts/pipewire_server.sh`;
const SELF = new URL(import.meta.url).pathname;
const dec = new TextDecoder();
/**
 * Latency of parec/pacat, the outside oracle: PipeWire runs its whole graph
 * at the smallest latency any client asks for, so 20 ms oracle streams (the
 * PulseAudio tests' choice) would shrink everyone's period; at 100 ms they
 * leave the library's streams to set it. The recording loses up to this much
 * at its end when parec is stopped, so recordings run on past the signal.
 */
const ORACLE_LATENCY_MS = 100;
/** Silence recorded after a signal ends, before parec is stopped. */
const TAIL_MS = 500;

// ---- child side: one check per process, result as JSON on the last line ----

/** Channel 0 of interleaved float samples as s16, for {@linkcode analyseTone}. */
function channel0(data: Float32Array, channels: number): Int16Array {
  const out = new Int16Array(Math.floor(data.length / channels));
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.max(
      -32768,
      Math.min(32767, Math.round(data[i * channels] * 32768)),
    );
  }
  return out;
}

const checks: Record<string, (arg: string) => Promise<unknown>> = {
  devices(): Promise<unknown> {
    const pick = (name: string): unknown => {
      try {
        return queryDevices(name);
      } catch (e) {
        return { error: String(e) };
      }
    };
    return Promise.resolve({
      pipewire: pick("pipewire"),
      pulse: pick("pulse"),
      default: pick("default"),
    });
  },
  /** Blocking write of the end-marker signal, then stop() and close(). */
  async "pa-write"(device: string): Promise<unknown> {
    const { data } = signalWithEndMarker(RATE);
    const s = new OutputStream({ device, channels: 1, samplerate: RATE });
    await s.start();
    const underflowed = await s.write(data);
    await s.stop();
    const latency = s.latency;
    await s.close();
    return { underflowed, latency };
  },
  /** A callback stream of 1 s of 660 Hz; counts underflow-flagged callbacks. */
  async "pa-callback"(device: string): Promise<unknown> {
    let pos = 0;
    let callbacks = 0;
    let flagged = 0;
    let firstFlaggedMs = -1;
    const s = new OutputStream({
      device,
      channels: 2,
      samplerate: 48000,
      callback: (o, frames, _time, status) => {
        callbacks++;
        if (status.outputUnderflow) {
          flagged++;
          if (firstFlaggedMs < 0) firstFlaggedMs = pos / 48;
        }
        for (let i = 0; i < frames; i++) {
          const v = pos + i < 48000
            ? 0.5 * Math.sin(2 * Math.PI * 660 * (pos + i) / 48000)
            : 0;
          o[2 * i] = v;
          o[2 * i + 1] = v;
        }
        pos += frames;
        if (pos >= 48000) throw new CallbackStop();
      },
    });
    const t0 = performance.now();
    await s.start();
    await s.finished;
    const ms = Math.round(performance.now() - t0);
    const blocksize = s.blocksize;
    const latency = s.latency;
    await s.close();
    return { callbacks, flagged, firstFlaggedMs, blocksize, latency, ms };
  },
  /** Reads 1 s of stereo from the device (the sink's monitor). */
  async "pa-read"(device: string): Promise<unknown> {
    const s = new InputStream({ device, channels: 2, samplerate: RATE });
    await s.start();
    await s.read(Math.round(0.2 * RATE)); // let the stream settle
    const { data, overflowed } = await s.read(RATE);
    const latency = s.latency;
    await s.close();
    return { overflowed, latency, tone: analyseTone(channel0(data, 2)) };
  },
  /** ALSA PCM: writes the end-marker signal as S16_LE, close() drains. */
  async "alsa-write"(device: string): Promise<unknown> {
    const { data } = signalWithEndMarker(RATE);
    const pcm = new PCM({
      device,
      channels: 1,
      rate: RATE,
      format: "S16_LE",
      periodsize: 1024,
    });
    const info = pcm.info();
    const s16 = Int16Array.from(data, (v) => Math.round(v * 32767));
    const written = await pcm.write(s16);
    await pcm.close();
    return {
      written,
      frames: s16.length,
      periodSize: info.period_size,
      bufferSize: info.buffer_size,
    };
  },
  /** ALSA PCM: lets a two-period buffer run dry, then writes again. */
  async "alsa-underrun"(device: string): Promise<unknown> {
    const pcm = new PCM({
      device,
      channels: 1,
      rate: RATE,
      periodsize: 256,
      periods: 2,
    });
    const period = new Uint8Array(512);
    const before = [await pcm.write(period), await pcm.write(period)];
    await new Promise((r) => setTimeout(r, 600));
    const after = [await pcm.write(period), await pcm.write(period)];
    const xruns = pcm.xruns;
    await pcm.close();
    return { before, after, xruns };
  },
  /** ALSA PCM capture of 1 s of stereo S16_LE. */
  async "alsa-read"(device: string): Promise<unknown> {
    const pcm = new PCM({
      type: "capture",
      device,
      channels: 2,
      rate: RATE,
      format: "S16_LE",
      periodsize: 1024,
    });
    const info = pcm.info();
    const chunks: Int16Array[] = [];
    let frames = 0;
    let errors = 0;
    while (frames < 1.2 * RATE) {
      const [n, bytes] = await pcm.read();
      if (n < 0) {
        errors++;
        continue;
      }
      chunks.push(new Int16Array(bytes.slice().buffer, 0, n * 2));
      frames += n;
    }
    await pcm.close();
    const all = new Int16Array(frames * 2);
    let o = 0;
    for (const c of chunks) {
      all.set(c, o);
      o += c.length;
    }
    const left = new Int16Array(frames);
    for (let i = 0; i < frames; i++) left[i] = all[2 * i];
    return {
      errors,
      periodSize: info.period_size,
      tone: analyseTone(left.subarray(Math.round(0.2 * RATE))),
    };
  },
  /** Lists the mixer's controls and sets Master to 40 %, then mutes it. */
  async mixer(device: string): Promise<unknown> {
    const names = mixers({ device });
    const m = new Mixer({ control: "Master", device });
    const before = m.getvolume();
    m.setvolume(40);
    const after = m.getvolume();
    const volumecap = m.volumecap();
    const switchcap = m.switchcap();
    await m.close();
    return { names, before, after, volumecap, switchcap };
  },
};

const childCheck = Deno.env.get("AUDIODEV_PIPEWIRE_CHECK");
if (childCheck !== undefined) {
  const run = checks[childCheck];
  if (run === undefined) {
    console.error(
      `unknown check ${childCheck}; one of ${Object.keys(checks).join(", ")}`,
    );
    Deno.exit(2);
  }
  const result = await run(Deno.env.get("AUDIODEV_PIPEWIRE_ARG") ?? "");
  console.log(JSON.stringify(result));
  Deno.exit(0);
}

// ---- test side ---------------------------------------------------------------

function onPath(cmd: string): boolean {
  return new Deno.Command("sh", {
    args: ["-c", `command -v ${cmd}`],
    stdout: "null",
    stderr: "null",
  }).outputSync().success;
}

const missing = ["pipewire", "wireplumber", "pipewire-pulse"].filter((c) =>
  !onPath(c)
);
const skipReason = missing.length > 0
  ? `PipeWire is not installed (missing ${
    missing.join(", ")
  }; Debian: apt-get install --no-install-recommends pipewire pipewire-pulse wireplumber)`
  : "";
if (hardware && skipReason) {
  console.log(`pipewire_test: skipped: ${skipReason}`);
}

function script(arg: string): Deno.CommandOutput {
  return new Deno.Command("bash", {
    args: [SCRIPT, arg],
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
}

/** The server's environment, or why there is none. */
interface Server {
  env: Record<string, string>;
  error: string;
  alsaPlugin: boolean;
  /** Started by this file (and so stopped when it ends). */
  startedHere: boolean;
}

function startServer(): Server {
  const env: Record<string, string> = {};
  const ours = script("status").success;
  const start = script("start");
  if (!start.success) {
    return {
      env,
      error: `scripts/pipewire_server.sh start failed: ${
        dec.decode(start.stderr).trim()
      }`,
      alsaPlugin: false,
      startedHere: false,
    };
  }
  for (const line of dec.decode(script("env").stdout).split("\n")) {
    const m = /^export (\w+)=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2];
  }
  const alsaPlugin = env.ALSA_CONFIG_PATH !== undefined ||
    new Deno.Command("sh", {
      args: ["-c", "ls /usr/lib/*/alsa-lib/libasound_module_pcm_pipewire.so"],
      stdout: "null",
      stderr: "null",
    }).outputSync().success;
  return {
    env,
    error: env.XDG_RUNTIME_DIR
      ? ""
      : "scripts/pipewire_server.sh env printed nothing",
    alsaPlugin,
    startedHere: !ours,
  };
}

const server: Server = hardware && !skipReason
  ? startServer()
  : { env: {}, error: "not started", alsaPlugin: false, startedHere: false };

function pactl(args: string[]): Deno.CommandOutput {
  return new Deno.Command("pactl", {
    args,
    env: server.env,
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
}

/** A private null sink on the PipeWire server, with a reader on its monitor. */
function privateSink(): string {
  if (server.error) return "";
  const name = `audiodev_pipewire_${Deno.pid}`;
  const load = pactl(["load-module", "module-null-sink", `sink_name=${name}`]);
  if (!load.success) {
    server.error = `pactl load-module: ${dec.decode(load.stderr)}`;
    return "";
  }
  const index = dec.decode(load.stdout).trim();
  const reader = new Deno.Command("parec", {
    args: ["-d", `${name}.monitor`, `--latency-msec=${ORACLE_LATENCY_MS}`],
    env: server.env,
    stdout: "null",
    stderr: "null",
  }).spawn();
  reader.unref();
  globalThis.addEventListener("unload", () => {
    try {
      reader.kill("SIGTERM");
    } catch {
      // already gone
    }
    pactl(["unload-module", index]);
  });
  return name;
}

const sink = hardware && !skipReason ? privateSink() : "";
// Registered after the sink's clean-up, so that it runs after it: a pactl
// call to a stopped server would leave a new pulse/ directory behind.
if (server.startedHere) {
  globalThis.addEventListener("unload", () => script("stop"));
}

/** Registers a PipeWire device test: skipped only when PipeWire is absent. */
function pwTest(
  name: string,
  fn: () => Promise<void>,
  opts: { alsaPlugin?: boolean } = {},
): void {
  if (skipReason) {
    Deno.test({
      name: `${name} (PipeWire is not installed)`,
      ignore: true,
      fn,
    });
    return;
  }
  if (opts.alsaPlugin && hardware && !server.error && !server.alsaPlugin) {
    const why =
      "ALSA's pipewire plugin (Debian pipewire-alsa) is neither installed nor unpackable";
    console.log(`pipewire_test: skipped "${name}": ${why}`);
    Deno.test({ name: `${name} (skipped: ${why})`, ignore: true, fn });
    return;
  }
  hwTest(name, async () => {
    if (server.error) throw new Error(server.error);
    await fn();
  });
}

interface Child {
  code: number;
  out: Record<string, unknown>;
  stderr: string;
}

/**
 * What makes ALSA's pipewire plugin capture from the sink named by
 * `PIPEWIRE_NODE` (its monitor): without it a capture stream aimed at a sink
 * records the default source instead (silence here). `<sink>.monitor` is a
 * PulseAudio name PipeWire's plugin does not know.
 */
const CAPTURE_SINK_MONITOR = { PIPEWIRE_ALSA: "{ stream.capture.sink=true }" };

/** Runs one check of this file in a child process on the PipeWire server. */
async function child(
  check: string,
  arg = "",
  extraEnv: Record<string, string> = {},
): Promise<Child> {
  const proc = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-check", SELF],
    env: {
      ...server.env,
      AUDIODEV_PIPEWIRE_CHECK: check,
      AUDIODEV_PIPEWIRE_ARG: arg,
      PULSE_SINK: sink,
      PULSE_SOURCE: `${sink}.monitor`,
      PIPEWIRE_NODE: sink,
      ...extraEnv,
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => {
    try {
      proc.kill("SIGKILL");
    } catch {
      // ended meanwhile
    }
  }, 30000);
  const res = await proc.output();
  clearTimeout(timer);
  const stderr = dec.decode(res.stderr);
  const last = dec.decode(res.stdout).trim().split("\n").pop() ?? "";
  let out: Record<string, unknown> = {};
  try {
    out = JSON.parse(last);
  } catch {
    out = { unparsed: last };
  }
  assert.equal(
    res.signal,
    null,
    `${check} ${arg}: killed by ${res.signal}\n${stderr}`,
  );
  assert.equal(res.code, 0, `${check} ${arg}: exit ${res.code}\n${stderr}`);
  return { code: res.code, out, stderr };
}

/** Records the private sink's monitor (stereo s16, channel 0 kept). */
async function recordSink(): Promise<{ stop(): Promise<Int16Array> }> {
  const proc = new Deno.Command("parec", {
    args: [
      "-d",
      `${sink}.monitor`,
      "--format=s16le",
      `--rate=${RATE}`,
      "--channels=2",
      "--raw",
      `--latency-msec=${ORACLE_LATENCY_MS}`,
    ],
    env: server.env,
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const chunks: Uint8Array[] = [];
  const reading = (async () => {
    for await (const c of proc.stdout) chunks.push(c);
  })();
  await new Promise((r) => setTimeout(r, 300));
  return {
    async stop(): Promise<Int16Array> {
      proc.kill("SIGTERM");
      await proc.status;
      await reading;
      const total = chunks.reduce((n, c) => n + c.length, 0) & ~3;
      const bytes = new Uint8Array(total);
      let off = 0;
      for (const c of chunks) {
        const n = Math.min(c.length, total - off);
        bytes.set(c.subarray(0, n), off);
        off += n;
      }
      const both = new Int16Array(bytes.buffer, 0, total / 2);
      return both.filter((_, i) => i % 2 === 0);
    },
  };
}

/** Plays a 440 Hz tone at 0.5 into the private sink with pacat until stopped. */
function playTone(seconds: number): { done: Promise<Deno.CommandStatus> } {
  const frames = Math.round(seconds * RATE);
  const tone = new Int16Array(frames);
  for (let i = 0; i < frames; i++) {
    tone[i] = Math.round(16384 * Math.sin(2 * Math.PI * 440 * i / RATE));
  }
  const proc = new Deno.Command("pacat", {
    args: [
      "--playback",
      "-d",
      sink,
      "--format=s16le",
      `--rate=${RATE}`,
      "--channels=1",
      "--raw",
      `--latency-msec=${ORACLE_LATENCY_MS}`,
    ],
    env: server.env,
    stdin: "piped",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const w = proc.stdin.getWriter();
  w.write(new Uint8Array(tone.buffer)).then(() => w.close()).catch(() => {});
  return { done: proc.status };
}

function assertEndMarkerSignal(rec: Int16Array, what: string): void {
  const { markerFrames } = signalWithEndMarker(RATE);
  const a = analyseTone(rec);
  const heard = endMarkerFrames(rec);
  assert.ok(
    heard >= markerFrames - 50,
    `${what}: end marker: heard ${heard} of ${markerFrames} frames`,
  );
  assert.ok(Math.abs(a.peak - 0.5) < 0.025, `${what}: peak ${a.peak}`);
  assert.equal(a.gaps, 0, `${what}: gaps in the tone`);
  assert.ok(
    a.duration > 0.78 && a.duration < 0.82,
    `${what}: duration ${a.duration} s of 0.8 s`,
  );
}

function assertTone(a: ToneAnalysis, what: string): void {
  assert.ok(
    Math.abs(a.frequency - 440) < 440 * 0.01,
    `${what}: frequency ${a.frequency}`,
  );
  assert.ok(Math.abs(a.peak - 0.5) < 0.025, `${what}: peak ${a.peak}`);
  assert.equal(a.gaps, 0, `${what}: gaps in the captured tone`);
}

// ---- the tests -------------------------------------------------------------------

pwTest(
  "PortAudio lists ALSA's pipewire and pulse devices on PipeWire",
  async () => {
    const { out } = await child("devices");
    const pw = out.pipewire as Record<string, unknown>;
    const pulse = out.pulse as Record<string, unknown>;
    assert.equal(pw.name, "pipewire", JSON.stringify(pw));
    assert.equal(pulse.name, "pulse", JSON.stringify(pulse));
    for (const d of [pw, pulse]) {
      assert.ok((d.maxOutputChannels as number) >= 2, JSON.stringify(d));
      assert.ok((d.maxInputChannels as number) >= 2, JSON.stringify(d));
    }
    console.log(`pipewire_test: devices ${JSON.stringify(out)}`);
  },
  { alsaPlugin: true },
);

for (const device of ["pipewire", "pulse"]) {
  pwTest(
    `PortAudio write() then stop() on PipeWire's ${device} device plays the whole signal`,
    async () => {
      const rec = await recordSink();
      const { out } = await child("pa-write", device);
      // Printed first: a failed test shows it.
      console.log(`pipewire_test: pa-write ${device} ${JSON.stringify(out)}`);
      await new Promise((r) => setTimeout(r, TAIL_MS));
      assertEndMarkerSignal(await rec.stop(), device);
    },
    { alsaPlugin: device === "pipewire" },
  );

  pwTest(
    `a PortAudio callback stream on PipeWire's ${device} device is heard at its frequency and level`,
    async () => {
      const rec = await recordSink();
      const { out } = await child("pa-callback", device);
      await new Promise((r) => setTimeout(r, TAIL_MS));
      const a = analyseTone(await rec.stop());
      console.log(
        `pipewire_test: pa-callback ${device} ${JSON.stringify(out)}; heard ${
          JSON.stringify(a)
        }`,
      );
      assert.ok(
        Math.abs(a.frequency - 660) < 660 * 0.01,
        `frequency ${a.frequency}`,
      );
      assert.ok(Math.abs(a.peak - 0.5) < 0.025, `peak ${a.peak}`);
      assert.equal(a.gaps, 0, "gaps in the tone");
      assert.ok(
        a.duration > 0.98 && a.duration < 1.02,
        `duration ${a.duration}`,
      );
    },
    { alsaPlugin: device === "pipewire" },
  );

  pwTest(
    `a PortAudio InputStream on PipeWire's ${device} device captures what the sink plays`,
    async () => {
      const player = playTone(3);
      await new Promise((r) => setTimeout(r, 300));
      const { out } = await child(
        "pa-read",
        device,
        device === "pipewire" ? CAPTURE_SINK_MONITOR : {},
      );
      await player.done;
      assertTone(out.tone as ToneAnalysis, device);
      console.log(`pipewire_test: pa-read ${device} ${JSON.stringify(out)}`);
    },
    { alsaPlugin: device === "pipewire" },
  );
}

pwTest(
  "an ALSA PCM written on the pipewire device plays the whole signal",
  async () => {
    const rec = await recordSink();
    const { out } = await child("alsa-write", "pipewire");
    await new Promise((r) => setTimeout(r, TAIL_MS));
    assert.equal(out.written, out.frames);
    assertEndMarkerSignal(await rec.stop(), "alsa pipewire");
    console.log(`pipewire_test: alsa-write ${JSON.stringify(out)}`);
  },
  { alsaPlugin: true },
);

pwTest(
  "a playback underrun on the pipewire PCM returns -EPIPE, and the same data can be written again",
  async () => {
    const { out } = await child("alsa-underrun", "pipewire");
    assert.deepEqual(out, { before: [256, 256], after: [-32, 256], xruns: 1 });
  },
  { alsaPlugin: true },
);

pwTest(
  "an ALSA PCM captured on the pipewire device records what the sink plays",
  async () => {
    const player = playTone(3);
    await new Promise((r) => setTimeout(r, 300));
    const { out } = await child("alsa-read", "pipewire", CAPTURE_SINK_MONITOR);
    await player.done;
    assert.equal(out.errors, 0, "overruns while capturing");
    assertTone(out.tone as ToneAnalysis, "alsa pipewire capture");
    console.log(`pipewire_test: alsa-read ${JSON.stringify(out)}`);
  },
  { alsaPlugin: true },
);

for (const device of ["pulse", "pipewire"]) {
  pwTest(
    `the ALSA mixer on PipeWire through the ${device} ctl plugin sets the default sink's volume`,
    async () => {
      const volume = (): string =>
        dec.decode(pactl(["get-sink-volume", "@DEFAULT_SINK@"]).stdout);
      const saved = /(\d+)%/.exec(volume())?.[1] ?? "100";
      try {
        const { out } = await child("mixer", device);
        assert.ok(
          (out.names as string[]).includes("Master"),
          JSON.stringify(out),
        );
        assert.deepEqual(out.after, [40, 40], JSON.stringify(out));
        const seen = volume();
        assert.match(
          seen,
          /front-left: \d+ \/\s+40% .*front-right: \d+ \/\s+40%/s,
          seen,
        );
        console.log(`pipewire_test: mixer ${device} ${JSON.stringify(out)}`);
      } finally {
        pactl(["set-sink-volume", "@DEFAULT_SINK@", `${saved}%`]);
      }
    },
    { alsaPlugin: device === "pipewire" },
  );
}

// ---- the server script itself ----------------------------------------------

/** PIDs and command lines of processes whose environment holds `entry`. */
function processesWithEnv(entry: string): string[] {
  const found: string[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const environ = Deno.readTextFileSync(`/proc/${e.name}/environ`);
      if (!environ.split("\0").includes(entry)) continue;
      const stat = Deno.readTextFileSync(`/proc/${e.name}/stat`);
      if (/^\d+ \(.*\) Z /.test(stat)) continue; // a zombie has ended
      const cmd = Deno.readTextFileSync(`/proc/${e.name}/cmdline`);
      found.push(`${e.name} ${cmd.replaceAll("\0", " ").trim()}`);
    } catch {
      // ended meanwhile, or not ours to read
    }
  }
  return found;
}

/**
 * Runs scripts/pipewire_server.sh with a state directory of its own (a
 * second server, independent of the one the other tests use) and a
 * `wireplumber` on PATH that runs `wireplumberScript` instead.
 */
async function withScriptServer(
  wireplumberScript: string,
  fn: (
    run: (arg: string) => Promise<Deno.CommandOutput>,
    marker: string,
  ) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "audiodev-pwscript" });
  const bin = `${dir}/bin`;
  await Deno.mkdir(bin);
  await Deno.writeTextFile(`${bin}/wireplumber`, wireplumberScript);
  await Deno.chmod(`${bin}/wireplumber`, 0o755);
  const stateDir = `${dir}/state`;
  // Every process the script starts inherits this entry.
  const marker = `AUDIODEV_PIPEWIRE_STATE_DIR=${stateDir}`;
  const run = (arg: string): Promise<Deno.CommandOutput> =>
    new Deno.Command("bash", {
      args: [SCRIPT, arg],
      env: {
        AUDIODEV_PIPEWIRE_STATE_DIR: stateDir,
        PATH: `${bin}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
  try {
    await fn(run, marker);
  } finally {
    await run("stop");
    await Deno.remove(dir, { recursive: true });
  }
}

function scriptTest(name: string, fn: () => Promise<void>): void {
  if (skipReason) {
    Deno.test({
      name: `${name} (PipeWire is not installed)`,
      ignore: true,
      fn,
    });
  } else {
    hwTest(name, fn);
  }
}

scriptTest(
  "pipewire_server.sh start waits for a WirePlumber that is ready 3 s late, and stop leaves nothing running",
  async () => {
    const real = dec.decode(
      new Deno.Command("sh", {
        args: ["-c", "command -v wireplumber"],
        stdout: "piped",
      }).outputSync().stdout,
    ).trim();
    await withScriptServer(
      `#!/bin/sh\nsleep 3\nexec ${real} "$@"\n`,
      async (run, marker) => {
        const start = await run("start");
        const said = dec.decode(start.stderr);
        // Before, pactl set-default-sink ran before WirePlumber had made the
        // "default" metadata: "Failure: Not supported", and the half-started
        // server stayed behind.
        assert.equal(start.code, 0, said);
        const ms = Number(/defaults set (\d+) ms after/.exec(said)?.[1]);
        assert.ok(ms >= 3000, said);
        const runtime = /XDG_RUNTIME_DIR=(\S+)/.exec(
          dec.decode((await run("env")).stdout),
        )?.[1];
        assert.ok(runtime, "env printed no XDG_RUNTIME_DIR");
        const ask = (what: string): string =>
          dec.decode(
            new Deno.Command("pactl", {
              args: [what],
              env: { XDG_RUNTIME_DIR: runtime },
              stdout: "piped",
              stderr: "piped",
            }).outputSync().stdout,
          ).trim();
        assert.equal(ask("get-default-sink"), "virt");
        assert.equal(ask("get-default-source"), "virt.monitor");
        assert.ok(processesWithEnv(marker).length >= 4, "the server runs");
        const stop = await run("stop");
        assert.equal(stop.code, 0, dec.decode(stop.stderr));
        assert.deepEqual(processesWithEnv(marker), []);
        assert.throws(() => Deno.statSync(runtime), Deno.errors.NotFound);
      },
    );
  },
);

scriptTest(
  "a pipewire_server.sh start whose WirePlumber exits fails, says so and leaves nothing running",
  async () => {
    await withScriptServer("#!/bin/sh\nexit 1\n", async (run, marker) => {
      const start = await run("start");
      const said = dec.decode(start.stderr);
      assert.equal(start.code, 1, said);
      assert.match(said, /pipewire server: wireplumber exited/);
      assert.deepEqual(processesWithEnv(marker), []);
      const env = await run("env");
      assert.equal(dec.decode(env.stdout), "", "no server to point at");
    });
  },
);
