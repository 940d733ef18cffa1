/**
 * The DSP module of examples/worker_callback.ts: it runs inside the
 * WorkerStream's worker. Its callback has the same signature as a normal
 * stream callback; it plays a sine whose frequency comes from `workerData`.
 *
 * @module
 */
import { registerCallback, workerContext } from "../mod.ts";

const { frequency, samplerate } = workerContext().data as {
  frequency: number;
  samplerate: number;
};
const step = 2 * Math.PI * frequency / samplerate;
let phase = 0;

registerCallback((_indata, outdata, frames) => {
  const out = outdata as Float32Array;
  for (let i = 0; i < frames; i++) {
    out[i] = 0.3 * Math.sin(phase);
    phase += step;
    if (phase > 2 * Math.PI) phase -= 2 * Math.PI;
  }
});
