/**
 * Worker module of the callback benchmarks: a 440 Hz sine at 0.2, the same
 * work as the C program's callback (benchmarks/c/pa_callback.c).
 *
 * @module
 */
import { registerCallback, workerContext } from "../mod.ts";

const { samplerate } = workerContext().data as { samplerate: number };
const step = 2 * Math.PI * 440 / samplerate;
let phase = 0;

registerCallback((outdata, frames) => {
  for (let i = 0; i < frames; i++) {
    outdata[i] = 0.2 * Math.sin(phase);
    phase += step;
    if (phase > 2 * Math.PI) phase -= 2 * Math.PI;
  }
});
