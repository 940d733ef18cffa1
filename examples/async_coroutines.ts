// deno-lint-ignore-file no-console
/**
 * Records into a buffer, then plays it back, each step an `async` function
 * that resolves when its stream's callback has finished (python-sounddevice's
 * `asyncio_coroutines.py`, with promises instead of asyncio events).
 *
 * Run: `deno run -A examples/async_coroutines.ts --seconds 3`
 *
 * @module
 */
import {
  CallbackStop,
  type DeviceSpec,
  InputStream,
  OutputStream,
} from "../mod.ts";
import { num, parseDevice, parseExampleArgs } from "./_util.ts";
import { interruptController } from "./_util.ts";

const usage = `usage: async_coroutines.ts [options]

Records a few seconds, then plays them back, using promises.

options:
  -h, --help              show this help and exit
  -l, --list-devices      list audio devices and exit
  -d, --device DEVICE     device for both steps (numeric ID or name substring)
  -s, --seconds N         how long to record (default: 3)
  -c, --channels N        channels (default: 1)
  -r, --samplerate HZ     sampling rate (default: 48000)`;

const { values } = parseExampleArgs({
  device: { type: "string", short: "d" },
  seconds: { type: "string", short: "s", default: "3" },
  channels: { type: "string", short: "c", default: "1" },
  samplerate: { type: "string", short: "r", default: "48000" },
}, usage);

/** Fills `buffer` (interleaved, `channels` per frame) from the input; resolves when full. */
async function recordBuffer(
  buffer: Float32Array,
  channels: number,
  options: { samplerate: number; device?: DeviceSpec; signal: AbortSignal },
): Promise<number> {
  let index = 0;
  const { promise, resolve } = Promise.withResolvers<void>();
  const stream = new InputStream({
    samplerate: options.samplerate,
    device: options.device,
    channels,
    callback: (indata, _frames, _time, status) => {
      if (status.value !== 0) console.error(status.toString());
      const data = indata as Float32Array;
      const n = Math.min(buffer.length - index, data.length);
      buffer.set(data.subarray(0, n), index);
      index += n;
      if (index === buffer.length) throw new CallbackStop();
    },
    finishedCallback: () => resolve(),
  });
  options.signal.addEventListener("abort", () => resolve(), { once: true });
  await stream.start();
  await promise;
  await stream.close();
  return index / channels;
}

/** Plays `buffer` (interleaved); resolves when all of it was played. */
async function playBuffer(
  buffer: Float32Array,
  channels: number,
  options: { samplerate: number; device?: DeviceSpec; signal: AbortSignal },
): Promise<void> {
  let index = 0;
  const { promise, resolve } = Promise.withResolvers<void>();
  const stream = new OutputStream({
    samplerate: options.samplerate,
    device: options.device,
    channels,
    callback: (outdata, _frames, _time, status) => {
      if (status.value !== 0) console.error(status.toString());
      const out = outdata as Float32Array;
      const n = Math.min(buffer.length - index, out.length);
      out.set(buffer.subarray(index, index + n));
      out.fill(0, n);
      index += n;
      if (index === buffer.length) throw new CallbackStop();
    },
    finishedCallback: () => resolve(),
  });
  options.signal.addEventListener("abort", () => resolve(), { once: true });
  await stream.start();
  await promise;
  await stream.close();
}

const samplerate = num(values, "samplerate", 48000);
const channels = num(values, "channels", 1);
const seconds = num(values, "seconds", 3);
const device = parseDevice(values.device);
const { controller, dispose } = interruptController();
const opts = { samplerate, device, signal: controller.signal };

const buffer = new Float32Array(Math.round(seconds * samplerate) * channels);
console.log(`recording ${seconds} s ...`);
const frames = await recordBuffer(buffer, channels, opts);
let peak = 0;
for (const v of buffer) peak = Math.max(peak, Math.abs(v));
console.log(`recorded ${frames} frames, peak ${peak.toFixed(3)}`);
if (!controller.signal.aborted) {
  console.log("playing it back ...");
  await playBuffer(buffer.subarray(0, frames * channels), channels, opts);
}
dispose();
console.log(controller.signal.aborted ? "interrupted" : "done");
