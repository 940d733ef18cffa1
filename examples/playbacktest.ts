/**
 * Plays raw CD-quality audio (44100 Hz, 2 channels, S16_LE), as written by
 * `recordtest.ts`, like pyalsaaudio's `playbacktest.py`.
 *
 * ```sh
 * deno run -A examples/playbacktest.ts [-d device] in.raw
 * ```
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { parseArgs } from "node:util";
import { PCM } from "../alsa.ts";

const HELP = `Usage: deno run -A examples/playbacktest.ts [-d device] file

Plays 44100 Hz, 2 channel, signed 16-bit little-endian raw audio. Ctrl-C stops.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    device: { type: "string", short: "d", default: "default" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help || positionals.length !== 1) {
  console.log(HELP);
  Deno.exit(values.help ? 0 : 2);
}

const pcm = new PCM({
  device: values.device,
  channels: 2,
  rate: 44100,
  format: "S16_LE",
  periodsize: 160,
});
using file = await Deno.open(positionals[0], { read: true });
const buf = new Uint8Array(pcm.periodsize * pcm.framesize);
let stopping = false;
const onInt = (): void => {
  stopping = true;
};
Deno.addSignalListener("SIGINT", onInt);
let leftover = 0;
while (!stopping) {
  const n = await file.read(buf.subarray(leftover));
  if (n === null) break;
  const have = leftover + n;
  const whole = have - (have % pcm.framesize);
  if (whole > 0 && (await pcm.write(buf.subarray(0, whole))) < 0) {
    await pcm.write(buf.subarray(0, whole));
  }
  buf.copyWithin(0, whole, have);
  leftover = have - whole;
}
Deno.removeSignalListener("SIGINT", onInt);
if (stopping) pcm.drop();
await pcm.close();
