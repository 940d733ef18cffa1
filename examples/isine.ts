/**
 * A sine whose frequency changes while it plays, like pyalsaaudio's
 * `isine.py`: a player loop writes a short buffer holding whole cycles of
 * the current frequency again and again; `change()` swaps in a new buffer,
 * which the next write picks up. Run as a script it plays 440 Hz for a
 * second, then 1000 Hz for a second; imported, it gives you `change()`:
 *
 * ```sh
 * deno run -A examples/isine.ts [-d device]
 * deno repl -A --eval 'import { change } from "./examples/isine.ts"'
 * > change(880)
 * ```
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { PCM, PCM_FORMAT_S16_LE } from "../alsa.ts";

/** Frames per second of the player. */
export const samplingRate = 48000;
const channels = 2;

/**
 * The nearest frequency whose period is a whole number of frames, so that
 * a buffer of whole cycles loops without a click.
 *
 * @param frequency Hz.
 * @returns The frequency played.
 */
export function nearestFrequency(frequency: number): number {
  return samplingRate / Math.trunc(samplingRate / frequency);
}

/**
 * A buffer of whole cycles of `frequency`, about `duration` seconds long
 * (interleaved S16_LE, both channels alike).
 *
 * @param frequency Hz (use {@linkcode nearestFrequency}).
 * @param duration Seconds (default 0.125).
 * @returns The samples.
 */
export function generate(frequency: number, duration = 0.125): Int16Array {
  const cycle = Math.trunc(samplingRate / frequency);
  const size = cycle * Math.ceil(duration * frequency);
  const out = new Int16Array(size * channels);
  for (let i = 0; i < size; i++) {
    const v = Math.trunc(
      32767 * Math.sin(2 * Math.PI * frequency * i / samplingRate),
    );
    for (let c = 0; c < channels; c++) out[i * channels + c] = v;
  }
  return out;
}

/** Plays the current buffer in a loop until stopped. */
export class SinePlayer {
  /** The PCM written to. */
  readonly device: PCM;
  #buffer: Int16Array | null = null;
  #running: Promise<void> | null = null;
  #stop = false;

  /**
   * Opens the PCM and prepares the first buffer.
   *
   * @param frequency Hz (default 440).
   * @param device ALSA PCM name (default `"default"`).
   */
  constructor(frequency = 440, device = "default") {
    // Upstream leaves pyalsaaudio's default period (32 frames: a 128-frame
    // buffer, 2.7 ms, on PulseAudio), which its C write loop keeps filled;
    // 1024-frame periods keep a loaded machine from leaving gaps, and a
    // change is still heard within 85 ms.
    this.device = new PCM({
      channels,
      format: PCM_FORMAT_S16_LE,
      rate: samplingRate,
      periodsize: 1024,
      device,
    });
    this.change(frequency);
  }

  /**
   * Switches to a new frequency (the buffer is made here, so the player
   * picks it up at its next write).
   *
   * @param frequency Hz, at most half the sampling rate.
   * @throws {RangeError} Above half the sampling rate.
   */
  change(frequency: number): void {
    if (!(frequency > 0 && frequency <= samplingRate / 2)) {
      throw new RangeError(`maximum frequency is ${samplingRate / 2}`);
    }
    const f = nearestFrequency(frequency);
    console.log(`nearest frequency: ${f.toFixed(6)}`);
    this.#buffer = generate(f);
  }

  /** Starts the player loop (it writes until {@linkcode SinePlayer.stop}). */
  start(): void {
    this.#running ??= (async () => {
      while (!this.#stop) {
        if (this.#buffer && await this.device.write(this.#buffer) < 0) {
          console.log("Playback buffer underrun! Continuing nonetheless ...");
        }
      }
    })();
  }

  /** Stops the loop, drops what is buffered and closes the PCM. */
  async stop(): Promise<void> {
    this.#stop = true;
    await this.#running;
    this.device.drop();
    await this.device.close();
  }
}

let player: SinePlayer | null = null;

/**
 * Changes the frequency of the running player (started on first use).
 *
 * @param frequency Hz.
 */
export function change(frequency: number): void {
  if (player === null) {
    player = new SinePlayer(frequency);
    player.start();
  } else player.change(frequency);
}

if (import.meta.main) {
  const { parseArgs } = await import("./_util.ts");
  const { values } = parseArgs({
    options: {
      device: { type: "string", short: "d", default: "default" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(`Usage: deno run -A examples/isine.ts [-d device]

Plays a 440 Hz sine for a second, then changes it to 1000 Hz for a second.`);
    Deno.exit(0);
  }
  const isine = new SinePlayer(440, values.device);
  isine.start();
  await new Promise((r) => setTimeout(r, 1000));
  isine.change(1000);
  await new Promise((r) => setTimeout(r, 1000));
  await isine.stop();
}
