// deno-lint-ignore-file no-console
/**
 * Blocking-style writes on a paced device: writes `--blocksize`-frame blocks
 * of a 440 Hz sine (48 kHz, mono, float32) with `writeAll()` for
 * `--seconds` seconds. The benchmark driver reads this process's CPU time
 * from /proc. Same work as benchmarks/c/pa_write.c. Prints one JSON line.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { OutputStream, writeAll } from "../mod.ts";

const { values } = parseArgs({
  options: {
    blocksize: { type: "string", default: "64" },
    seconds: { type: "string", default: "10" },
    device: { type: "string", default: "pulse" },
    wake: { type: "string" },
  },
});
const blocksize = Number(values.blocksize);
const wakeFrames = values.wake ? Number(values.wake) : undefined;
const samplerate = 48000;
const stream = new OutputStream({
  samplerate,
  blocksize,
  channels: 1,
  device: values.device,
  latency: "high",
});
await stream.start();
const buf = new Float32Array(blocksize);
const step = 2 * Math.PI * 440 / samplerate;
let phase = 0;
let calls = 0;
const total = Number(values.seconds) * samplerate;
for (let done = 0; done < total; done += blocksize) {
  for (let i = 0; i < blocksize; i++) {
    buf[i] = 0.2 * Math.sin(phase);
    phase += step;
    if (phase > 2 * Math.PI) phase -= 2 * Math.PI;
  }
  await writeAll(stream, buf, wakeFrames ? { wakeFrames } : {});
  calls++;
}
await stream.close();
console.log(JSON.stringify({ calls }));
