/**
 * Whole-file functions: {@linkcode info}, {@linkcode readFile},
 * {@linkcode writeFile} (python-soundfile's `info`, `read`, `write`).
 *
 * @module
 */

import { SF_FORMATS, SF_SUBTYPES } from "../../ffi/sndfile.ts";
import { checkCString, checkOptions, describeValue } from "../options.ts";
import {
  formatInfoText,
  type SoundFileEndian,
  type SoundFileFormat,
  type SoundFileSubtype,
} from "./formats.ts";
import {
  checkFrames,
  checkPositiveInt,
  checkSignal,
  dtypeOf,
  type SoundFileDType,
  type SoundFileSamples,
} from "./samples.ts";
import { openSoundFileFor } from "./soundfile.ts";

/** Everything {@linkcode info} reports about a file. */
export interface SoundFileInfo {
  /** The file's path. */
  readonly name: string;
  /** Frames in the file (samples per channel). */
  readonly frames: number;
  /** Sampling rate in Hz. */
  readonly samplerate: number;
  /** Channels. */
  readonly channels: number;
  /** Container format, e.g. `"WAV"`. */
  readonly format: SoundFileFormat;
  /** libsndfile's description of the format. */
  readonly formatInfo: string;
  /** Encoding, e.g. `"PCM_16"`. */
  readonly subtype: SoundFileSubtype;
  /** libsndfile's description of the subtype. */
  readonly subtypeInfo: string;
  /** Endianness. */
  readonly endian: SoundFileEndian;
  /** Duration in seconds. */
  readonly duration: number;
  /** Sections. */
  readonly sections: number;
  /** Whether the file can be seeked. */
  readonly seekable: boolean;
}

/**
 * Describes a sound file (python-soundfile's `info()`). Needs read
 * permission for `path`.
 *
 * @param path File path.
 * @returns Frames, samplerate, channels, format, subtype, duration, ...
 * @throws {TypeError} When `path` is not a string or holds a NUL byte.
 * @throws {Deno.errors.NotCapable} Without read permission for `path`.
 * @throws {SoundFileError} When the file cannot be opened or is not a sound file.
 * @example Describe a file
 * ```ts ignore
 * import { info } from "@audiodev/audiodev/soundfile";
 * const i = info("song.flac");
 * console.log(i.duration, i.samplerate, i.channels, i.subtype);
 * ```
 */
export function info(path: string): SoundFileInfo {
  checkCString("info(path)", path);
  using f = openSoundFileFor("info", path, {});
  const frames = f.frames;
  return {
    name: path,
    frames,
    samplerate: f.samplerate,
    channels: f.channels,
    format: f.format,
    formatInfo: formatInfoText(SF_FORMATS[f.format]),
    subtype: f.subtype,
    subtypeInfo: formatInfoText(SF_SUBTYPES[f.subtype]),
    endian: f.endian,
    duration: frames / f.samplerate,
    sections: f.sections,
    seekable: f.seekable,
  };
}

/** What {@linkcode readFile} returns. */
export interface ReadFileResult<T extends SoundFileSamples = SoundFileSamples> {
  /** Interleaved samples. */
  data: T;
  /** Sampling rate in Hz. */
  samplerate: number;
  /** Channels. */
  channels: number;
  /** Frames read. */
  frames: number;
}

/** Options of {@linkcode readFile}. */
export interface ReadFileOptions {
  /** Sample type (default `"float64"`). */
  dtype?: SoundFileDType;
  /** First frame to read (default 0; negative counts from the end). */
  start?: number;
  /** Frame to stop before (default: the end; negative counts from the end). */
  stop?: number;
  /** Frames to read (instead of `stop`; negative: to the end). */
  frames?: number;
  /** Pad to `frames` with this value when the file ends first. */
  fillValue?: number;
  /** Aborts the read: the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** For RAW files: sampling rate. */
  samplerate?: number;
  /** For RAW files: channels. */
  channels?: number;
  /** `"RAW"` to read headerless samples (or any format to insist on it). */
  format?: SoundFileFormat | Lowercase<SoundFileFormat>;
  /** For RAW files: encoding. */
  subtype?: SoundFileSubtype | Lowercase<SoundFileSubtype>;
  /** For RAW files: endianness. */
  endian?: SoundFileEndian;
}

const READ_FILE_OPTIONS = [
  "dtype",
  "start",
  "stop",
  "frames",
  "fillValue",
  "signal",
  "samplerate",
  "channels",
  "format",
  "subtype",
  "endian",
] as const;

function checkPosition(v: unknown, where: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "number") {
    throw new TypeError(
      `${where} must be a frame number, got ${describeValue(v)}`,
    );
  }
  if (!Number.isSafeInteger(v)) {
    throw new RangeError(
      `${where} must be an integer, got ${describeValue(v)}`,
    );
  }
  return v;
}

