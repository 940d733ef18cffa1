/**
 * Records raw CD-quality audio (44100 Hz, 2 channels, S16_LE) to a file
 * until Ctrl-C or `--seconds`, like pyalsaaudio's `recordtest.py`. Play it
 * back with `playbacktest.ts`.
 *
 * ```sh
 * deno run -A examples/recordtest.ts [-d device] [-s seconds] out.raw
 * ```
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { parseArgs } from "node:util";
import { PCM } from "../alsa.ts";

const HELP =
  `Usage: deno run -A examples/recordtest.ts [-d device] [-s seconds] file

Records 44100 Hz, 2 channel, signed 16-bit little-endian raw audio until Ctrl-C
(or for the given seconds).`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    device: { type: "string", short: "d", default: "default" },
    seconds: { type: "string", short: "s" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help || positionals.length !== 1) {
  console.log(HELP);
  Deno.exit(values.help ? 0 : 2);
}

const pcm = new PCM({
  type: "capture",
  device: values.device,
  channels: 2,
  rate: 44100,
  format: "S16_LE",
  periodsize: 160,
});
const out = await Deno.open(positionals[0], {
  write: true,
  create: true,
  truncate: true,
});
const limit = values.seconds ? Number(values.seconds) * 44100 : Infinity;
let frames = 0;
let stopping = false;
const onInt = (): void => {
  stopping = true;
};
Deno.addSignalListener("SIGINT", onInt);
while (!stopping && frames < limit) {
  const [n, data] = await pcm.read();
  if (n < 0) {
    console.error("overrun: some input was lost");
    continue;
  }
  const keep = Math.min(n, limit - frames);
  await out.write(data.subarray(0, keep * 4));
  frames += keep;
}
Deno.removeSignalListener("SIGINT", onInt);
out.close();
await pcm.close();
console.log(
  `Recorded ${frames} frames (${(frames / 44100).toFixed(2)} s) to ${
    positionals[0]
  }`,
);
