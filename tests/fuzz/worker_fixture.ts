/**
 * Worker module of the fuzz's WorkerStreams: a pass-through like the
 * default one (captured frames go up through `fromWorker`, frames written
 * from the main thread are played from `toWorker`, silence when the ring is
 * empty), with `workerData.mode` for misbehaviour: `"ok"`, `"throw"` (an
 * Error every call), `"throwUndefined"` (throws `undefined` after `k` calls),
 * `"stopAfter"` (an Error after `k` calls).
 *
 * @module
 */
import {
  registerCallback,
  type RingSamples,
  workerContext,
} from "../../mod.ts";

const ctx = workerContext();
const data = (ctx.data ?? {}) as { mode?: string; k?: number };
const mode = data.mode ?? "ok";
const k = data.k ?? 10;
let calls = 0;

// The argument list depends on the stream kind: take the sample buffers in
// order (input first, then output).
const callback = (...args: unknown[]): void => {
  const views = args.filter((a) => ArrayBuffer.isView(a)) as RingSamples[];
  let indata: RingSamples | undefined;
  let outdata: RingSamples | undefined;
  if (ctx.fromWorker && ctx.toWorker) [indata, outdata] = views;
  else if (ctx.fromWorker) indata = views[0];
  else outdata = views[0];
  if (indata && ctx.fromWorker) ctx.fromWorker.write(indata);
  if (outdata) {
    const got = ctx.toWorker ? ctx.toWorker.read(outdata) : 0;
    const ch = ctx.toWorker?.channels ?? 1;
    outdata.fill(0, got * ch);
  }
  calls++;
  if (mode === "throw") throw new Error("fuzz worker callback error");
  if (mode === "throwUndefined" && calls >= k) throw undefined;
  if (mode === "stopAfter" && calls >= k) {
    throw new Error(`fuzz worker stopped after ${calls} calls`);
  }
};
registerCallback(callback as never);
