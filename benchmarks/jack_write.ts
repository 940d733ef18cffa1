// deno-lint-ignore-file no-console
/**
 * Blocking-style output on JACK for table (f): `writeAll()` of 440 Hz sine
 * blocks of `--blocksize` frames on a stereo float32 `OutputStream` (JACK's
 * blocking emulation in PortAudio needs 8-byte frames), or `write()` on a
 * mono `WorkerStream` without a module (its shared ring), for `--seconds`
 * after `--warmup`, the main thread idle or busy (`--spin`: 50 ms of every
 * 60 ms, while the writes go on between the spins). Both ask for 100 ms of
 * latency, so that a 50 ms stall of the main thread can be bridged. Prints
 * one JSON line: blocks written, the blocks the window's length calls for,
 * and underflows: the WorkerStream's count of callbacks that found its ring
 * short; `null` for `writeAll()`, because PortAudio's JACK blocking
 * emulation fills a block it has no data for with silence and reports
 * nothing (there, only the share delivered shows a gap).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { OutputStream, WorkerStream, writeAll } from "../mod.ts";
import { sleep, waitMaybeSpinning } from "./_spin.ts";

const { values } = parseArgs({
  options: {
    mode: { type: "string", default: "writeall" },
    blocksize: { type: "string", default: "64" },
    seconds: { type: "string", default: "5" },
    warmup: { type: "string", default: "2" },
    spin: { type: "boolean", default: false },
    device: { type: "string", default: "system" },
  },
});
const blocksize = Number(values.blocksize);
const samplerate = 48000;
const worker = values.mode === "worker";
const channels = worker ? 1 : 2;
const common = {
  samplerate,
  blocksize,
  channels,
  device: values.device,
  latency: 0.1,
};
const stream = worker ? new WorkerStream(common) : new OutputStream(common);
const block = new Float32Array(blocksize * channels);
const step = 2 * Math.PI * 440 / samplerate;
let phase = 0;
let counting = false;
let written = 0;
let underflows: number | null = worker ? 0 : null;
let running = true;

async function writer(): Promise<void> {
  while (running) {
    for (let i = 0; i < blocksize; i++) {
      const v = 0.2 * Math.sin(phase);
      for (let c = 0; c < channels; c++) block[i * channels + c] = v;
      phase += step;
      if (phase > 2 * Math.PI) phase -= 2 * Math.PI;
    }
    if (worker) await (stream as WorkerStream).write(block);
    else {
      await writeAll(stream as OutputStream, block);
    }
    if (counting) written++;
  }
}

await stream.start();
const writing = writer();
await sleep(Number(values.warmup) * 1000);
const before = worker ? (stream as WorkerStream).status.outputUnderflows : 0;
counting = true;
const t0 = performance.now();
await waitMaybeSpinning(Number(values.seconds), values.spin);
counting = false;
const elapsed = (performance.now() - t0) / 1000;
if (worker) {
  underflows = (stream as WorkerStream).status.outputUnderflows - before;
}
running = false;
await writing;
await stream.close();
console.log(JSON.stringify({
  callbacks: written,
  expected: elapsed * samplerate / blocksize,
  underflows,
}));
