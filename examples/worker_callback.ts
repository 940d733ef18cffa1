// deno-lint-ignore-file no-console
/**
 * Plays a sine from a callback that runs in a Worker while the main thread
 * is kept busy (it spins 50 ms of every 60 ms), then prints how many
 * callbacks arrived and how many reported an underflow.
 *
 * Run: `deno run -A examples/worker_callback.ts --seconds 5 --blocksize 64`
 * (add `--main` to run the same callback on the main thread and compare).
 *
 * @module
 */
import { OutputStream, WorkerStream } from "../mod.ts";
import { parseDevice, parseExampleArgs, UsageError } from "./_util.ts";

const HELP = `Usage: deno run -A examples/worker_callback.ts [options]

Plays a sine from a callback in a WorkerStream's worker while the main thread
spins 50 ms of every 60 ms, then prints how many callbacks arrived.

Options:
  --seconds N          how long to play (default 5)
  --blocksize N        frames per callback (default 64)
  --frequency HZ       sine frequency (default 440)
  -r, --samplerate HZ  sample rate (default 48000)
  -d, --device DEV     output device index or name (default: the default output)
  --main               run the callback on the main thread instead (to compare)
  --idle               do not keep the main thread busy
  --no-realtime        keep the worker's thread at normal priority
  -l, --list-devices   list devices and exit
  -h, --help           show this help and exit
`;

const { values } = parseExampleArgs({
  seconds: { type: "string", default: "5" },
  blocksize: { type: "string", default: "64" },
  frequency: { type: "string", default: "440" },
  samplerate: { type: "string", short: "r", default: "48000" },
  device: { type: "string", short: "d" },
  main: { type: "boolean", default: false },
  idle: { type: "boolean", default: false },
  "no-realtime": { type: "boolean", default: false },
}, HELP);
const seconds = Number(values.seconds);
const blocksize = Number(values.blocksize);
const samplerate = Number(values.samplerate);
const frequency = Number(values.frequency);
for (
  const [name, v, ok, allowed] of [
    ["seconds", values.seconds, seconds > 0, "seconds above 0"],
    [
      "blocksize",
      values.blocksize,
      Number.isInteger(blocksize) && blocksize > 0,
      "a whole number of frames above 0",
    ],
    ["frequency", values.frequency, frequency > 0, "a number of Hz above 0"],
    ["samplerate", values.samplerate, samplerate > 0, "a number of Hz above 0"],
  ] as const
) {
  if (!ok) {
    throw new UsageError(`--${name} ${JSON.stringify(v)}: must be ${allowed}`);
  }
}
const device = parseDevice(values.device);

let stream: { start(): Promise<void>; close(): Promise<void> };
let callbacks: () => [number, number];

if (values.main) {
  // Before: the callback lives on the main thread.
  let phase = 0;
  let count = 0;
  let underflows = 0;
  const step = 2 * Math.PI * frequency / samplerate;
  stream = new OutputStream({
    samplerate,
    blocksize,
    channels: 1,
    device,
    callback: (out, frames, _time, status) => {
      for (let i = 0; i < frames; i++) {
        out[i] = 0.3 * Math.sin(phase);
        phase += step;
        if (phase > 2 * Math.PI) phase -= 2 * Math.PI;
      }
      count++;
      if (status.outputUnderflow) underflows++;
    },
  });
  callbacks = () => [count, underflows];
} else {
  // After: the same callback in a module, hosted by a Worker.
  const ws = new WorkerStream({
    module: new URL("./worker_callback_dsp.ts", import.meta.url),
    samplerate,
    blocksize,
    channels: 1,
    device,
    workerData: { frequency, samplerate },
    realtime: !values["no-realtime"],
  });
  stream = ws;
  callbacks = () => [ws.status.callbacks, ws.status.outputUnderflows];
}

let stopping = false;
const onSignal = (): void => {
  stopping = true;
};
Deno.addSignalListener("SIGINT", onSignal);
try {
  await stream.start();
  // Count from here: the device's buffer is filled at start-up with a
  // burst of callbacks that would flatter the figure.
  await new Promise((r) => setTimeout(r, 500));
  const [count0, underflows0] = callbacks();
  const end = performance.now() + seconds * 1000;
  while (!stopping && performance.now() < end) {
    if (!values.idle) {
      const spinEnd = performance.now() + 50;
      while (performance.now() < spinEnd) { /* busy main thread */ }
    }
    await new Promise((r) => setTimeout(r, values.idle ? 50 : 10));
  }
  const [count1, underflows1] = callbacks();
  const count = count1 - count0;
  const underflows = underflows1 - underflows0;
  const expected = Math.round(seconds * samplerate / blocksize);
  console.log(
    `${
      values.main ? "main-thread" : "worker"
    } callbacks: ${count} of about ${expected} (${
      (100 * count / expected).toFixed(1)
    }%), underflows reported: ${underflows}`,
  );
} finally {
  await stream.close();
  Deno.removeSignalListener("SIGINT", onSignal);
}
