/**
 * `audiodev rec FILE`: records from a PortAudio input device into a sound
 * file, for a duration or until Ctrl-C, with the elapsed time and an input
 * level meter on a terminal. Whatever was captured when Ctrl-C came is in
 * the file, and the file is complete and valid.
 *
 * @module
 */
// deno-lint-ignore-file no-console

import {
  availableSubtypes,
  checkFormat,
  SF_FORMATS,
  SF_SUBTYPES,
} from "../../soundfile.ts";
import { InputStream } from "../../mod.ts";
import {
  SoundFile,
  type SoundFileFormat,
  type SoundFileSubtype,
} from "../../soundfile.ts";
import {
  choiceOption,
  DEVICE_BUFFER_SECONDS,
  deviceArgument,
  numberOption,
  positiveInteger,
} from "./args.ts";
import { clockTime, foldPeaks, levelMeter, StatusLine } from "./meter.ts";
import {
  interruptController,
  parseCommandLine,
  UsageError,
} from "./program.ts";

/** Help of `audiodev rec`. */
export const REC_HELP = `Usage: audiodev rec [options] FILE

Records from an input device into FILE (overwritten if it exists), for
--duration seconds or until Ctrl-C. The container format comes from the
file name's extension (.wav, .flac, .ogg, ...) unless --format is given.
On a terminal, stderr shows the elapsed time and an input level meter.
After Ctrl-C the file holds everything captured and is complete.

Options:
  -d, --device DEV      input device: index or name substring
                        (audiodev devices lists them; default: the default input)
  --duration S          seconds to record (default: until Ctrl-C)
  -r, --samplerate HZ   sampling rate (default: the device's)
  -c, --channels N      channels (default 1)
  --format FORMAT       container: WAV, FLAC, OGG, AIFF, ... (default: from the extension)
  -t, --subtype TYPE    encoding: PCM_16, PCM_24, FLOAT, VORBIS, ... (default: the format's)
  -q, --quiet           no progress or meter
  -h, --help            show this help and exit`;

const OPTIONS = {
  device: { type: "string", short: "d" },
  duration: { type: "string" },
  samplerate: { type: "string", short: "r" },
  channels: { type: "string", short: "c", default: "1" },
  format: { type: "string" },
  subtype: { type: "string", short: "t" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
} as const;

/** The container a file name's extension names (`take.flac` is FLAC), if any. */
function extensionFormat(path: string): SoundFileFormat | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toUpperCase();
  const name = ext === "AIF" ? "AIFF" : ext === "OGA" ? "OGG" : ext;
  return name !== undefined && name in SF_FORMATS
    ? name as SoundFileFormat
    : undefined;
}

/** Frames read at a time: 50 ms at 48 kHz, so Ctrl-C is answered at once. */
const CHUNK_SECONDS = 0.05;

/**
 * Runs `audiodev rec`.
 *
 * @param args The arguments after `rec`.
 * @returns The exit status: 0 after the duration or Ctrl-C.
 * @throws {UsageError} For a wrong command line.
 * @throws {DeviceSelectionError} When the device does not exist.
 * @throws {SoundFileError} When the file cannot be written.
 * @example Record five seconds
 * ```ts ignore
 * import { rec } from "./rec.ts";
 * await rec(["--duration", "5", "-c", "2", "take1.flac"]);
 * ```
 */
export async function rec(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(args, OPTIONS);
  if (values.help) {
    console.log(REC_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? "rec needs a FILE" : "rec takes one FILE",
    );
  }
  const duration = numberOption(values.duration, "--duration", [
    (n) => n > 0,
    "above 0",
  ]);
  const channels = positiveInteger(values.channels, "--channels");
  const samplerate = numberOption(values.samplerate, "--samplerate", [
    (n) => n > 0,
    "above 0",
  ]);
  const format = choiceOption(
    values.format,
    "--format",
    Object.keys(SF_FORMATS) as SoundFileFormat[],
  );
  const subtype = choiceOption(
    values.subtype,
    "--subtype",
    Object.keys(SF_SUBTYPES) as SoundFileSubtype[],
  );
  const container = format ?? extensionFormat(positionals[0]);
  if (subtype !== undefined && container !== undefined) {
    if (!checkFormat(container, subtype)) {
      throw new UsageError(
        `--subtype ${subtype} is not available for ${container}; it takes ${
          Object.keys(availableSubtypes(container)).join(", ")
        }`,
      );
    }
  }
  const stream = new InputStream({
    device: deviceArgument(values.device),
    channels,
    samplerate,
    dtype: "float32",
    latency: DEVICE_BUFFER_SECONDS,
  });
  let file: SoundFile | undefined;
  const { controller, dispose } = interruptController();
  const status = new StatusLine(values.quiet ? false : undefined);
  try {
    const rate = stream.samplerate;
    file = new SoundFile(positionals[0], {
      mode: "w",
      samplerate: rate,
      channels,
      format,
      subtype,
    });
    const limit = duration === undefined
      ? Infinity
      : Math.round(duration * rate);
    const chunk = Math.max(1, Math.round(CHUNK_SECONDS * rate));
    const peaks = new Float64Array(channels);
    let frames = 0;
    let clipped = 0;
    let overflows = 0;
    const show = (force: boolean): void => {
      const left = limit === Infinity
        ? ""
        : ` [${clockTime((limit - frames) / rate)}]`;
      if (
        status.update(
          `${clockTime(frames / rate)}${left} ${
            levelMeter(peaks)
          } Clip:${clipped}` +
            (overflows ? ` Overflows:${overflows}` : ""),
          force,
        )
      ) peaks.fill(0);
    };
    await stream.start();
    if (status.enabled) {
      console.error(
        `Recording ${
          JSON.stringify(file.name)
        }: ${file.format} ${file.subtype}, ` +
          `${rate} Hz, ${channels} channel${channels === 1 ? "" : "s"}` +
          (duration === undefined ? "; Ctrl-C stops" : ""),
      );
    }
    const keep = (data: Float32Array): void => {
      file!.write(data);
      frames += data.length / channels;
      clipped += foldPeaks(data, channels, peaks);
    };
    while (frames < limit && !controller.signal.aborted) {
      // A read in progress when Ctrl-C comes is finished and kept.
      const { data, overflowed } = await stream.read(
        Math.min(chunk, limit - frames),
      );
      if (overflowed) overflows++;
      keep(data as Float32Array);
      show(false);
    }
    if (controller.signal.aborted) {
      // What the device captured before the stop is kept too.
      const rest = Math.min(stream.readAvailable, limit - frames);
      if (rest > 0) keep((await stream.read(rest)).data as Float32Array);
    }
    await stream.stop();
    show(true);
    status.end();
    if (overflows > 0) {
      // Said on a pipe too: the file lacks what the device dropped.
      console.error(
        `audiodev: warning: the input overflowed ${overflows} time${
          overflows === 1 ? "" : "s"
        }: some input was lost (the machine was too busy)`,
      );
    }
  } finally {
    dispose();
    await stream.close();
    file?.close();
  }
  return 0;
}
