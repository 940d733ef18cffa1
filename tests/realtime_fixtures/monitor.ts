/**
 * Test helpers: record what the PulseAudio null sink played (its monitor,
 * through `parec`, an outside oracle) and analyse a recorded tone.
 *
 * @module
 */

/** Sample rate of monitor recordings. */
export const MONITOR_RATE = 44100;

import { pointPulseAt } from "../_sinks.ts";

// The sound server of this process's environment (scripts/sound_server.sh env).
const ENV: Record<string, string> = {};
try {
  const dir = Deno.env.get("XDG_RUNTIME_DIR");
  if (dir) ENV.XDG_RUNTIME_DIR = dir;
} catch {
  // no --allow-env: inherit
}
let monitorSource = "virt.monitor";
/** When the private sink's reader started (0: no private sink). */
let readerStarted = 0;
/**
 * How long a fresh null sink must be read before it streams steadily: a
 * stream started earlier got 0 callbacks in 0.7 s in a C program, and
 * examples/tone.ts's tone was measured 5 % low (a gap) at 0.3 s.
 */
const STEADY_MS = 2500;

/**
 * Gives this test process a private PulseAudio null sink, so that other
 * programs playing into the shared `virt` sink at the same time cannot
 * disturb what is recorded: loads `module-null-sink`, points PortAudio's and
 * ALSA's `pulse` device at it (`PULSE_SINK`/`PULSE_SOURCE`), keeps a reader
 * on its monitor (a null sink streams steadily only while read), and undoes
 * all of that when the process ends.
 *
 * @param tag Part of the sink name.
 */
export function usePrivateSink(tag: string): void {
  const sink = `audiodev_${tag}_${Deno.pid}`;
  const load = new Deno.Command("pactl", {
    args: ["load-module", "module-null-sink", `sink_name=${sink}`],
    env: ENV,
    stdout: "piped",
  }).outputSync();
  if (load.code !== 0) throw new Error("pactl load-module failed");
  const moduleIndex = new TextDecoder().decode(load.stdout).trim();
  pointPulseAt(sink);
  monitorSource = `${sink}.monitor`;
  const reader = new Deno.Command("parec", {
    args: ["-d", monitorSource, "--latency-msec=20"],
    env: ENV,
    stdout: "null",
    stderr: "null",
  }).spawn();
  reader.unref();
  readerStarted = performance.now();
  globalThis.addEventListener("unload", () => {
    try {
      reader.kill("SIGTERM");
    } catch {
      // already gone
    }
    new Deno.Command("pactl", {
      args: ["unload-module", moduleIndex],
      env: ENV,
    }).outputSync();
  });
}

/** A running `parec` recording of `virt.monitor` (s16le mono 44.1 kHz). */
export interface MonitorRecording {
  /** Stops `parec` and returns what it recorded. */
  stop(): Promise<Int16Array>;
}

/**
 * Starts recording the null sink's monitor (the private one after
 * {@linkcode usePrivateSink}).
 *
 * @returns The recording; call `stop()` to end it.
 */
export async function recordMonitor(): Promise<MonitorRecording> {
  const child = new Deno.Command("parec", {
    args: [
      "-d",
      monitorSource,
      "--format=s16le",
      `--rate=${MONITOR_RATE}`,
      "--channels=1",
      "--raw",
      "--latency-msec=20",
    ],
    env: ENV,
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const chunks: Uint8Array[] = [];
  const reading = (async () => {
    for await (const c of child.stdout) chunks.push(c);
  })();
  await new Promise((r) => setTimeout(r, 300)); // parec connected
  // a private sink must have streamed steadily first
  const left = readerStarted + STEADY_MS - performance.now();
  if (readerStarted > 0 && left > 0) {
    await new Promise((r) => setTimeout(r, left));
  }
  return {
    async stop(): Promise<Int16Array> {
      child.kill("SIGTERM");
      await child.status;
      await reading;
      const total = chunks.reduce((n, c) => n + c.length, 0) & ~1;
      const bytes = new Uint8Array(total);
      let off = 0;
      for (const c of chunks) {
        const n = Math.min(c.length, total - off);
        bytes.set(c.subarray(0, n), off);
        off += n;
      }
      return new Int16Array(bytes.buffer, 0, total / 2);
    },
  };
}

/** What {@linkcode analyseTone} found. */
export interface ToneAnalysis {
  /** Seconds between the first and last sample above the threshold. */
  duration: number;
  /** Frequency from rising zero crossings inside that region, Hz. */
  frequency: number;
  /** Peak absolute value inside the region, 0..1. */
  peak: number;
  /** Runs of at least `gapSamples` near-silent samples inside the region. */
  gaps: number;
}

/**
 * Finds the tone in a recording and measures it.
 *
 * @param samples The recording.
 * @param gapSamples Near-silent run length that counts as a gap (default 20,
 *   0.45 ms: a sine of 0.1 or more at 1 kHz never has 3 consecutive samples
 *   that quiet).
 * @returns The analysis; duration 0 when nothing was heard.
 */
export function analyseTone(
  samples: Int16Array,
  gapSamples = 20,
): ToneAnalysis {
  const loud = 1000;
  let first = -1;
  let last = -1;
  for (let i = 0; i < samples.length; i++) {
    if (Math.abs(samples[i]) > loud) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return { duration: 0, frequency: 0, peak: 0, gaps: 0 };
  let crossings = 0;
  let firstCross = -1;
  let lastCross = -1;
  let peak = 0;
  let run = 0;
  let gaps = 0;
  for (let i = first + 1; i <= last; i++) {
    const a = Math.abs(samples[i]);
    if (a > peak) peak = a;
    if (samples[i - 1] < 0 && samples[i] >= 0) {
      crossings++;
      if (firstCross < 0) firstCross = i;
      lastCross = i;
    }
    if (a <= 50) {
      run++;
      if (run === gapSamples) gaps++;
    } else {
      run = 0;
    }
  }
  const frequency = crossings > 1
    ? (crossings - 1) * MONITOR_RATE / (lastCross - firstCross)
    : 0;
  return {
    duration: (last - first) / MONITOR_RATE,
    frequency,
    peak: peak / 32768,
    gaps,
  };
}
