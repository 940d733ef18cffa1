// deno-lint-ignore-file no-console
/**
 * Plays a sound file of any length with bounded memory, on a raw stream
 * (python-sounddevice's `play_long_file_raw.py`, the bytes version of
 * `play_long_file.py`): the file is read block by block as float32 bytes
 * into a queue of at most `--buffersize` blocks that a `RawOutputStream`'s
 * callback copies into PortAudio's buffer.
 *
 * Run: `deno run -A examples/play_long_file_raw.ts -b 2048 long.flac`
 *
 * @module
 */
import { CallbackAbort, CallbackStop, RawOutputStream } from "../mod.ts";
import { SoundFile } from "../soundfile.ts";
import {
  interruptController,
  num,
  parseDevice,
  parseExampleArgs,
  UsageError,
} from "./_util.ts";

const usage = `usage: play_long_file_raw.ts [options] FILENAME

Plays an audio file using a limited amount of memory (raw bytes, no typed arrays).

positional arguments:
  FILENAME                audio file to be played back

options:
  -h, --help              show this help and exit
  -l, --list-devices      list audio devices and exit
  -d, --device DEVICE     output device (numeric ID or name substring)
  -b, --blocksize N       block size (default: 2048)
  -q, --buffersize N      number of blocks used for buffering (default: 20)`;

const { values, positionals } = parseExampleArgs({
  device: { type: "string", short: "d" },
  blocksize: { type: "string", short: "b", default: "2048" },
  buffersize: { type: "string", short: "q", default: "20" },
}, usage);
if (positionals.length !== 1) {
  throw new UsageError(
    positionals.length === 0
      ? "the following arguments are required: FILENAME"
      : `unrecognized arguments: ${positionals.slice(1).join(" ")}`,
  );
}
const blocksize = num(values, "blocksize", 2048);
const buffersize = num(values, "buffersize", 20);
if (blocksize === 0) throw new UsageError("blocksize must not be zero");
if (!Number.isInteger(blocksize) || blocksize < 0) {
  throw new UsageError("blocksize must be a positive integer");
}
if (!Number.isInteger(buffersize) || buffersize < 1) {
  throw new UsageError("buffersize must be at least 1");
}

const file = new SoundFile(positionals[0]);

/** The next block as float32 bytes; empty at the end of the file. */
function readBlock(): Uint8Array {
  const data = file.read(blocksize, { dtype: "float32" });
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

const queue: Uint8Array[] = [];
let space: (() => void) | null = null;
const { promise: finished, resolve: finish } = Promise.withResolvers<void>();
let failed = false;

// Pre-fill the queue; an empty block marks the end of the file.
let data = readBlock();
while (queue.length < buffersize) {
  queue.push(data);
  if (data.length === 0) break;
  if (queue.length < buffersize) data = readBlock();
}

const stream = new RawOutputStream({
  samplerate: file.samplerate,
  blocksize,
  device: parseDevice(values.device),
  channels: file.channels,
  dtype: "float32",
  callback: (outdata, frames, _time, status) => {
    if (frames !== blocksize) {
      throw new Error(`callback got ${frames} frames, not ${blocksize}`);
    }
    if (status.outputUnderflow) {
      console.error("Output underflow: increase blocksize?");
      failed = true;
      throw new CallbackAbort();
    }
    if (status.any()) throw new Error(`unexpected status: ${status}`);
    const block = queue.shift();
    space?.();
    if (block === undefined) {
      console.error("Buffer is empty: increase buffersize?");
      failed = true;
      throw new CallbackAbort();
    }
    outdata.set(block);
    if (block.length < outdata.length) {
      outdata.fill(0, block.length);
      throw new CallbackStop();
    }
  },
  finishedCallback: () => finish(),
});

const { controller, dispose } = interruptController();
const interrupted = new Promise<"interrupted">((resolve) =>
  controller.signal.addEventListener("abort", () => resolve("interrupted"))
);
await stream.start();
// Python puts with a timeout of one whole buffer: a callback that stopped
// taking blocks (an error) ends the program instead of hanging.
const timeoutMs = 1000 * blocksize * buffersize / file.samplerate;
let ending: "done" | "interrupted" | "timeout" | null = null;
reading: while (data.length > 0) {
  data = readBlock();
  while (queue.length >= buffersize) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const room = new Promise<"room" | "timeout">((resolve) => {
      space = () => resolve("room");
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const r = await Promise.race([
      room,
      finished.then(() => "done" as const),
      interrupted,
    ]);
    clearTimeout(timer);
    space = null;
    if (r !== "room") {
      ending = r;
      break reading;
    }
  }
  queue.push(data);
}
if (ending === null) {
  ending = await Promise.race([
    finished.then(() => "done" as const),
    interrupted,
  ]);
}
await stream.close();
file.close();
dispose();
if (ending === "interrupted") console.log("\ninterrupted");
else if (
  ending === "timeout" || failed || stream.callbackError !== undefined
) Deno.exit(1);
