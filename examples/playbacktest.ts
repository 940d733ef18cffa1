/**
 * Plays raw mono 44100 Hz S16_LE audio, as written by `recordtest.ts`, like
 * pyalsaaudio's `playbacktest.py`: 320 bytes (one 160-frame period) per
 * write.
 *
 * ```sh
 * deno run -A examples/recordtest.ts out.raw   # talk to the microphone
 * deno run -A examples/playbacktest.ts out.raw
 * ```
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { PCM, PCM_FORMAT_S16_LE, PCM_PLAYBACK } from "../alsa.ts";
import { interruptController, parseArgs, UsageError } from "./_util.ts";

const HELP = `Usage: deno run -A examples/playbacktest.ts [-d device] file

Plays mono 44100 Hz signed 16-bit little-endian raw audio (what recordtest.ts
records). Ctrl-C stops.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    device: { type: "string", short: "d", default: "default" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(HELP);
  Deno.exit(0);
}
if (positionals.length !== 1) {
  throw new UsageError(
    positionals.length === 0 ? "missing file" : "one file only",
  );
}

using f = await Deno.open(positionals[0], { read: true });
// Mono, 44100 Hz, 16 bit little endian frames; 160-frame periods.
const out = new PCM(PCM_PLAYBACK, {
  channels: 1,
  rate: 44100,
  format: PCM_FORMAT_S16_LE,
  periodsize: 160,
  device: values.device,
});
const { controller, dispose } = interruptController();
const buf = new Uint8Array(320);
/** Reads up to 320 bytes (fewer only at the end of the file), as f.read(320). */
async function read320(): Promise<Uint8Array> {
  let n = 0;
  while (n < buf.length) {
    const got = await f.read(buf.subarray(n));
    if (got === null) break;
    n += got;
  }
  return buf.subarray(0, n - (n % 2));
}
let data = await read320();
while (data.length > 0 && !controller.signal.aborted) {
  if (await out.write(data) < 0) {
    console.log("Playback buffer underrun! Continuing nonetheless ...");
  }
  data = await read320();
}
dispose();
if (controller.signal.aborted) out.drop();
await out.close(); // plays out what was written
