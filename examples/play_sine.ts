// deno-lint-ignore-file no-console
/**
 * Plays a sine tone until Return is pressed (python-sounddevice's
 * `play_sine.py`): an output stream at the device's default sample rate
 * whose callback computes each block from a running frame index.
 *
 * Run: `deno run -A examples/play_sine.ts 440 -a 0.3`
 *
 * @module
 */
import { OutputStream, queryDevices } from "../mod.ts";
import {
  interruptController,
  num,
  parseDevice,
  parseExampleArgs,
  UsageError,
} from "./_util.ts";

const usage = `usage: play_sine.ts [options] [FREQUENCY]

Plays a sine signal until Return is pressed.

positional arguments:
  FREQUENCY               frequency in Hz (default: 500)

options:
  -h, --help              show this help and exit
  -l, --list-devices      list audio devices and exit
  -d, --device DEVICE     output device (numeric ID or name substring)
  -a, --amplitude A       amplitude (default: 0.2)`;

const { values, positionals } = parseExampleArgs({
  device: { type: "string", short: "d" },
  amplitude: { type: "string", short: "a", default: "0.2" },
}, usage);
if (positionals.length > 1) {
  throw new UsageError(
    `unrecognized arguments: ${positionals.slice(1).join(" ")}`,
  );
}
const frequency = positionals.length === 0 ? 500 : Number(positionals[0]);
if (positionals.length === 1 && !Number.isFinite(frequency)) {
  throw new UsageError(
    `FREQUENCY: ${JSON.stringify(positionals[0])} is not a number`,
  );
}
const amplitude = num(values, "amplitude", 0.2);
const device = parseDevice(values.device);

const samplerate =
  (device === undefined
    ? queryDevices(undefined, "output")
    : queryDevices(device, "output")).defaultSamplerate;

let startIndex = 0;
const stream = new OutputStream({
  device,
  channels: 1,
  samplerate,
  callback: (outdata, frames, _time, status) => {
    if (status.any()) console.error(status.toString());
    const w = 2 * Math.PI * frequency / samplerate;
    for (let i = 0; i < frames; i++) {
      outdata[i] = amplitude * Math.sin(w * (startIndex + i));
    }
    startIndex += frames;
  },
});

/** Resolves at the first newline on stdin, at its end, or on Ctrl-C. */
async function returnPressed(signal: AbortSignal): Promise<void> {
  const reader = Deno.stdin.readable.getReader();
  const stop = new Promise<void>((resolve) =>
    signal.addEventListener("abort", () => resolve(), { once: true })
  );
  for (;;) {
    const r = await Promise.race([reader.read(), stop]);
    if (!r || r.done || r.value.includes(10)) return;
  }
}

const { controller, dispose } = interruptController();
await stream.start();
console.log("#".repeat(80));
console.log("press Return to quit");
console.log("#".repeat(80));
await returnPressed(controller.signal);
await stream.close();
dispose();
if (controller.signal.aborted) console.log("\ninterrupted");
Deno.exit(0); // a pending stdin read would keep the process alive
