/**
 * Worker module for the argument tests: checks, in every call, that the
 * callback gets python-sounddevice's arguments for `workerData.kind` and
 * that `outdata` holds silence when the call starts, then writes 0.5 into
 * `outdata` (so a buffer that is not cleared between calls is noticed).
 * Counts go to `workerData.counters` (an Int32Array over shared memory):
 * [0] calls, [1] calls with the wrong arguments, [2] calls whose `outdata`
 * was not silent at entry.
 *
 * @module
 */
import { registerCallback, workerContext } from "../../mod.ts";

const { kind, counters } = workerContext().data as {
  kind: "output" | "input" | "duplex";
  counters: SharedArrayBuffer;
};
const c = new Int32Array(counters);

function isStatus(s: unknown): boolean {
  return typeof (s as { outputUnderflow?: unknown })?.outputUnderflow ===
    "boolean";
}
function isTime(t: unknown): boolean {
  return typeof (t as { currentTime?: unknown })?.currentTime === "number";
}
function silentThenFill(out: Float32Array): void {
  for (let i = 0; i < out.length; i++) {
    if (out[i] !== 0) {
      Atomics.add(c, 2, 1);
      break;
    }
  }
  out.fill(0.5);
}

registerCallback((...args: unknown[]) => {
  Atomics.add(c, 0, 1);
  let ok: boolean;
  if (kind === "duplex") {
    const [indata, outdata, frames, time, status] = args;
    ok = args.length === 5 && indata instanceof Float32Array &&
      outdata instanceof Float32Array && typeof frames === "number" &&
      outdata.length === frames && isTime(time) && isStatus(status);
    if (outdata instanceof Float32Array) silentThenFill(outdata);
  } else {
    const [data, frames, time, status] = args;
    ok = args.length === 4 && data instanceof Float32Array &&
      typeof frames === "number" && data.length === frames &&
      isTime(time) && isStatus(status);
    if (kind === "output" && data instanceof Float32Array) {
      silentThenFill(data);
    }
  }
  if (!ok) Atomics.add(c, 1, 1);
});
