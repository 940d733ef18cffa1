// deno-lint-ignore-file no-console
/**
 * Plays a sound file of any length with bounded memory
 * (python-sounddevice's `play_long_file.py`): the file is read block by
 * block into a queue of at most `--buffersize` blocks that the output
 * stream's callback takes from.
 *
 * Run: `deno run -A examples/play_long_file.ts --blocksize 2048 long.flac`
 *
 * @module
 */
import { CallbackAbort, CallbackStop, OutputStream } from "../mod.ts";
import { SoundFile } from "../soundfile.ts";
import {
  interruptController,
  num,
  parseDevice,
  parseExampleArgs,
  UsageError,
} from "./_util.ts";

const usage = `usage: play_long_file.ts [options] FILENAME

Plays a sound file block by block, keeping at most BUFFERSIZE blocks in memory.

options:
  -h, --help              show this help and exit
  -l, --list-devices      list audio devices and exit
  -d, --device DEVICE     output device (numeric ID or name substring)
  -b, --blocksize N       block size in frames (default: 2048)
  -q, --buffersize N      number of blocks used for buffering (default: 20)`;

const { values, positionals } = parseExampleArgs({
  device: { type: "string", short: "d" },
  blocksize: { type: "string", short: "b", default: "2048" },
  buffersize: { type: "string", short: "q", default: "20" },
}, usage);
if (positionals.length !== 1) {
  throw new UsageError(
    positionals.length === 0 ? "give a file name" : "give one file name",
  );
}
const blocksize = num(values, "blocksize", 2048);
const buffersize = num(values, "buffersize", 20);
if (!Number.isInteger(blocksize) || blocksize < 1) {
  throw new UsageError("--blocksize must be a positive integer");
}
if (!Number.isInteger(buffersize) || buffersize < 1) {
  throw new UsageError("--buffersize must be a positive integer");
}

const { controller, dispose } = interruptController();
const file = new SoundFile(positionals[0]);
const queue: Float32Array[] = [];
let ended = false; // the file was read to its end
let emptied = false; // the callback found the queue empty too early
let over = false; // playback ended: stop reading
let space: (() => void) | null = null;
const { promise: finished, resolve: finish } = Promise.withResolvers<void>();

const stream = new OutputStream({
  device: parseDevice(values.device),
  samplerate: file.samplerate,
  channels: file.channels,
  blocksize,
  callback: (outdata, _frames, _time, status) => {
    if (status.outputUnderflow) {
      console.error("Output underflow: increase blocksize?");
      throw new CallbackAbort();
    }
    const out = outdata as Float32Array;
    const data = queue.shift();
    wakeFiller();
    if (data === undefined) {
      out.fill(0);
      if (ended) throw new CallbackStop();
      emptied = true;
      console.error("Buffer is empty: increase buffersize?");
      throw new CallbackAbort();
    }
    out.set(data);
    if (data.length < out.length) {
      out.fill(0, data.length);
      throw new CallbackStop();
    }
  },
  finishedCallback: () => finish(),
});

const blocks = file.blocks({ blocksize, dtype: "float32" });
const iterator = blocks[Symbol.asyncIterator]();

/** Reads the next block, or `null` at the end of the file. */
async function nextBlock(): Promise<Float32Array | null> {
  const r = await iterator.next();
  return r.done ? null : (r.value as Float32Array).slice();
}

/** Wakes the reader when it waits for room in the queue. */
function wakeFiller(): void {
  space?.();
}

/** Keeps the queue filled until the file ends (or playback ended early). */
async function fill(): Promise<void> {
  for (;;) {
    while (queue.length >= buffersize && !over) {
      await new Promise<void>((r) => space = r);
      space = null;
    }
    if (over || emptied) return;
    const block = await nextBlock();
    if (block === null) break;
    queue.push(block);
  }
  ended = true;
}

// Pre-fill the queue, then start: the callback never waits for the file.
while (queue.length < buffersize) {
  const block = await nextBlock();
  if (block === null) {
    ended = true;
    break;
  }
  queue.push(block);
}
await stream.start();
const filling = ended ? Promise.resolve() : fill();
controller.signal.addEventListener("abort", () => {
  wakeFiller();
  finish();
});
await finished;
over = true;
wakeFiller();
const fillError = await filling.then(() => null, (e) => e);
await stream.close();
file.close();
dispose();
if (fillError !== null) throw fillError; // one line, exit 1
if (controller.signal.aborted) console.log("\ninterrupted");
