// deno-lint-ignore-file no-console
/**
 * Async iterators over audio blocks (python-sounddevice's
 * `asyncio_generators.py`): `inputStreamBlocks()` yields each input block of
 * a callback stream (for blocking streams the library has `inputBlocks()`);
 * `duplexBlocks()` yields `[indata, outdata]` pairs of a full-duplex stream
 * for the loop body to fill (here: a copy of the input, i.e. a wire). Both
 * end on Ctrl-C or after `--seconds`.
 *
 * Run: `deno run -A examples/async_generators.ts --seconds 5`
 *
 * @module
 */
import {
  type CallbackFlags,
  type DeviceSpec,
  InputStream,
  Stream,
  type TypedSamples,
} from "../mod.ts";
import {
  interruptController,
  num,
  parseDevice,
  parseExampleArgs,
} from "./_util.ts";

const usage = `usage: async_generators.ts [options]

Prints the level of each input block, then wires input to output, using
async iterators.

options:
  -h, --help              show this help and exit
  -l, --list-devices      list audio devices and exit
  -d, --device DEVICE     device (numeric ID or name substring)
  -s, --seconds N         how long each part runs (default: 3)
  -c, --channels N        channels (default: 1)
  -b, --blocksize N       frames per block (default: 2048)`;

const { values } = parseExampleArgs({
  device: { type: "string", short: "d" },
  seconds: { type: "string", short: "s", default: "3" },
  channels: { type: "string", short: "c", default: "1" },
  blocksize: { type: "string", short: "b", default: "2048" },
}, usage);

interface BlockOptions {
  device?: DeviceSpec;
  channels: number;
  blocksize: number;
  signal: AbortSignal;
}

/**
 * Yields a copy of each input block with its status, until `signal` aborts.
 * The callback only queues; the consumer runs in the loop body.
 */
async function* inputStreamBlocks(
  options: BlockOptions,
): AsyncGenerator<[Float32Array, CallbackFlags]> {
  const queue: [Float32Array, CallbackFlags][] = [];
  let wake: (() => void) | null = null;
  const stream = new InputStream({
    device: options.device,
    channels: options.channels,
    blocksize: options.blocksize,
    callback: (indata, _frames, _time, status) => {
      queue.push([(indata as Float32Array).slice(), status]);
      wake?.();
    },
  });
  const onAbort = (): void => wake?.();
  options.signal.addEventListener("abort", onAbort);
  await stream.start();
  try {
    while (!options.signal.aborted) {
      if (queue.length === 0) {
        await new Promise<void>((r) => wake = r);
        wake = null;
        continue;
      }
      yield queue.shift()!;
    }
  } finally {
    options.signal.removeEventListener("abort", onAbort);
    await stream.close();
  }
}

/**
 * Yields `[indata, outdata, status]` for each block of a duplex stream; the
 * loop body fills `outdata` and the next iteration hands it to the device.
 * The callback answers from a small queue of filled output blocks, so the
 * loop body has one block of time to produce its answer.
 */
async function* duplexBlocks(
  options: BlockOptions,
): AsyncGenerator<[TypedSamples, Float32Array, CallbackFlags]> {
  const size = options.blocksize * options.channels;
  const inQueue: [Float32Array, CallbackFlags][] = [];
  const outQueue: Float32Array[] = [];
  let wake: (() => void) | null = null;
  const stream = new Stream({
    device: options.device,
    channels: options.channels,
    blocksize: options.blocksize,
    callback: (indata, outdata, _frames, _time, status) => {
      const out = outdata as Float32Array;
      const ready = outQueue.shift();
      if (ready) out.set(ready);
      else out.fill(0);
      inQueue.push([(indata as Float32Array).slice(), status]);
      wake?.();
    },
  });
  const onAbort = (): void => wake?.();
  options.signal.addEventListener("abort", onAbort);
  await stream.start();
  try {
    while (!options.signal.aborted) {
      if (inQueue.length === 0) {
        await new Promise<void>((r) => wake = r);
        wake = null;
        continue;
      }
      const [indata, status] = inQueue.shift()!;
      const outdata = new Float32Array(size);
      yield [indata, outdata, status];
      if (outQueue.length < 4) outQueue.push(outdata);
    }
  } finally {
    options.signal.removeEventListener("abort", onAbort);
    await stream.close();
  }
}

const seconds = num(values, "seconds", 3);
const { controller, dispose } = interruptController();
const base = {
  device: parseDevice(values.device),
  channels: num(values, "channels", 1),
  blocksize: num(values, "blocksize", 2048),
};

async function part(
  name: string,
  body: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const local = AbortSignal.any([
    controller.signal,
    AbortSignal.timeout(seconds * 1000),
  ]);
  console.log(`${name} for ${seconds} s (Ctrl-C to stop)`);
  await body(local);
}

await part("input blocks", async (signal) => {
  let count = 0;
  for await (const [block, status] of inputStreamBlocks({ ...base, signal })) {
    let sum = 0;
    for (const v of block) sum += v * v;
    const rms = Math.sqrt(sum / block.length);
    console.log(
      `block ${++count}: rms ${rms.toFixed(4)}${
        status.value ? ` (${status})` : ""
      }`,
    );
  }
});
if (!controller.signal.aborted) {
  await part("duplex blocks (wire)", async (signal) => {
    let count = 0;
    for await (const [indata, outdata] of duplexBlocks({ ...base, signal })) {
      outdata.set(indata);
      count++;
    }
    console.log(`${count} duplex blocks`);
  });
}
dispose();
console.log("done");
