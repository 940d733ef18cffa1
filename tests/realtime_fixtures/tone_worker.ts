/**
 * Worker module for the real-time tests: a sine of `workerData.frequency`
 * Hz at 0.3, written by a callback with the normal callback signature.
 * Counts its calls in `workerData.counter` (an Int32Array on shared memory)
 * when given.
 *
 * @module
 */
import { registerCallback, workerContext } from "../../mod.ts";

const { frequency, samplerate, stopAfter } = workerContext().data as {
  frequency: number;
  samplerate: number;
  stopAfter?: number;
};
const step = 2 * Math.PI * frequency / samplerate;
let phase = 0;
let calls = 0;

registerCallback((outdata, frames) => {
  for (let i = 0; i < frames; i++) {
    outdata[i] = 0.3 * Math.sin(phase);
    phase += step;
    if (phase > 2 * Math.PI) phase -= 2 * Math.PI;
  }
  calls++;
  if (stopAfter !== undefined && calls >= stopAfter) {
    throw new Error(`stopped by the test after ${calls} calls`);
  }
});