/**
 * Reads a whole file (or a part) into an interleaved typed array, on helper
 * threads without blocking the event loop. Needs read permission for `path`.
 *
 * @param path File path.
 * @param options dtype, start, stop, frames, fillValue, signal; for RAW files
 *   samplerate, channels, format, subtype, endian.
 * @returns Data, samplerate, channels, frames.
 * @throws {TypeError|RangeError} Bad path or options (`frames` and `stop` together).
 * @throws {Deno.errors.NotCapable} Without read permission for `path`.
 * @throws {SoundFileError} Missing, unsupported or corrupt file.
 * @throws {unknown} `signal.reason` when aborted.
 * @example Read a file
 * ```ts ignore
 * import { readFile } from "@audiodev/audiodev/soundfile";
 * const { data, samplerate, channels } = await readFile("song.wav", { dtype: "float32" });
 * ```
 */
export async function readFile(
  path: string,
  options: ReadFileOptions = {},
): Promise<ReadFileResult> {
  checkCString("readFile(path)", path);
  checkOptions("readFile", options, READ_FILE_OPTIONS);
  const o = options ?? {};
  let start = checkPosition(o.start, "readFile: start") ?? 0;
  const stopOption = checkPosition(o.stop, "readFile: stop");
  const framesOption = o.frames === undefined
    ? undefined
    : checkFrames(o.frames, "readFile: frames");
  if (
    stopOption !== undefined && framesOption !== undefined && framesOption >= 0
  ) {
    throw new TypeError(
      "readFile: give frames or stop, not both (as python-soundfile)",
    );
  }
  const signal = checkSignal(o.signal, "readFile: signal");
  signal?.throwIfAborted();
  const { dtype, fillValue, samplerate, channels, format, subtype, endian } = o;
  await using f = openSoundFileFor("readFile", path, {
    samplerate,
    channels,
    format,
    subtype,
    endian,
  });
  const total = f.frames;
  if (start < 0) start = Math.max(0, total + start);
  let count = framesOption ?? -1;
  if (stopOption !== undefined) {
    // python-soundfile: slice(start, stop).indices(frames).
    const stop = stopOption < 0 ? total + stopOption : stopOption;
    count = Math.max(0, Math.min(stop, total) - start);
  }
  if (start > 0) f.seek(Math.min(start, total));
  const data = await f.readAsync(count, { dtype, fillValue, signal });
  return {
    data,
    samplerate: f.samplerate,
    channels: f.channels,
    frames: data.length / f.channels,
  };
}

/** Options of {@linkcode writeFile}. */
export interface WriteFileOptions {
  /** Channels per frame of the interleaved `data` (default 1). */
  channels?: number;
  /** Container format (default: from the extension). */
  format?: SoundFileFormat | Lowercase<SoundFileFormat>;
  /** Encoding (default: the format's default subtype). */
  subtype?: SoundFileSubtype | Lowercase<SoundFileSubtype>;
  /** Endianness. */
  endian?: SoundFileEndian;
  /** Aborts the write: the promise rejects with `signal.reason`; the file keeps the frames written before. */
  signal?: AbortSignal;
}

/**
 * Writes interleaved samples to a file (overwriting), on helper threads
 * without blocking the event loop. Needs write permission for `path`.
 * Settings libsndfile refuses, at open (FLAC above 655350 Hz) or only at
 * the first write (Vorbis above 655350 Hz), are refused before an existing
 * file is touched: it stays byte for byte as it was.
 *
 * @param path File path; the extension picks the format unless given.
 * @param data Interleaved samples.
 * @param samplerate Sampling rate in Hz.
 * @param options channels, format, subtype, endian, signal.
 * @throws {TypeError|RangeError} Unknown format/subtype names, bad data, bad path.
 * @throws {Deno.errors.NotCapable} Without write permission for `path`.
 * @throws {SoundFileError} When the file cannot be written.
 * @throws {unknown} `signal.reason` when aborted.
 * @example Write a tone
 * ```ts ignore
 * import { writeFile } from "@audiodev/audiodev/soundfile";
 * const tone = Float32Array.from({ length: 48000 }, (_, i) => 0.3 * Math.sin(2 * Math.PI * 440 * i / 48000));
 * await writeFile("tone.flac", tone, 48000, { subtype: "PCM_24" });
 * ```
 */
export async function writeFile(
  path: string,
  data: SoundFileSamples,
  samplerate: number,
  options: WriteFileOptions = {},
): Promise<void> {
  checkCString("writeFile(path)", path);
  dtypeOf(data, "writeFile(data)");
  checkPositiveInt(
    samplerate,
    "writeFile(samplerate)",
    "a sampling rate in Hz",
  );
  checkOptions("writeFile", options, [
    "channels",
    "format",
    "subtype",
    "endian",
    "signal",
  ]);
  const o = options ?? {};
  const channels = checkPositiveInt(
    o.channels ?? 1,
    "writeFile: channels",
    "a channel count",
    1024,
  );
  if (data.length % channels !== 0) {
    throw new RangeError(
      `writeFile: ${data.length} samples is not a whole number of frames of ${channels} channels`,
    );
  }
  const signal = checkSignal(o.signal, "writeFile: signal");
  signal?.throwIfAborted();
  await using f = openSoundFileFor("writeFile", path, {
    mode: "w",
    samplerate,
    channels,
    format: o.format,
    subtype: o.subtype,
    endian: o.endian,
  });
  await f.writeAsync(data, { signal });
}
