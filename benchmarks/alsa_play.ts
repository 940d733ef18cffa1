// deno-lint-ignore-file no-console
/**
 * ALSA playback, the work `aplay -t raw -f FLOAT_LE -r 48000 -c 1
 * --period-size=P --buffer-size=4P FILE` does: opens an ALSA PCM with the
 * same parameters (and aplay's start threshold, a full buffer), reads the same raw file and plays it period by period with
 * `await writeAll(pcm, block)`. The benchmark driver reads this process's CPU
 * time from /proc while it runs. Prints one JSON line.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { PCM } from "../alsa.ts";
import { writeAll } from "../mod.ts";

const { values } = parseArgs({
  options: {
    file: { type: "string" },
    periodsize: { type: "string", default: "256" },
    device: { type: "string", default: "pulse" },
    // "writeAll" (default): await writeAll(pcm, block);
    // "write": await pcm.write(block), pyalsaaudio's habit (one awaited
    // helper-thread call per period)
    mode: { type: "string", default: "writeAll" },
    // writeAll's wakeFrames (default: its own, 0.2 s)
    wake: { type: "string" },
  },
});
if (values.mode !== "writeAll" && values.mode !== "write") {
  throw new Error(`--mode must be writeAll or write, got ${values.mode}`);
}
if (!values.file) throw new Error("--file RAW is required");
const periodsize = Number(values.periodsize);
const pcm = new PCM({
  device: values.device,
  rate: 48000,
  channels: 1,
  format: "FLOAT_LE",
  periodsize,
  periods: 4,
  startThreshold: "buffer", // aplay's default start threshold
});
const wakeOpts = values.wake ? { wakeFrames: Number(values.wake) } : {};
const data = new Float32Array(Deno.readFileSync(values.file).buffer);
let writes = 0;
for (let at = 0; at < data.length; at += pcm.periodsize) {
  const block = data.subarray(at, at + pcm.periodsize);
  if (values.mode === "write") await pcm.write(block);
  else await writeAll(pcm, block, wakeOpts);
  writes++;
}
await pcm.drain();
console.log(JSON.stringify({
  writes,
  periodsize: pcm.periodsize,
  periods: pcm.periods,
  xruns: pcm.xruns,
}));
await pcm.close();
