/**
 * `audiodev play FILE...`: plays sound files through a PortAudio output
 * device, with elapsed and remaining time and a level meter on a terminal.
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { OutputStream } from "../../mod.ts";
import { SoundFile } from "../../soundfile.ts";
import {
  DEVICE_BUFFER_SECONDS,
  deviceArgument,
  positiveInteger,
} from "./args.ts";
import { clockTime, foldPeaks, levelMeter, StatusLine } from "./meter.ts";
import {
  interruptController,
  parseCommandLine,
  UsageError,
} from "./program.ts";

/** Help of `audiodev play`. */
export const PLAY_HELP = `Usage: audiodev play [options] FILE...

Plays sound files in any format libsndfile reads (WAV, FLAC, Ogg Vorbis,
Opus, MP3, AIFF, ...), one after the other. On a terminal, stderr shows the
elapsed and remaining time and a level meter per channel. Ctrl-C stops at
once.

Options:
  -d, --device DEV      output device: index or name substring
                        (audiodev devices lists them; default: the default output)
  -b, --blocksize N     frames per write (default 2048)
  -q, --quiet           no progress or meter
  -h, --help            show this help and exit`;

const OPTIONS = {
  device: { type: "string", short: "d" },
  blocksize: { type: "string", short: "b", default: "2048" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Runs `audiodev play`.
 *
 * @param args The arguments after `play`.
 * @returns The exit status: 0 when every file played to its end, 130 when
 *   Ctrl-C stopped it.
 * @throws {UsageError} For a wrong command line.
 * @throws {SoundFileError} When a file cannot be opened or read.
 * @throws {DeviceSelectionError} When the device does not exist.
 * @example Play a file
 * ```ts ignore
 * import { play } from "./play.ts";
 * await play(["-d", "pulse", "song.flac"]);
 * ```
 */
export async function play(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(args, OPTIONS);
  if (values.help) {
    console.log(PLAY_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError("play needs a FILE");
  const blocksize = positiveInteger(values.blocksize, "--blocksize");
  const device = deviceArgument(values.device);
  // Open every file first: a missing one is reported before any sound.
  const files = positionals.map((p) => new SoundFile(p));
  const status = new StatusLine(values.quiet ? false : undefined);
  const { controller, dispose } = interruptController();
  try {
    for (const file of files) {
      if (controller.signal.aborted) break;
      await playOne(file, device, blocksize, status, controller.signal);
    }
  } finally {
    dispose();
    for (const f of files) f.close();
  }
  return controller.signal.aborted ? 130 : 0;
}

async function playOne(
  file: SoundFile,
  device: number | string | undefined,
  blocksize: number,
  status: StatusLine,
  signal: AbortSignal,
): Promise<void> {
  const channels = file.channels;
  const rate = file.samplerate;
  const stream = new OutputStream({
    device,
    channels,
    samplerate: rate,
    dtype: "float32",
    latency: DEVICE_BUFFER_SECONDS,
  });
  const total = file.frames / rate;
  if (status.enabled) {
    console.error(
      `\n${file.name}:\n  ${file.format} ${file.subtype}, ${rate} Hz, ` +
        `${channels} channel${channels === 1 ? "" : "s"}, ${clockTime(total)}`,
    );
  }
  const buffer = new Float32Array(blocksize * channels);
  const peaks = new Float64Array(channels);
  const aborted = new Promise<"aborted">((resolve) => {
    if (signal.aborted) resolve("aborted");
    signal.addEventListener("abort", () => resolve("aborted"), { once: true });
  });
  let written = 0;
  let clipped = 0;
  let underflows = 0;
  try {
    await stream.start();
    while (!signal.aborted) {
      const data = file.read(blocksize, { out: buffer }) as Float32Array;
      if (data.length === 0) break;
      clipped += foldPeaks(data, channels, peaks);
      const wrote = await Promise.race([stream.write(data), aborted]);
      if (wrote === "aborted") break;
      if (wrote) underflows++;
      written += data.length / channels;
      const played = Math.max(0, written / rate - outputLatency(stream));
      if (
        status.update(
          `${clockTime(played)} [${clockTime(total - played)}] ` +
            `${levelMeter(peaks)} Clip:${clipped}`,
        )
      ) peaks.fill(0);
    }
    if (signal.aborted) await stream.abort();
    else await stream.stop(); // plays out what was written
    status.update(
      `${clockTime(signal.aborted ? written / rate : total)} ` +
        `[${clockTime(signal.aborted ? total - written / rate : 0)}] ` +
        `${levelMeter(peaks)} Clip:${clipped}`,
      true,
    );
    status.end();
    if (underflows > 0) {
      // Said on a pipe too: what was heard had gaps.
      console.error(
        `audiodev: warning: ${file.name}: the output underflowed ${underflows} time${
          underflows === 1 ? "" : "s"
        } (gaps were heard)`,
      );
    }
  } finally {
    await stream.close();
  }
}

function outputLatency(stream: OutputStream): number {
  const l = stream.latency;
  return typeof l === "number" ? l : l[1];
}
