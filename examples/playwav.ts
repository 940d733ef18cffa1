/**
 * Plays a WAV (or any libsndfile-readable) file through an ALSA PCM, like
 * pyalsaaudio's `playwav.py`.
 *
 * ```sh
 * deno run -A examples/playwav.ts [-d device] file.wav
 * ```
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { PCM } from "../alsa.ts";
import { SoundFile } from "../soundfile.ts";
import { parseArgs, UsageError } from "./_util.ts";

const HELP =
  `Usage: deno run -A examples/playwav.ts [-d device] [-p periodsize] file

Plays a sound file through an ALSA PCM device (default: "default").`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    device: { type: "string", short: "d", default: "default" },
    periodsize: { type: "string", short: "p", default: "1024" },
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

using file = new SoundFile(positionals[0]);
// 24/32-bit files play as S32_LE, float files as FLOAT_LE, the rest as S16_LE.
const [format, dtype] = ["PCM_24", "PCM_32"].includes(file.subtype)
  ? ["S32_LE", "int32"] as const
  : ["FLOAT", "DOUBLE"].includes(file.subtype)
  ? ["FLOAT_LE", "float32"] as const
  : ["S16_LE", "int16"] as const;
const periodsize = Number(values.periodsize);
const pcm = new PCM({
  device: values.device,
  channels: file.channels,
  rate: file.samplerate,
  format,
  periodsize,
});
console.log(
  `${file.channels} channels, ${file.samplerate} Hz, ${file.subtype} -> ${format}, ` +
    `period ${pcm.periodsize} frames, device ${values.device}`,
);
let stopping = false;
const onInt = (): void => {
  stopping = true;
};
Deno.addSignalListener("SIGINT", onInt);
for (const block of file.blocks({ blocksize: pcm.periodsize, dtype })) {
  if (stopping) break;
  const bytes = new Uint8Array(
    block.buffer,
    block.byteOffset,
    block.byteLength,
  );
  let r = await pcm.write(bytes);
  if (r < 0) r = await pcm.write(bytes); // underrun: play the block anyway
}
Deno.removeSignalListener("SIGINT", onInt);
if (stopping) pcm.drop();
await pcm.close(); // drains what was written
