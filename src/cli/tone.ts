/**
 * `audiodev tone`: plays a sine tone through a PortAudio output device.
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { OutputStream } from "../../mod.ts";
import { DEVICE_BUFFER_SECONDS, deviceArgument, numberOption } from "./args.ts";
import { interruptController, parseCommandLine } from "./program.ts";

/** Help of `audiodev tone`. */
export const TONE_HELP = `Usage: audiodev tone [options]

Plays a sine tone and exits when it has been heard to the end. Ctrl-C stops.

Options:
  -f, --frequency HZ    frequency (default 440)
  -a, --amplitude A     peak amplitude, 0 to 1 (default 0.3)
  --duration S          seconds (default 1)
  -d, --device DEV      output device: index or name substring
                        (audiodev devices lists them; default: the default output)
  -r, --samplerate HZ   sampling rate (default: the device's)
  -h, --help            show this help and exit`;

const OPTIONS = {
  frequency: { type: "string", short: "f", default: "440" },
  amplitude: { type: "string", short: "a", default: "0.3" },
  duration: { type: "string", default: "1" },
  device: { type: "string", short: "d" },
  samplerate: { type: "string", short: "r" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Runs `audiodev tone`.
 *
 * @param args The arguments after `tone`.
 * @returns The exit status: 0 when the tone played to its end, 130 after Ctrl-C.
 * @throws {UsageError} For a wrong command line.
 * @throws {DeviceSelectionError} When the device does not exist.
 * @example A 1 kHz beep
 * ```ts ignore
 * import { tone } from "./tone.ts";
 * await tone(["-f", "1000", "--duration", "0.2"]);
 * ```
 */
export async function tone(args: string[]): Promise<number> {
  const { values } = parseCommandLine(args, OPTIONS, {
    allowPositionals: false,
  });
  if (values.help) {
    console.log(TONE_HELP);
    return 0;
  }
  const frequency = numberOption(values.frequency, "--frequency", [
    (n) => n > 0,
    "above 0",
  ])!;
  const amplitude = numberOption(values.amplitude, "--amplitude", [
    (n) => n >= 0 && n <= 1,
    "from 0 to 1",
  ])!;
  const duration = numberOption(values.duration, "--duration", [
    (n) => n > 0,
    "above 0",
  ])!;
  const samplerate = numberOption(values.samplerate, "--samplerate", [
    (n) => n > 0,
    "above 0",
  ]);
  const stream = new OutputStream({
    device: deviceArgument(values.device),
    channels: 1,
    samplerate,
    dtype: "float32",
    latency: DEVICE_BUFFER_SECONDS,
  });
  const { controller, dispose } = interruptController();
  const stopped = new Promise<"stopped">((resolve) =>
    controller.signal.addEventListener("abort", () => resolve("stopped"), {
      once: true,
    })
  );
  try {
    const rate = stream.samplerate;
    const total = Math.round(duration * rate);
    const block = new Float32Array(Math.min(total, 2048));
    const step = 2 * Math.PI * frequency / rate;
    await stream.start();
    for (let done = 0; done < total && !controller.signal.aborted;) {
      const n = Math.min(block.length, total - done);
      for (let i = 0; i < n; i++) {
        block[i] = amplitude * Math.sin(step * (done + i));
      }
      const wrote = stream.write(block.subarray(0, n));
      if ((await Promise.race([wrote, stopped])) === "stopped") break;
      done += n;
    }
    if (controller.signal.aborted) await stream.abort();
    else await stream.stop(); // plays out the last block
  } finally {
    dispose();
    await stream.close();
  }
  return controller.signal.aborted ? 130 : 0;
}
