/**
 * Plays a sine tone through the default output device (the README's main job).
 *
 * ```sh
 * deno run -A examples/tone.ts --frequency 440 --duration 1.5
 * ```
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { CallbackStop, OutputStream, queryDevices } from "../mod.ts";
import { parseDevice, parseExampleArgs, UsageError } from "./_util.ts";

const HELP = `Usage: deno run -A examples/tone.ts [options]

Plays a sine tone through an output device and exits when it has been heard to the end.

Options:
  -f, --frequency HZ    tone frequency (default 440)
  -a, --amplitude A     peak amplitude, 0..1 (default 0.3)
  --duration S          seconds (default 1.5)
  -d, --device DEV      output device index or name substring (default: the default device)
  -r, --samplerate HZ   sampling rate (default: the device's)
  -l, --list-devices    list devices and exit
  -h, --help            show this help and exit
`;

const { values } = parseExampleArgs({
  frequency: { type: "string", short: "f", default: "440" },
  amplitude: { type: "string", short: "a", default: "0.3" },
  duration: { type: "string", default: "1.5" },
  device: { type: "string", short: "d" },
  samplerate: { type: "string", short: "r" },
}, HELP);

const frequency = Number(values.frequency);
const amplitude = Number(values.amplitude);
const duration = Number(values.duration);
for (
  const [name, v, ok, allowed] of [
    ["frequency", values.frequency, frequency > 0, "a number of Hz above 0"],
    ["amplitude", values.amplitude, amplitude >= 0 && amplitude <= 1, "0 to 1"],
    ["duration", values.duration, duration > 0, "seconds above 0"],
  ] as const
) {
  if (!ok) {
    throw new UsageError(`--${name} ${JSON.stringify(v)}: must be ${allowed}`);
  }
}
const device = parseDevice(values.device) ?? null;

let phase = 0;
let remaining = 0;
const stream = new OutputStream({
  device,
  channels: 1,
  samplerate: values.samplerate ? Number(values.samplerate) : undefined,
  callback: (outdata, frames) => {
    const out = outdata as Float32Array;
    const n = Math.min(frames, remaining);
    const step = 2 * Math.PI * frequency / stream.samplerate;
    for (let i = 0; i < n; i++) {
      out[i] = amplitude * Math.sin(phase);
      phase += step;
    }
    out.fill(0, n);
    remaining -= n;
    if (remaining <= 0) throw new CallbackStop();
  },
});
remaining = Math.round(duration * stream.samplerate);
const name = queryDevices(stream.device as number).name;
console.log(
  `Playing ${frequency} Hz at amplitude ${amplitude} for ${duration} s on device ${stream.device} (${name})`,
);
Deno.addSignalListener(
  "SIGINT",
  () => stream.abort().finally(() => Deno.exit(130)),
);
await stream.start();
await stream.finished;
await stream.close();
if (stream.callbackError) throw stream.callbackError;
