/**
 * Memory use while writing, like pyalsaaudio's `play_rusage.py`: writes
 * 44100 bytes of silence, sleeps a second, and every 10 writes prints the
 * peak resident set size (`ru_maxrss`, read as `VmHWM` from
 * `/proc/self/status`) and how much it grew. A leak in the write path shows
 * as steady growth. Runs until Ctrl-C, or `--count` writes.
 *
 * ```sh
 * deno run -A examples/play_rusage.ts [-d device] [-n count] [-e every] [-w seconds]
 * ```
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { PCM } from "../alsa.ts";
import { interruptController, parseArgs, UsageError } from "./_util.ts";

const HELP =
  `Usage: deno run -A examples/play_rusage.ts [-d device] [-n count] [-e every] [-w seconds]

Writes 44100 bytes of silence, then sleeps (-w, default 1 s), over and over;
every -e writes (default 10) prints the peak RSS and its growth. Ends after
-n writes (default: Ctrl-C).`;

const { values } = parseArgs({
  options: {
    device: { type: "string", short: "d", default: "default" },
    count: { type: "string", short: "n" },
    every: { type: "string", short: "e", default: "10" },
    wait: { type: "string", short: "w", default: "1" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(HELP);
  Deno.exit(0);
}
const count = values.count === undefined ? Infinity : Number(values.count);
const every = Number(values.every);
const wait = Number(values.wait);
if (!(count > 0) || !Number.isInteger(every) || every < 1 || !(wait >= 0)) {
  throw new UsageError(
    "-n must be a positive number, -e a positive integer, -w seconds >= 0",
  );
}

/** The peak resident set size in kB (what getrusage() calls ru_maxrss). */
function maxRss(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
}

const device = new PCM({ device: values.device });
const silence = new Uint8Array(44100);
const { controller, dispose } = interruptController();
let seconds = 0;
let max = 0;
while (seconds < count && !controller.signal.aborted) {
  await device.write(silence);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait * 1000));
  seconds += 1;
  if (seconds % every === 0) {
    const prev = max;
    max = maxRss();
    console.log(
      `After ${seconds}s: max RSS ${max} kB, increased ${max - prev} kB`,
    );
  }
}
dispose();
await device.close();
