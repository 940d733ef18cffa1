// deno-lint-ignore-file no-console
/**
 * Callback delivery: a 48 kHz mono float32 output stream whose callback
 * writes a 440 Hz sine, on the main isolate (`--host main`) or in a Worker
 * (`--host worker`); counts callbacks and output-underflow flags over a
 * window after a warm-up, optionally with the main thread spinning 50 ms of
 * every 60 ms. Prints one JSON line. Same work as benchmarks/c/pa_callback.c.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { OutputStream, Stream, WorkerStream } from "../mod.ts";
import { sleep, waitMaybeSpinning } from "./_spin.ts";

const { values } = parseArgs({
  options: {
    host: { type: "string", default: "worker" },
    // "duplex": input passed to output on the same device
    kind: { type: "string", default: "output" },
    blocksize: { type: "string", default: "64" },
    seconds: { type: "string", default: "5" },
    warmup: { type: "string", default: "2" },
    spin: { type: "boolean", default: false },
    device: { type: "string", default: "pulse" },
    // WorkerStream only: "false" keeps the worker at normal priority
    realtime: { type: "string", default: "true" },
    // WorkerStream only: realtime.cpu ("auto", "current", "null" or a number)
    cpu: { type: "string" },
  },
});
const blocksize = Number(values.blocksize);
const duplex = values.kind === "duplex";
const seconds = Number(values.seconds);
const samplerate = 48000;
const common = {
  samplerate,
  blocksize,
  channels: 1,
  device: values.device,
  latency: "high" as const,
};

let read: () => { callbacks: number; underflows: number };
let stream: { start(): Promise<void>; close(): Promise<void> };
if (values.host === "main") {
  let callbacks = 0;
  let underflows = 0;
  let phase = 0;
  const step = 2 * Math.PI * 440 / samplerate;
  stream = duplex
    ? new Stream({
      ...common,
      callback: (indata, outdata, _frames, _time, status) => {
        outdata.set(indata);
        callbacks++;
        if (status.outputUnderflow) underflows++;
      },
    })
    : new OutputStream({
      ...common,
      callback: (out, frames, _time, status) => {
        for (let i = 0; i < frames; i++) {
          out[i] = 0.2 * Math.sin(phase);
          phase += step;
          if (phase > 2 * Math.PI) phase -= 2 * Math.PI;
        }
        callbacks++;
        if (status.outputUnderflow) underflows++;
      },
    });
  read = () => ({ callbacks, underflows });
} else {
  const ws = new WorkerStream({
    ...common,
    ...(duplex ? { kind: "duplex" as const } : {}),
    module: new URL(
      duplex ? "./thru_worker.ts" : "./sine_worker.ts",
      import.meta.url,
    ),
    workerData: { samplerate },
    realtime: values.realtime === "false"
      ? false
      : values.cpu === undefined
      ? true
      : {
        cpu: values.cpu === "null"
          ? null
          : values.cpu === "current" || values.cpu === "auto"
          ? values.cpu
          : Number(values.cpu),
      },
  });
  stream = ws;
  read = () => ({
    callbacks: ws.status.callbacks,
    underflows: ws.status.outputUnderflows,
  });
}

await stream.start();
await sleep(Number(values.warmup) * 1000);
const before = read();
const t0 = performance.now();
await waitMaybeSpinning(seconds, values.spin);
const after = read();
const elapsed = (performance.now() - t0) / 1000;
await stream.close();
console.log(JSON.stringify({
  callbacks: after.callbacks - before.callbacks,
  expected: elapsed * samplerate / blocksize,
  underflows: after.underflows - before.underflows,
}));
