// deno-lint-ignore-file no-console
/**
 * Closing OSS devices: close() plays out what was written on a helper
 * thread without freezing the event loop, closeSync() returns at once,
 * devices dropped without close() are closed when collected, and a sound
 * server that dies before the audio played makes close() say so.
 *
 * Run: deno test -A tests/oss_close_test.ts -- --hardware
 */

import assert from "node:assert/strict";
import { AFMT_S16_LE, open } from "../oss.ts";
import type * as oss from "../oss.ts";
import { hardware, hwTest } from "./_hw.ts";
import { recordMonitor, usePrivateSink } from "./realtime_fixtures/monitor.ts";
import { endMarkerFrames, signalWithEndMarker } from "./_marker.ts";

if (hardware) usePrivateSink("ossclose");

/** Runs `fn` while a 10 ms interval ticks; returns the longest gap between ticks. */
async function longestStall(
  fn: () => Promise<void>,
): Promise<{ gap: number; ms: number }> {
  let last = performance.now();
  let gap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 10);
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 30));
  clearInterval(timer);
  return { gap: Math.max(gap, performance.now() - last), ms };
}

hwTest(
  "close() plays out what was written on a helper thread: the event loop keeps running",
  async () => {
    const dsp = open("w");
    dsp.setparameters(AFMT_S16_LE, 2, 44100);
    await dsp.writeall(new Uint8Array(44100 * 4 * 2)); // 2 s
    const queued = dsp.obufcount() / 44100;
    const { gap, ms } = await longestStall(() => dsp.close());
    console.log(
      `close() with ${queued.toFixed(2)} s queued took ${
        ms.toFixed(0)
      } ms; longest event-loop stall ${gap.toFixed(1)} ms`,
    );
    assert.equal(dsp.closed, true);
    assert.ok(
      ms > queued * 1000 * 0.5,
      `close() waited for the playout (${ms} ms)`,
    );
    assert.ok(gap < 100, `event loop stalled ${gap} ms during close()`);
  },
);

hwTest(
  "`using` and closeSync() return at once; closeSync() discards what has not played",
  async () => {
    let dsp: oss.OSSAudioDevice;
    const { gap } = await longestStall(async () => {
      using d = open("w");
      dsp = d;
      d.setparameters(AFMT_S16_LE, 2, 44100);
      await d.writeall(new Uint8Array(44100 * 4));
    });
    assert.ok(gap < 100, `leaving a using block stalled the loop ${gap} ms`);
    assert.equal(dsp!.closed, true);
    await dsp!.close(); // the same close, now finished

    const d2 = open("w");
    d2.setparameters(AFMT_S16_LE, 2, 44100);
    await d2.writeall(new Uint8Array(44100 * 4));
    const t0 = performance.now();
    d2.closeSync();
    const ms = performance.now() - t0;
    assert.ok(ms < 50, `closeSync() took ${ms} ms`);
    assert.throws(() => d2.bufsize(), /Operation on closed OSS device\./);
  },
);

