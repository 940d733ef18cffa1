/**
 * Records raw mono 44100 Hz S16_LE audio from a nonblocking capture PCM to
 * a file, like pyalsaaudio's `recordtest.py` (160-frame periods: each read
 * returns 320 bytes or none), until Ctrl-C or `--seconds`. Play it back
 * with `playbacktest.ts` or `aplay -r 44100 -f S16_LE -c 1 out.raw`.
 *
 * ```sh
 * deno run -A examples/recordtest.ts [-d device] [-s seconds] out.raw
 * ```
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { PCM, PCM_CAPTURE, PCM_FORMAT_S16_LE, PCM_NONBLOCK } from "../alsa.ts";
import { interruptController, parseArgs, UsageError } from "./_util.ts";

const HELP =
  `Usage: deno run -A examples/recordtest.ts [-d device] [-s seconds] file

Records mono 44100 Hz signed 16-bit little-endian raw audio until Ctrl-C (or
for the given seconds).`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    device: { type: "string", short: "d", default: "default" },
    seconds: { type: "string", short: "s" },
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
const seconds = values.seconds === undefined
  ? Infinity
  : Number(values.seconds);
if (!(seconds > 0)) {
  throw new UsageError(
    `--seconds must be a positive number, got ${values.seconds}`,
  );
}

using f = await Deno.open(positionals[0], {
  write: true,
  create: true,
  truncate: true,
});
// Nonblocking capture, mono, 44100 Hz, 16 bit little endian; a read returns
// one 160-frame period (320 bytes) or nothing.
const inp = new PCM(PCM_CAPTURE, PCM_NONBLOCK, {
  channels: 1,
  rate: 44100,
  format: PCM_FORMAT_S16_LE,
  periodsize: 160,
  device: values.device,
});
const { controller, dispose } = interruptController();
const limit = seconds * 44100;
let frames = 0;
while (!controller.signal.aborted && frames < limit) {
  const [l, data] = await inp.read();
  if (l < 0) {
    console.log("Capture buffer overrun! Continuing nonetheless ...");
  } else if (l) {
    const keep = Math.min(l, limit - frames);
    const bytes = data.subarray(0, keep * 2);
    for (let off = 0; off < bytes.length;) {
      off += await f.write(bytes.subarray(off));
    }
    frames += keep;
  } else {
    await inp.wait(100); // nothing yet: sleep on the poll descriptors
  }
}
dispose();
await inp.close();
console.log(
  `Recorded ${frames} frames (${(frames / 44100).toFixed(2)} s) to ${
    positionals[0]
  }`,
);
