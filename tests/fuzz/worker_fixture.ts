/**
 * Worker module of the fuzz's WorkerStreams. `workerData.mode` picks the
 * callback's behaviour: `"ok"` (silence), `"throw"` (an Error every call),
 * `"throwUndefined"` (throws `undefined` after `k` calls), `"stopAfter"`
 * (an Error after `k` calls).
 *
 * @module
 */
import { registerCallback, workerContext } from "../../mod.ts";

const data = (workerContext().data ?? {}) as { mode?: string; k?: number };
const mode = data.mode ?? "ok";
const k = data.k ?? 10;
let calls = 0;

// Silence into whichever argument is the output buffer (the argument list
// depends on the stream kind).
const callback = (...args: unknown[]): void => {
  for (const a of args) if (ArrayBuffer.isView(a)) (a as Uint8Array).fill(0);
  calls++;
  if (mode === "throw") throw new Error("fuzz worker callback error");
  if (mode === "throwUndefined" && calls >= k) throw undefined;
  if (mode === "stopAfter" && calls >= k) {
    throw new Error(`fuzz worker stopped after ${calls} calls`);
  }
};
registerCallback(callback as never);
