/**
 * The options objects of {@linkcode SoundFile}'s constructor and methods.
 *
 * @module
 */

import type {
  SoundFileEndian,
  SoundFileFormat,
  SoundFileSubtype,
} from "./formats.ts";
import type { SoundFileMode } from "./open.ts";
import type { SoundFileDType, SoundFileSamples } from "./samples.ts";

/** Options of the {@linkcode SoundFile} constructor. */
export interface SoundFileOptions {
  /** `"r"` (default), `"r+"`, `"w"`, `"w+"`, `"x"`, `"x+"`. */
  mode?: SoundFileMode;
  /** Sampling rate (needed to write, and for RAW files). */
  samplerate?: number;
  /** Channels (needed to write, and for RAW files). */
  channels?: number;
  /** Container format; default: from the file extension. */
  format?: SoundFileFormat | Lowercase<SoundFileFormat>;
  /** Encoding; default: the format's default subtype. */
  subtype?: SoundFileSubtype | Lowercase<SoundFileSubtype>;
  /** Endianness; default `"FILE"`. */
  endian?: SoundFileEndian;
}

/** The keys {@linkcode SoundFileOptions} may have. */
export const SOUNDFILE_OPTIONS = [
  "mode",
  "samplerate",
  "channels",
  "format",
  "subtype",
  "endian",
] as const;

/** Options of {@linkcode SoundFile.read}. */
export interface ReadOptions {
  /** Sample type (default `"float64"`; with `out`, the type of `out`). */
  dtype?: SoundFileDType;
  /** A buffer to fill instead of a new array; at most its length is read. */
  out?: SoundFileSamples;
  /** Pad to `frames` with this value when the file ends first (default: return fewer frames). */
  fillValue?: number;
}

/** Options of {@linkcode SoundFile.readAsync}. */
export interface ReadAsyncOptions {
  /** Sample type (default `"float64"`). */
  dtype?: SoundFileDType;
  /** Pad to `frames` with this value when the file ends first. */
  fillValue?: number;
  /** Aborts the read: the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/** Options of {@linkcode SoundFile.writeAsync}. */
export interface WriteAsyncOptions {
  /** Aborts the write: the promise rejects with `signal.reason`; the frames written before stay in the file. */
  signal?: AbortSignal;
}
