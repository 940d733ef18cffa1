// finishedCallback: when python-sounddevice's finished_callback runs (callback
// and blocking streams), and what happens when it throws.
import assert from "node:assert/strict";
import { CallbackStop, OutputStream } from "../mod.ts";
import { hardware, hwTest } from "./_hw.ts";
import { usePrivateSink } from "./realtime_fixtures/monitor.ts";

// Our own sink: PULSE_SINK is process-wide, and another test file's sink may be
// gone by the time these run.
if (hardware) usePrivateSink("finished");

hwTest(
  "a blocking stream calls finishedCallback once per stop/abort of a running stream, and on close of a running one",
  async () => {
    const calls: string[] = [];
    const s = new OutputStream({
      device: "pulse",
      channels: 1,
      samplerate: 44100,
      finishedCallback: () => calls.push(`finished active=${s.active}`),
    });
    s.addEventListener("finished", () => calls.push("event"));
    await s.stop(); // never started: PortAudio would not call it either
    assert.deepEqual(calls, []);
    await s.start();
    await s.write(new Float32Array(441));
    await s.stop();
    assert.deepEqual(calls, ["finished active=false", "event"]);
    await s.stop(); // already stopped
    await s.start();
    await s.abort();
    await s.start();
    await s.close(); // closing a running stream finishes it
    assert.deepEqual(calls, [
      "finished active=false",
      "event",
      "finished active=false",
      "event",
      "finished active=false",
      "event",
    ]);
  },
);

hwTest(
  "an exception from finishedCallback is kept in callbackError and dispatched, never escapes the native callback",
  async () => {
    // In a child process: Deno reports an exception escaping a native callback
    // on stderr ("Illegal unhandled exception ..."), which must not happen.
    const script = `
import { CallbackStop, OutputStream } from "${
      new URL("../mod.ts", import.meta.url).href
    }";
let n = 0;
const s = new OutputStream({ device: "pulse", channels: 1, samplerate: 44100,
  callback: (_i, o) => { o.fill(0); if (++n > 5) throw new CallbackStop(); },
  finishedCallback: () => { throw new Error("boom in finishedCallback"); } });
const seen = [];
s.addEventListener("error", (e) => seen.push(e.error.message));
s.addEventListener("finished", () => seen.push("finished"));
await s.start();
await s.finished;
await s.close();
const b = new OutputStream({ device: "pulse", channels: 1, samplerate: 44100,
  finishedCallback: () => { throw new Error("boom in blocking finishedCallback"); } });
await b.start();
await b.stop();
await b.close();
console.log(JSON.stringify({ seen, error: s.callbackError?.message, blocking: b.callbackError?.message }));`;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", script],
      env: { XDG_RUNTIME_DIR: Deno.env.get("XDG_RUNTIME_DIR") ?? "" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    assert.equal(stderr, "");
    assert.deepEqual(JSON.parse(new TextDecoder().decode(out.stdout)), {
      seen: ["boom in finishedCallback", "finished"],
      error: "boom in finishedCallback",
      blocking: "boom in blocking finishedCallback",
    });
  },
);

hwTest(
  "a callback stream calls finishedCallback once, after CallbackStop, before finished resolves",
  async () => {
    const calls: string[] = [];
    let n = 0;
    const s = new OutputStream({
      device: "pulse",
      channels: 1,
      samplerate: 44100,
      callback: (_i, o) => {
        (o as Float32Array).fill(0);
        if (++n === 5) throw new CallbackStop();
      },
      finishedCallback: () => calls.push("finishedCallback"),
    });
    await s.start();
    await s.finished;
    calls.push("finished resolved");
    await s.close();
    assert.deepEqual(calls, ["finishedCallback", "finished resolved"]);
    assert.equal(s.callbackError, undefined);
  },
);
