/**
 * The DSP module of examples/worker_callback.ts: it runs inside the
 * WorkerStream's worker. Its callback takes python-sounddevice's output
 * callback arguments `(outdata, frames, time, status)`; it plays a sine
 * whose frequency comes from `workerData`.
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

registerCallback((outdata, frames) => {
  for (let i = 0; i < frames; i++) {
    outdata[i] = 0.3 * Math.sin(phase);
    phase += step;
    if (phase > 2 * Math.PI) phase -= 2 * Math.PI;
  }
});
