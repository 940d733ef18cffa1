// close() and closeSync() racing the PCM calls that wait on a helper thread
// (write, read, drain, wait). A handle freed under a waiting thread crashes
// the process, or corrupts its heap and crashes it later, so each race runs
// in a child process: the test asserts its exit code is 0, that nothing like
// a crash report reached stderr, and what each pending call and later calls
// reported. The PCMs are the real `default` device (PulseAudio) and ALSA's
// `null` PCM.
import assert from "node:assert/strict";
import { hwTest } from "./_hw.ts";
import { PULSE_ENV } from "./_sinks.ts";

const ALSA = new URL("../alsa.ts", import.meta.url).href;

/** Runs `body` (with `alsa` = alsa.ts and `outcome(p)`) in a child; returns what it printed. */
async function race(body: string): Promise<Record<string, string>> {
  const home = await Deno.makeTempDir({ prefix: "audiodev_pcmrace_" });
  try {
    await Deno.writeTextFile(`${home}/.asoundrc`, "pcm.adnull { type null }\n");
    const script = `import * as alsa from "${ALSA}";
const results = {};
/** Settles p; records "ok:<value>" or "<ErrorClass>:<message>". */
const outcome = (name, p) => p.then(
  (v) => { results[name] = "ok:" + String(JSON.stringify(v)).slice(0, 60); },
  (e) => { results[name] = e.constructor.name + ":" + e.message; });
const tryCall = (name, f) => { try { results[name] = "ok:" + JSON.stringify(f()); } catch (e) { results[name] = e.constructor.name + ":" + e.message; } };
${body}
console.log(JSON.stringify(results));`;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", script],
      env: { ...PULSE_ENV, HOME: home },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, `exit ${out.code}, signal ${out.signal}: ${err}`);
    assert.doesNotMatch(
      err,
      /corrupt|Segmentation|double free|free\(\)|Aborted/i,
    );
    return JSON.parse(new TextDecoder().decode(out.stdout));
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

hwTest(
  "closeSync() while write() waits for room: the write rejects, the process lives, later calls say closed",
  async () => {
    const r = await race(`
const pcm = new alsa.PCM({ device: "default", rate: 44100, channels: 2, periodsize: 1024 });
const done = outcome("write", pcm.write(new Uint8Array(44100 * 4 * 5))); // 5 s: waits for room
await new Promise((r) => setTimeout(r, 300));
pcm.closeSync();
await done;
tryCall("avail", () => pcm.avail());
results.closed = String(pcm.closed);
await new Promise((r) => setTimeout(r, 1200)); // the helper thread's wait (1 s slices) returns meanwhile`);
    assert.equal(r.write, "AlsaError:PCM closed during write()");
    assert.match(r.avail, /^AlsaError:PCM is closed: avail\(\) is not allowed/);
    assert.equal(r.closed, "true");
  },
);

hwTest(
  "closeSync() and close() while read() waits on a capture PCM that delivers nothing reject the read at once",
  async () => {
    const r = await race(`
for (const how of ["sync", "async"]) {
  // A 1 s period: the read waits for it.
  const pcm = new alsa.PCM({ type: alsa.PCM_CAPTURE, device: "default", rate: 8000, channels: 1, periodsize: 8000 });
  const t0 = performance.now();
  const done = outcome("read_" + how, pcm.read()); // one 1 s period: waits
  await new Promise((r) => setTimeout(r, 100));
  if (how === "sync") pcm.closeSync(); else await pcm.close();
  await done;
  results["ms_" + how] = String(Math.round(performance.now() - t0));
}`);
    assert.equal(r.read_sync, "AlsaError:PCM closed during read()");
    assert.equal(r.read_async, "AlsaError:PCM closed during read()");
    // 100 ms before closing + at most one 100 ms wait slice (+ scheduling)
    assert.ok(Number(r.ms_async) < 600, `close() took ${r.ms_async} ms`);
  },
);

hwTest(
  "close() during wait(-1) ends the wait within a slice; closeSync() during drain() rejects the drain",
  async () => {
    const r = await race(`
{
  // A full, paused playback buffer is never ready: wait(-1) waits.
  const cap = new alsa.PCM({ device: "default", rate: 8000, channels: 1, periodsize: 800, periods: 4 });
  await cap.write(new Uint8Array(800 * 2 * 4));
  cap.pause(true);
  const waiting = outcome("wait", cap.wait(-1));
  await new Promise((r) => setTimeout(r, 150));
  const t0 = performance.now();
  await cap.close();
  results.closeMs = String(Math.round(performance.now() - t0));
  await waiting;
}
{
  const pb = new alsa.PCM({ device: "default", rate: 44100, channels: 2, periodsize: 4410, periods: 4 });
  await pb.write(new Uint8Array(4410 * 4 * 4)); // a full buffer: drain takes ~0.4 s
  const draining = outcome("drain", pb.drain());
  await new Promise((r) => setTimeout(r, 50));
  pb.closeSync();
  await draining;
  tryCall("write", () => pb.writeSync(new Uint8Array(4)));
  await new Promise((r) => setTimeout(r, 800));
}`);
    assert.equal(r.wait, "AlsaError:PCM closed during wait()");
    // close() resumes the paused PCM and plays out its full 0.4 s buffer
    // (nothing written is lost); the wait ended within a 100 ms slice.
    assert.ok(
      Number(r.closeMs) >= 300 && Number(r.closeMs) < 900,
      `close() took ${r.closeMs} ms`,
    );
    assert.equal(r.drain, "AlsaError:PCM closed during drain()");
    assert.match(r.write, /^AlsaError:PCM is closed: writeSync\(\)/);
  },
);

hwTest(
  "calls made after close() began are refused, not queued behind it",
  async () => {
    const r = await race(`
const pcm = new alsa.PCM({ device: "default", rate: 44100, channels: 2, periodsize: 1024 });
await pcm.write(new Uint8Array(4096 * 4));
const closing = pcm.close(); // drains first: takes a while
results.closedAtOnce = String(pcm.closed);
tryCall("write", () => { pcm.write(new Uint8Array(4)); return "queued"; });
await outcome("wait", pcm.wait(10));
await closing;`);
    assert.equal(r.closedAtOnce, "true");
    assert.match(r.write, /^AlsaError:PCM is closed: write\(\)/);
    assert.match(r.wait, /^AlsaError:PCM is closed: wait\(\)/);
  },
);
