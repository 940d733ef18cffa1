// deno-lint-ignore-file no-console
/**
 * ALSA capture, the work `arecord -t raw -f FLOAT_LE -r 48000 -c 1
 * --period-size=P --buffer-size=4P -d SECONDS /dev/null` does: opens an ALSA
 * capture PCM with the same parameters and reads period-sized blocks with
 * `for await (const block of inputBlocks(pcm, { reuse: true }))` for
 * `--seconds` seconds of audio, keeping nothing. The benchmark driver reads
 * this process's CPU time from /proc while it runs. Prints one JSON line.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { PCM } from "../alsa.ts";
import { inputBlocks } from "../mod.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    periodsize: { type: "string", default: "256" },
    device: { type: "string", default: "pulse" },
    // frames per block (default: the period size); a block of a whole device
    // buffer or more is read by one helper-thread call that waits in ALSA
    blocksize: { type: "string" },
  },
});
const pcm = new PCM({
  type: "capture",
  device: values.device,
  rate: 48000,
  channels: 1,
  format: "FLOAT_LE",
  periodsize: Number(values.periodsize),
  periods: 4,
});
const total = Number(values.seconds) * 48000;
let frames = 0;
let blocks = 0;
let peak = 0;
for await (
  const block of inputBlocks(pcm, {
    blocksize: values.blocksize ? Number(values.blocksize) : pcm.periodsize,
    reuse: true,
  })
) {
  const b = block as Float32Array;
  for (let i = 0; i < b.length; i += 64) peak = Math.max(peak, Math.abs(b[i]));
  frames += b.length;
  blocks++;
  if (frames >= total) break;
}
console.log(JSON.stringify({
  blocks,
  frames,
  periodsize: pcm.periodsize,
  xruns: pcm.xruns,
  peak,
}));
await pcm.close();
