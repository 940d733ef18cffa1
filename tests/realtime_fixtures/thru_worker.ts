/**
 * Worker module for the duplex tests: passes its input to its output,
 * scaled by `workerData.gain` (default 1).
 *
 * @module
 */
import { registerCallback, workerContext } from "../../mod.ts";

const { gain = 1 } = (workerContext().data ?? {}) as { gain?: number };

registerCallback<"duplex">((indata, outdata) => {
  for (let i = 0; i < outdata.length; i++) outdata[i] = gain * indata[i];
});
