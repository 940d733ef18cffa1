// deno-lint-ignore-file no-console
/**
 * Heap and RSS before and after a long callback stream (main isolate or
 * worker), measured after a forced GC (run with
 * `--v8-flags=--expose-gc`). Prints one JSON line.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { OutputStream, WorkerStream } from "../mod.ts";
import { rssKiB, sleep } from "./_spin.ts";

const { values } = parseArgs({
  options: {
    host: { type: "string", default: "main" },
    blocksize: { type: "string", default: "256" },
    seconds: { type: "string", default: "60" },
    device: { type: "string", default: "pulse" },
  },
});
const samplerate = 48000;
const common = {
  samplerate,
  blocksize: Number(values.blocksize),
  channels: 1,
  device: values.device,
  latency: "high" as const,
};
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
let phase = 0;
const step = 2 * Math.PI * 440 / samplerate;
const stream = values.host === "main"
  ? new OutputStream({
    ...common,
    callback: (out, frames) => {
      for (let i = 0; i < frames; i++) {
        out[i] = 0.2 * Math.sin(phase);
        phase += step;
      }
    },
  })
  : new WorkerStream({
    ...common,
    module: new URL("./sine_worker.ts", import.meta.url),
    workerData: { samplerate },
  });
await stream.start();
await sleep(2000);
gc();
const before = { heap: Deno.memoryUsage().heapUsed, rss: rssKiB() };
await sleep(Number(values.seconds) * 1000);
gc();
const after = { heap: Deno.memoryUsage().heapUsed, rss: rssKiB() };
await stream.close();
console.log(JSON.stringify({
  heapBeforeKiB: Math.round(before.heap / 1024),
  heapAfterKiB: Math.round(after.heap / 1024),
  rssBeforeKiB: before.rss,
  rssAfterKiB: after.rss,
}));
