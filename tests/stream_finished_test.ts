// How a stream's run ends: `finished` (resolved with the reason, rejected
// with the error), finishedCallback (python-sounddevice's finished_callback,
// callback streams only), the "finished"/"error" events, and the one print
// to stderr of an error nobody listens for.
import assert from "node:assert/strict";
import { CallbackStop, OutputStream } from "../mod.ts";
import { hardware, hwTest } from "./_hw.ts";
import { usePrivateSink } from "./realtime_fixtures/monitor.ts";

// Our own sink: PULSE_SINK is process-wide, and another test file's sink may be
// gone by the time these run.
if (hardware) usePrivateSink("finished");

const MOD = new URL("../mod.ts", import.meta.url).href;

/** Runs a script in a child process with this process's sound server. */
async function child(
  script: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", `import * as ad from "${MOD}";\n${script}`],
    env: { PULSE_SINK: Deno.env.get("PULSE_SINK") ?? "" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("finishedCallback on a blocking stream is refused before anything is opened", () => {
  assert.throws(
    () =>
      new OutputStream({
        channels: 1,
        finishedCallback: () => {},
      }),
    (e: unknown) =>
      e instanceof TypeError &&
      /finishedCallback is only called for callback streams/.test(e.message),
  );
});

hwTest(
  "a blocking stream's finished resolves with the reason and the event fires once per stop/abort/close of a running stream",
  async () => {
    const calls: string[] = [];
    const s = new OutputStream({
      device: "pulse",
      channels: 1,
      samplerate: 44100,
    });
    s.addEventListener("finished", () => calls.push("event"));
    await s.stop(); // never started: nothing ends
    assert.deepEqual(calls, []);
    await s.start();
    const first = s.finished;
    await s.write(new Float32Array(441));
    await s.stop();
    assert.deepEqual(await first, { reason: "stop" });
    await s.stop(); // already stopped
    await s.start();
    await s.abort();
    assert.deepEqual(await s.finished, { reason: "abort" });
    await s.start();
    await s.close(); // closing a running stream finishes it
    assert.deepEqual(await s.finished, { reason: "close" });
    assert.deepEqual(calls, ["event", "event", "event"]);
  },
);

hwTest(
  "an exception from finishedCallback rejects finished, is kept in callbackError and dispatched, and never escapes the native callback",
  async () => {
    // In a child process: Deno reports an exception escaping a native callback
    // on stderr ("Illegal unhandled exception ..."), which must not happen.
    const r = await child(`
let n = 0;
const s = new ad.OutputStream({ device: "pulse", channels: 1, samplerate: 44100,
  callback: () => { if (++n > 5) throw new ad.CallbackStop(); },
  finishedCallback: () => { throw new Error("boom in finishedCallback"); } });
const seen = [];
s.addEventListener("error", (e) => seen.push(e.error.message));
s.addEventListener("finished", () => seen.push("finished"));
await s.start();
const outcome = await s.finished.then((v) => v, (e) => "rejected: " + e.message);
await s.close();
console.log(JSON.stringify({ seen, outcome, error: s.callbackError?.message }));`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "", "an error listener handles it: nothing printed");
    assert.deepEqual(JSON.parse(r.stdout), {
      seen: ["boom in finishedCallback", "finished"],
      outcome: "rejected: boom in finishedCallback",
      error: "boom in finishedCallback",
    });
  },
);

hwTest(
  "an exception in a callback nobody listens for is printed to stderr once, with its stack, and the program goes on",
  async () => {
    const r = await child(`
const s = new ad.OutputStream({ device: "pulse", channels: 1, samplerate: 44100,
  callback: function tone() { throw new RangeError("bad sample index 99"); } });
await s.start();
await new Promise((r) => setTimeout(r, 500));
const f = new ad.OutputStream({ device: "pulse", channels: 1, samplerate: 44100,
  callback: () => { throw new ad.CallbackStop(); },
  finishedCallback: () => { throw undefined; } });
await f.start();
await new Promise((r) => setTimeout(r, 500));
console.log(JSON.stringify({ active: s.active, error: s.callbackError?.message,
  f: String(f.callbackError?.message) }));
await s.close(); await f.close();`);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      active: false,
      error: "bad sample index 99",
      f: "finishedCallback threw undefined",
    });
    const printed = r.stderr.match(
      /Exception in the callback of OutputStream \(the stream was aborted\):\nRangeError: bad sample index 99\n\s+at tone/g,
    );
    assert.equal(printed?.length, 1, r.stderr);
    assert.match(
      r.stderr,
      /Exception in the finishedCallback of OutputStream:\nError: finishedCallback threw undefined/,
    );
  },
);

hwTest(
  "a callback that throws undefined still records an error and rejects finished",
  async () => {
    let n = 0;
    const s = new OutputStream({
      device: "pulse",
      channels: 1,
      samplerate: 44100,
      callback: () => {
        // deno-lint-ignore no-throw-literal
        if (++n === 3) throw undefined;
      },
    });
    s.addEventListener("error", () => {});
    await s.start();
    await assert.rejects(s.finished, /the callback threw undefined/);
    assert.ok(s.callbackError instanceof Error);
    await s.close();
  },
);

hwTest(
  "a callback stream calls finishedCallback once, after CallbackStop, before finished resolves with callbackStop",
  async () => {
    const calls: string[] = [];
    let n = 0;
    const s = new OutputStream({
      device: "pulse",
      channels: 1,
      samplerate: 44100,
      callback: () => {
        if (++n === 5) throw new CallbackStop();
      },
      finishedCallback: () => calls.push("finishedCallback"),
    });
    await s.start();
    const end = await s.finished;
    calls.push("finished resolved");
    await s.close();
    assert.deepEqual(end, { reason: "callbackStop" });
    assert.deepEqual(calls, ["finishedCallback", "finished resolved"]);
    assert.equal(s.callbackError, undefined);
  },
);

hwTest(
  "stop(), abort() and close() of a running callback stream resolve finished with their name",
  async () => {
    for (const how of ["stop", "abort", "close"] as const) {
      const s = new OutputStream({
        device: "pulse",
        channels: 1,
        samplerate: 44100,
        callback: () => {},
      });
      await s.start();
      await new Promise((r) => setTimeout(r, 100));
      const f = s.finished;
      await s[how]();
      assert.deepEqual(await f, { reason: how });
      await s.close();
    }
  },
);
