// deno-lint-ignore-file no-console
/**
 * Plays a web stream (python-sounddevice's `play_stream.py`): `ffprobe`
 * reads the stream's channels and sample rate, `ffmpeg` decodes it to raw
 * float32 on its stdout, and a `RawOutputStream`'s callback takes blocks
 * from a queue of at most `--buffersize` blocks. Any URL or file ffmpeg can
 * read works (Debian package `ffmpeg`). Unlike a radio stream, a file ends:
 * the last block is padded with silence and playback stops after it.
 *
 * Run: `deno run -A examples/play_stream.ts http://icecast.spc.org:8000/longplayer`
 *
 * @module
 */
import { CallbackAbort, CallbackStop, RawOutputStream } from "../mod.ts";
import {
  interruptController,
  num,
  parseDevice,
  parseExampleArgs,
  UsageError,
} from "./_util.ts";

const usage = `usage: play_stream.ts [options] URL

Plays a web stream (or any file ffmpeg can decode).

positional arguments:
  URL                     stream URL

options:
  -h, --help              show this help and exit
  -l, --list-devices      list audio devices and exit
  -d, --device DEVICE     output device (numeric ID or name substring)
  -b, --blocksize N       block size (default: 1024)
  -q, --buffersize N      number of blocks used for buffering (default: 20)`;

const { values, positionals } = parseExampleArgs({
  device: { type: "string", short: "d" },
  blocksize: { type: "string", short: "b", default: "1024" },
  buffersize: { type: "string", short: "q", default: "20" },
}, usage);
if (positionals.length !== 1) {
  throw new UsageError(
    positionals.length === 0
      ? "the following arguments are required: URL"
      : `unrecognized arguments: ${positionals.slice(1).join(" ")}`,
  );
}
const url = positionals[0];
const blocksize = num(values, "blocksize", 1024);
const buffersize = num(values, "buffersize", 20);
if (blocksize === 0) throw new UsageError("blocksize must not be zero");
if (!Number.isInteger(blocksize) || blocksize < 0) {
  throw new UsageError("blocksize must be a positive integer");
}
if (!Number.isInteger(buffersize) || buffersize < 1) {
  throw new UsageError("buffersize must be at least 1");
}

/** Runs a program from Debian's ffmpeg package, with a clear error when it is missing. */
function ffmpegTool(name: "ffprobe" | "ffmpeg", args: string[]): Deno.Command {
  return new Deno.Command(name, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

console.log("Getting stream information ...");
let probe: Deno.CommandOutput;
try {
  probe = await ffmpegTool("ffprobe", [
    "-v",
    "error",
    "-show_streams",
    "-of",
    "json",
    url,
  ]).output();
} catch (e) {
  if (e instanceof Deno.errors.NotFound) {
    throw new Error("ffprobe not found: install Debian's ffmpeg package");
  }
  throw e;
}
if (!probe.success) {
  const text = new TextDecoder().decode(probe.stderr).trim();
  throw new Error(`ffprobe: ${text.split("\n").at(-1) || "failed"}`);
}
const info = JSON.parse(new TextDecoder().decode(probe.stdout)) as {
  streams?: { codec_type?: string; channels?: number; sample_rate?: string }[];
};
const streams = info.streams ?? [];
if (streams.length !== 1) {
  throw new Error("There must be exactly one stream available");
}
if (streams[0].codec_type !== "audio") {
  throw new Error("The stream must be an audio stream");
}
const channels = Number(streams[0].channels);
const samplerate = Number(streams[0].sample_rate);

const queue: Uint8Array[] = [];
let space: (() => void) | null = null;
let failed = false;
const { promise: finished, resolve: finish } = Promise.withResolvers<void>();

console.log("Opening stream ...");
const decoder = ffmpegTool("ffmpeg", [
  "-loglevel",
  "quiet",
  "-i",
  url,
  "-f",
  "f32le",
  "-acodec",
  "pcm_f32le",
  "-ac",
  String(channels),
  "-ar",
  String(samplerate),
  "pipe:",
]).spawn();
decoder.stderr.cancel();
const stream = new RawOutputStream({
  samplerate,
  blocksize,
  device: parseDevice(values.device),
  channels,
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
      outdata.fill(0, block.length); // the end of a file
      throw new CallbackStop();
    }
  },
  finishedCallback: () => finish(),
});
const readSize = blocksize * channels * (stream.samplesize as number);

/** Reads exactly `readSize` bytes from ffmpeg (fewer only at its end). */
const reader = decoder.stdout.getReader();
let pending = new Uint8Array(0);
async function readBlock(): Promise<Uint8Array> {
  while (pending.length < readSize) {
    const r = await reader.read();
    if (r.done) break;
    const joined = new Uint8Array(pending.length + r.value.length);
    joined.set(pending);
    joined.set(r.value, pending.length);
    pending = joined;
  }
  const n = Math.min(
    readSize,
    pending.length - pending.length % (readSize / blocksize),
  );
  const block = pending.slice(0, n);
  pending = pending.slice(n);
  return block;
}

console.log("Buffering ...");
for (let i = 0; i < buffersize; i++) {
  const block = await readBlock();
  queue.push(block);
  if (block.length < readSize) break;
}

const { controller, dispose } = interruptController();
const interrupted = new Promise<"interrupted">((resolve) =>
  controller.signal.addEventListener("abort", () => resolve("interrupted"))
);
console.log("Starting Playback ...");
await stream.start();
const timeoutMs = 1000 * blocksize * buffersize / samplerate;
let ending: "done" | "interrupted" | "timeout" | null = null;
let last = queue.at(-1)!;
reading: while (last.length === readSize) {
  const block = await readBlock();
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
  queue.push(block);
  last = block;
}
if (ending === null) {
  ending = await Promise.race([
    finished.then(() => "done" as const),
    interrupted,
  ]);
}
await stream.close();
try {
  decoder.kill("SIGTERM");
} catch {
  // ffmpeg already ended
}
await reader.cancel().catch(() => {});
await decoder.status;
dispose();
if (ending === "interrupted") console.log("\ninterrupted");
else if (
  ending === "timeout" || failed || stream.callbackError !== undefined
) Deno.exit(1);