/** Runs a Deno program in a child process (the test's environment) and returns its stdout. */
async function runChild(code: string, flags: string[] = []): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "audiodev-oss-" });
  try {
    const file = `${dir}/child.ts`;
    await Deno.writeTextFile(file, code);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", ...flags, file],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const OSS_MOD = new URL("../oss.ts", import.meta.url).href;
const MARKER_MOD = new URL("./_marker.ts", import.meta.url).href;

hwTest(
  "a program that ends with dsp.close() unawaited (as Python code reads) still plays to its last frame",
  async () => {
    const rec = await recordMonitor();
    await runChild(`
import { AFMT_S16_LE, open } from ${JSON.stringify(OSS_MOD)};
import { signalWithEndMarker } from ${JSON.stringify(MARKER_MOD)};
const dsp = open("w");
dsp.setparameters(AFMT_S16_LE, 1, 44100, true);
const { data } = signalWithEndMarker();
await dsp.writeall(Int16Array.from(data, (v) => Math.round(v * 32767)));
dsp.close();
`);
    await new Promise((r) => setTimeout(r, 200));
    const heard = endMarkerFrames(await rec.stop());
    const { markerFrames } = signalWithEndMarker();
    assert.ok(
      heard >= markerFrames - 50,
      `end marker: ${heard} of ${markerFrames} frames`,
    );
  },
);

hwTest(
  "OSS devices dropped without close() give their descriptors back when collected",
  async () => {
    const out = await runChild(
      `
import { open, openMixer } from ${JSON.stringify(OSS_MOD)};
const fds = () => [...Deno.readDirSync("/proc/self/fd")].length;
await open("w").close(); openMixer().close(); // library set-up
await new Promise((r) => setTimeout(r, 200));
const base = fds();
// (a PulseAudio server takes 64 clients at most: each device is one)
(() => {
  for (let i = 0; i < 10; i++) open("w").bufsize();
  for (let i = 0; i < 4; i++) openMixer().controls();
})();
const held = fds();
for (let i = 0; i < 20; i++) {
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 50));
}
console.log(JSON.stringify({ base, held, after: fds() }));
`,
      ["--v8-flags=--expose-gc"],
    );
    const { base, held, after } = JSON.parse(out);
    console.log(
      `fds: ${base} before, ${held} with 10 + 4 dropped devices, ${after} after GC`,
    );
    assert.ok(
      held >= base + 14,
      `14 open devices hold descriptors (${base} -> ${held})`,
    );
    assert.ok(after <= base + 5, `after GC ${after} fds, before ${base}`);
  },
);

hwTest(
  "close() rejects, saying so, when the sound server dies before the written audio played",
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "audiodev-oss-death-" });
    await Deno.chmod(dir, 0o700);
    const env = { XDG_RUNTIME_DIR: dir };
    let pid = 0;
    try {
      const start = await new Deno.Command("pulseaudio", {
        args: [
          "--daemonize=yes",
          "--exit-idle-time=-1",
          "-n",
          "--load=module-native-protocol-unix",
          "--load=module-null-sink sink_name=virt",
          "--load=module-always-sink",
        ],
        env,
        stdout: "null",
        stderr: "null",
      }).output();
      assert.ok(start.success, "a private pulseaudio started");
      pid = Number((await Deno.readTextFile(`${dir}/pulse/pid`)).trim());
      const ready = `${dir}/ready`;
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "eval",
          `
import { AFMT_S16_LE, open } from ${JSON.stringify(OSS_MOD)};
const dsp = open("w");
dsp.setparameters(AFMT_S16_LE, 2, 44100);
await dsp.writeall(new Uint8Array(44100 * 4 * 2));
await Deno.writeTextFile(${JSON.stringify(ready)}, "");
await new Promise((r) => setTimeout(r, 500));
const t0 = performance.now();
try {
  await dsp.close();
  console.log(JSON.stringify({ how: "resolved" }));
} catch (e) {
  console.log(JSON.stringify({ how: "rejected", name: e.name, message: e.message, ms: performance.now() - t0 }));
}
`,
        ],
        env: { ...env, PULSE_SINK: "virt" },
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      for (let i = 0; i < 100; i++) {
        try {
          await Deno.stat(ready);
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      Deno.kill(pid, "SIGKILL");
      const out = await child.output();
      const r = JSON.parse(new TextDecoder().decode(out.stdout).trim());
      console.log(`close() after the server died: ${JSON.stringify(r)}`);
      assert.equal(r.how, "rejected");
      assert.equal(r.name, "OSSAudioError");
      assert.match(r.message, /playing out what was written .* failed/);
      assert.ok(r.ms < 2000, `noticed after ${r.ms} ms`);
    } finally {
      try {
        if (pid) Deno.kill(pid, "SIGKILL");
      } catch { /* gone */ }
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
);

hwTest(
  "closeSync() during a write: the write in flight settles, a queued one is refused, the descriptor closes after",
  async () => {
    const dsp = open("w");
    dsp.setparameters(AFMT_S16_LE, 2, 44100);
    const first = dsp.write(new Uint8Array(44100 * 4 * 2)); // 2 s: waits for room
    const queued = dsp.write(new Uint8Array(4));
    await new Promise((r) => setTimeout(r, 200));
    const fd = dsp.fileno();
    const t0 = performance.now();
    dsp.closeSync();
    assert.ok(performance.now() - t0 < 50, "closeSync() returned at once");
    assert.equal(dsp.closed, true);
    assert.equal(await first, 44100 * 4 * 2);
    await assert.rejects(queued, /Operation on closed OSS device\./);
    await dsp.close(); // resolves once the descriptor is closed
    assert.throws(
      () => Deno.lstatSync(`/proc/self/fd/${fd}`),
      Deno.errors.NotFound,
      "the descriptor is closed",
    );
  },
);
