/**
 * Sound files through libsndfile: what python-soundfile gives
 * python-sounddevice users, in TypeScript.
 *
 * Samples are interleaved typed arrays: `Float64Array` (`"float64"`),
 * `Float32Array` (`"float32"`), `Int32Array` (`"int32"`), `Int16Array`
 * (`"int16"`). Floats are in -1.0..1.0; integers use their full range.
 *
 * @module
 */

import {
  SF_ENDIANS,
  SF_FORMAT_ENDMASK,
  SF_FORMAT_INFO,
  SF_FORMAT_SUBMASK,
  SF_FORMAT_TYPEMASK,
  SF_FORMATS,
  SF_INFO,
  SF_SUBTYPES,
  SFC,
  SFM_RDWR,
  SFM_READ,
  SFM_WRITE,
  sndfile,
} from "../../ffi/sndfile.ts";
import { readField, writeField } from "../../ffi/struct.ts";

/** Container format names (python-soundfile's). */
export type SoundFileFormat = keyof typeof SF_FORMATS;
/** Subtype (encoding) names (python-soundfile's). */
export type SoundFileSubtype = keyof typeof SF_SUBTYPES;
/** Endianness names. */
export type SoundFileEndian = keyof typeof SF_ENDIANS;
/** Sample types for reading and writing. */
export type SoundFileDType = "float64" | "float32" | "int32" | "int16";
/** Sample arrays for reading and writing. */
export type SoundFileSamples =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array;
/** Open modes, as in python-soundfile: read, write (truncate), exclusive create; `+` adds the other direction. */
export type SoundFileMode = "r" | "r+" | "w" | "w+" | "x" | "x+";

/**
 * A libsndfile failure: cannot open, unsupported or corrupt file, failed read or write.
 *
 * @example
 * ```ts ignore
 * import { readFile, SoundFileError } from "@audiodev/audiodev/soundfile";
 * try {
 *   await readFile("missing.wav");
 * } catch (e) {
 *   if (e instanceof SoundFileError) console.log(e.code, e.path, e.message);
 * }
 * ```
 */
export class SoundFileError extends Error {
  /** libsndfile's error number (0 when the error is not libsndfile's). */
  readonly code: number;
  /** The failing libsndfile call, e.g. `"sf_open"`. */
  readonly call: string;
  /** The file concerned. */
  readonly path: string;

  /**
   * Creates the error.
   *
   * @param message Text.
   * @param options Code, failing call and path.
   */
  constructor(
    message: string,
    options: { code?: number; call?: string; path?: string; cause?: unknown } =
      {},
  ) {
    super(message, { cause: options.cause });
    this.name = "SoundFileError";
    this.code = options.code ?? 0;
    this.call = options.call ?? "";
    this.path = options.path ?? "";
  }
}

const encoder = new TextEncoder();
const FORMAT_BY_CODE = new Map<number, SoundFileFormat>(
  Object.entries(SF_FORMATS).map(([k, v]) => [v, k as SoundFileFormat]),
);
const SUBTYPE_BY_CODE = new Map<number, SoundFileSubtype>(
  Object.entries(SF_SUBTYPES).map(([k, v]) => [v, k as SoundFileSubtype]),
);
const ENDIAN_BY_CODE = new Map<number, SoundFileEndian>(
  Object.entries(SF_ENDIANS).map(([k, v]) => [v, k as SoundFileEndian]),
);

const DEFAULT_SUBTYPES: Partial<Record<SoundFileFormat, SoundFileSubtype>> = {
  WAV: "PCM_16",
  AIFF: "PCM_16",
  AU: "PCM_16",
  PAF: "PCM_16",
  SVX: "PCM_16",
  NIST: "PCM_16",
  VOC: "PCM_16",
  IRCAM: "PCM_16",
  W64: "PCM_16",
  MAT4: "DOUBLE",
  MAT5: "DOUBLE",
  PVF: "PCM_16",
  XI: "DPCM_16",
  HTK: "PCM_16",
  SDS: "PCM_16",
  AVR: "PCM_16",
  WAVEX: "PCM_16",
  SD2: "PCM_16",
  FLAC: "PCM_16",
  CAF: "PCM_16",
  WVE: "ALAW",
  OGG: "VORBIS",
  MPC2K: "PCM_16",
  RF64: "PCM_16",
  MP3: "MPEG_LAYER_III",
};

const EXTENSIONS: Record<string, SoundFileFormat> = {
  wav: "WAV",
  wave: "WAV",
  aif: "AIFF",
  aiff: "AIFF",
  aifc: "AIFF",
  au: "AU",
  snd: "AU",
  raw: "RAW",
  paf: "PAF",
  svx: "SVX",
  nist: "NIST",
  sph: "NIST",
  voc: "VOC",
  sf: "IRCAM",
  w64: "W64",
  mat: "MAT5",
  pvf: "PVF",
  xi: "XI",
  htk: "HTK",
  sds: "SDS",
  avr: "AVR",
  sd2: "SD2",
  flac: "FLAC",
  caf: "CAF",
  wve: "WVE",
  ogg: "OGG",
  oga: "OGG",
  opus: "OGG",
  mpc: "MPC2K",
  rf64: "RF64",
  mp3: "MP3",
};

/**
 * The subtype used when none is given for `format` (python-soundfile's `default_subtype`).
 *
 * @param format A container format.
 * @returns The default subtype, or `undefined` (RAW has none).
 * @example
 * ```ts
 * import { defaultSubtype } from "@audiodev/audiodev/soundfile";
 * console.assert(defaultSubtype("FLAC") === "PCM_16");
 * ```
 */
export function defaultSubtype(
  format: SoundFileFormat,
): SoundFileSubtype | undefined {
  return DEFAULT_SUBTYPES[format];
}

function formatName(name: string, option: string): SoundFileFormat {
  const up = name.toUpperCase();
  if (up in SF_FORMATS) return up as SoundFileFormat;
  throw new TypeError(
    `${option}: unknown format ${JSON.stringify(name)}; use one of ${
      Object.keys(SF_FORMATS).join(", ")
    }`,
  );
}

function subtypeName(name: string, option: string): SoundFileSubtype {
  const up = name.toUpperCase();
  if (up in SF_SUBTYPES) return up as SoundFileSubtype;
  throw new TypeError(
    `${option}: unknown subtype ${JSON.stringify(name)}; use one of ${
      Object.keys(SF_SUBTYPES).join(", ")
    }`,
  );
}

function cstr(p: Deno.PointerValue): string {
  return p === null ? "" : Deno.UnsafePointerView.getCString(p);
}

function libError(
  handle: Deno.PointerValue,
  call: string,
  path: string,
  context: string,
): SoundFileError {
  const lib = sndfile();
  const code = lib.sf_error(handle);
  const text = cstr(lib.sf_strerror(handle));
  return new SoundFileError(`${context} ${JSON.stringify(path)}: ${text}`, {
    code,
    call,
    path,
  });
}

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

function formatInfoText(code: number): string {
  const buf = new Uint8Array(SF_FORMAT_INFO.size);
  writeField(new DataView(buf.buffer), SF_FORMAT_INFO, "format", code);
  if (
    sndfile().sf_command(null, SFC.SFC_GET_FORMAT_INFO, buf, buf.length) !== 0
  ) return "";
  const v = new Deno.UnsafePointerView(Deno.UnsafePointer.of(buf)!);
  return cstr(readField(v, SF_FORMAT_INFO, "name") as Deno.PointerValue);
}

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
  /** Encoding; default: the format's {@linkcode defaultSubtype}. */
  subtype?: SoundFileSubtype | Lowercase<SoundFileSubtype>;
  /** Endianness; default `"FILE"`. */
  endian?: SoundFileEndian;
}

/** Options of {@linkcode SoundFile.blocks}. */
export interface BlocksOptions {
  /** Frames per block (default 1024). */
  blocksize?: number;
  /** Frames each block shares with the previous one (default 0). */
  overlap?: number;
  /** Sample type (default `"float64"`). */
  dtype?: SoundFileDType;
  /** Read at most this many frames (default: to the end). */
  frames?: number;
  /** Pad the last block to `blocksize` with this value (default: a shorter last block). */
  fillValue?: number;
}

const CTOR = {
  float64: Float64Array,
  float32: Float32Array,
  int32: Int32Array,
  int16: Int16Array,
} as const;

function dtypeOf(data: unknown, call: string): SoundFileDType {
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Int32Array) return "int32";
  if (data instanceof Int16Array) return "int16";
  throw new TypeError(
    `${call}: data must be a Float64Array, Float32Array, Int32Array or Int16Array, got ${
      (data as object)?.constructor?.name ?? typeof data
    }`,
  );
}

function assertDType(d: unknown, call: string): asserts d is SoundFileDType {
  if (d === "float64" || d === "float32" || d === "int32" || d === "int16") {
    return;
  }
  throw new TypeError(
    `${call}: dtype must be "float64", "float32", "int32" or "int16", got ${
      JSON.stringify(d)
    }`,
  );
}

const registry = new FinalizationRegistry<Deno.PointerObject>((h) =>
  sndfile().sf_close(h)
);

/**
 * An open sound file (python-soundfile's `SoundFile`).
 *
 * @example Read a file block by block
 * ```ts ignore
 * import { SoundFile } from "@audiodev/audiodev/soundfile";
 * using f = new SoundFile("long.flac");
 * for (const block of f.blocks({ blocksize: 4096, dtype: "float32" })) {
 *   // ... process `block` (interleaved, f.channels per frame)
 * }
 * ```
 */
export class SoundFile {
  #handle: Deno.PointerObject | null;
  #info: Uint8Array;
  /** The path. */
  readonly name: string;
  /** The open mode. */
  readonly mode: SoundFileMode;

  /**
   * Opens a file.
   *
   * @param path File path.
   * @param options Mode, and for writing: samplerate, channels, format, subtype, endian.
   * @throws {TypeError|RangeError} For invalid options.
   * @throws {SoundFileError} When libsndfile cannot open the file.
   */
  constructor(path: string, options: SoundFileOptions = {}) {
    const mode = options.mode ?? "r";
    if (!["r", "r+", "w", "w+", "x", "x+"].includes(mode)) {
      throw new TypeError(
        `mode must be "r", "r+", "w", "w+", "x" or "x+", got ${
          JSON.stringify(mode)
        }`,
      );
    }
    this.name = path;
    this.mode = mode;
    const writing = mode[0] !== "r";
    const sfMode = mode.endsWith("+")
      ? SFM_RDWR
      : writing
      ? SFM_WRITE
      : SFM_READ;
    this.#info = new Uint8Array(SF_INFO.size);
    const dv = new DataView(this.#info.buffer);
    const ext = path.includes(".")
      ? path.slice(path.lastIndexOf(".") + 1).toLowerCase()
      : "";
    let format: SoundFileFormat | undefined = options.format
      ? formatName(options.format, "format")
      : undefined;
    if (writing || format === "RAW") {
      format ??= EXTENSIONS[ext];
      if (!format) {
        throw new TypeError(
          `format: cannot tell the format from ${
            JSON.stringify(path)
          }; give format, e.g. "WAV" or "FLAC"`,
        );
      }
      const subtype = options.subtype
        ? subtypeName(options.subtype, "subtype")
        : defaultSubtype(format);
      if (!subtype) {
        throw new TypeError(
          `subtype: format ${format} needs a subtype, e.g. "PCM_16"`,
        );
      }
      const endian = options.endian ?? "FILE";
      if (!(endian in SF_ENDIANS)) {
        throw new TypeError(
          `endian must be one of ${Object.keys(SF_ENDIANS).join(", ")}, got ${
            JSON.stringify(endian)
          }`,
        );
      }
      const { samplerate, channels } = options;
      if (!samplerate || !Number.isInteger(samplerate) || samplerate <= 0) {
        throw new RangeError(
          `samplerate: ${samplerate} is not a sampling rate (a positive integer, in Hz)`,
        );
      }
      if (!channels || !Number.isInteger(channels) || channels <= 0) {
        throw new RangeError(
          `channels: ${channels} is not a channel count (a positive integer)`,
        );
      }
      writeField(dv, SF_INFO, "samplerate", samplerate);
      writeField(dv, SF_INFO, "channels", channels);
      writeField(
        dv,
        SF_INFO,
        "format",
        SF_FORMATS[format] | SF_SUBTYPES[subtype] | SF_ENDIANS[endian],
      );
      if (writing && sndfile().sf_format_check(this.#info) === 0) {
        throw new TypeError(
          `format ${format} with subtype ${subtype} (${channels} channels, ${samplerate} Hz) is not supported; ` +
            `see availableSubtypes("${format}")`,
        );
      }
    }
    if (mode[0] === "x") {
      let exists = false;
      try {
        Deno.statSync(path);
        exists = true;
      } catch {
        // does not exist: fine
      }
      if (exists) {
        throw new SoundFileError(
          `Cannot create ${JSON.stringify(path)}: file exists (mode "x")`,
          { path, call: "sf_open" },
        );
      }
    }
    const handle = sndfile().sf_open(
      encoder.encode(path + "\0"),
      sfMode,
      this.#info,
    );
    if (handle === null) throw libError(null, "sf_open", path, "Error opening");
    this.#handle = handle;
    registry.register(this, handle, this);
  }

  #h(call: string): Deno.PointerObject {
    if (this.#handle === null) {
      throw new SoundFileError(
        `${
          JSON.stringify(this.name)
        } is closed: ${call}() is not allowed after close()`,
        {
          path: this.name,
          call,
        },
      );
    }
    return this.#handle;
  }

  #field(
    f:
      | "frames"
      | "samplerate"
      | "channels"
      | "format"
      | "sections"
      | "seekable",
  ): number {
    return Number(
      readField(
        new Deno.UnsafePointerView(Deno.UnsafePointer.of(this.#info)!),
        SF_INFO,
        f,
      ),
    );
  }

  /** Sampling rate in Hz. */
  get samplerate(): number {
    return this.#field("samplerate");
  }
  /** Channels. */
  get channels(): number {
    return this.#field("channels");
  }
  /** Frames in the file (for files being written: frames written so far). */
  get frames(): number {
    return this.#field("frames");
  }

  #wrote(frames: number): void {
    const dv = new DataView(this.#info.buffer);
    writeField(dv, SF_INFO, "frames", BigInt(this.#field("frames") + frames));
  }
  /** Container format. */
  get format(): SoundFileFormat {
    return FORMAT_BY_CODE.get(this.#field("format") & SF_FORMAT_TYPEMASK)!;
  }
  /** Encoding. */
  get subtype(): SoundFileSubtype {
    return SUBTYPE_BY_CODE.get(this.#field("format") & SF_FORMAT_SUBMASK)!;
  }
  /** Endianness. */
  get endian(): SoundFileEndian {
    return ENDIAN_BY_CODE.get(this.#field("format") & SF_FORMAT_ENDMASK) ??
      "FILE";
  }
  /** Sections. */
  get sections(): number {
    return this.#field("sections");
  }
  /** Whether seeking works. */
  get seekable(): boolean {
    return this.#field("seekable") !== 0;
  }
  /** `true` after close(). */
  get closed(): boolean {
    return this.#handle === null;
  }

  /**
   * Moves the read/write position.
   *
   * @param frames Target frame (relative to `whence`).
   * @param whence 0 = start (default), 1 = current, 2 = end.
   * @returns The new position in frames.
   * @throws {SoundFileError} When the file cannot seek, or is closed.
   */
  seek(frames: number, whence: 0 | 1 | 2 = 0): number {
    const pos = Number(
      sndfile().sf_seek(this.#h("seek"), BigInt(frames), whence),
    );
    if (pos < 0) {
      throw libError(this.#handle, "sf_seek", this.name, "Cannot seek in");
    }
    return pos;
  }

  /**
   * The current read/write position in frames.
   *
   * @returns Frames from the start.
   * @throws {SoundFileError} When closed.
   */
  tell(): number {
    return Number(sndfile().sf_seek(this.#h("tell"), 0n, 1));
  }

  /**
   * Reads frames (synchronously; file I/O, like `Deno.readSync`).
   *
   * @param frames Frames to read; -1 (default) reads to the end.
   * @param options `dtype` (default `"float64"`), or an `out` buffer to fill (its type sets the dtype).
   * @returns Interleaved samples; shorter than asked at the end of the file.
   * @throws {SoundFileError} When closed or on a read error.
   */
  read(
    frames = -1,
    options: { dtype?: SoundFileDType; out?: SoundFileSamples } = {},
  ): SoundFileSamples {
    const h = this.#h("read");
    const ch = this.channels;
    const dtype = options.out
      ? dtypeOf(options.out, "read")
      : options.dtype ?? "float64";
    assertDType(dtype, "read");
    if (frames < 0) {
      frames = options.out
        ? Math.floor(options.out.length / ch)
        : Math.max(0, this.frames - this.tell());
    }
    if (!Number.isInteger(frames)) {
      throw new RangeError(`read: frames must be an integer, got ${frames}`);
    }
    const out = options.out ?? new CTOR[dtype](frames * ch);
    if (out.length < frames * ch) {
      throw new RangeError(
        `read: out holds ${out.length} samples, ${frames * ch} needed`,
      );
    }
    const n = this.#readInto(h, out, frames);
    return out.subarray(0, n * ch) as SoundFileSamples;
  }

  #readInto(
    h: Deno.PointerObject,
    out: SoundFileSamples,
    frames: number,
  ): number {
    const lib = sndfile();
    const n = out instanceof Float64Array
      ? lib.sf_readf_double(h, out, BigInt(frames))
      : out instanceof Float32Array
      ? lib.sf_readf_float(h, out, BigInt(frames))
      : out instanceof Int32Array
      ? lib.sf_readf_int(h, out, BigInt(frames))
      : lib.sf_readf_short(h, out, BigInt(frames));
    const got = Number(n);
    if (got < frames && lib.sf_error(h) !== 0) {
      throw libError(h, "sf_readf", this.name, "Error reading");
    }
    return got;
  }

  /**
   * Reads frames without blocking the event loop (for large reads).
   *
   * @param frames Frames to read; -1 reads to the end.
   * @param options `dtype` (default `"float64"`).
   * @returns Interleaved samples.
   * @throws {SoundFileError} When closed or on a read error.
   */
  async readAsync(
    frames = -1,
    options: { dtype?: SoundFileDType } = {},
  ): Promise<SoundFileSamples> {
    const h = this.#h("readAsync");
    const dtype = options.dtype ?? "float64";
    assertDType(dtype, "readAsync");
    const ch = this.channels;
    if (frames < 0) frames = Math.max(0, this.frames - this.tell());
    const out = new CTOR[dtype](frames * ch);
    const lib = sndfile();
    const n = Number(
      await (out instanceof Float64Array
        ? lib.sf_readf_double_nb(h, out, BigInt(frames))
        : out instanceof Float32Array
        ? lib.sf_readf_float_nb(h, out, BigInt(frames))
        : out instanceof Int32Array
        ? lib.sf_readf_int_nb(h, out, BigInt(frames))
        : lib.sf_readf_short_nb(h, out as Int16Array, BigInt(frames))),
    );
    if (n < frames && lib.sf_error(h) !== 0) {
      throw libError(h, "sf_readf", this.name, "Error reading");
    }
    return out.subarray(0, n * ch);
  }

  #checkWrite(data: SoundFileSamples, call: string): number {
    this.#h(call);
    if (this.mode === "r") {
      throw new SoundFileError(
        `${call}: ${JSON.stringify(this.name)} is open for reading only`,
        { path: this.name, call },
      );
    }
    dtypeOf(data, call);
    const ch = this.channels;
    if (data.length % ch !== 0) {
      throw new RangeError(
        `${call}: ${data.length} samples is not a whole number of frames of ${ch} channels`,
      );
    }
    return data.length / ch;
  }

  /**
   * Writes interleaved frames (synchronously).
   *
   * @param data Samples; floats in -1..1, integers full-scale.
   * @throws {TypeError|RangeError} Wrong type or not whole frames.
   * @throws {SoundFileError} When closed, read-only, or on a write error.
   */
  write(data: SoundFileSamples): void {
    const frames = this.#checkWrite(data, "write");
    const h = this.#handle!;
    const lib = sndfile();
    const n = Number(
      data instanceof Float64Array
        ? lib.sf_writef_double(h, data, BigInt(frames))
        : data instanceof Float32Array
        ? lib.sf_writef_float(h, data, BigInt(frames))
        : data instanceof Int32Array
        ? lib.sf_writef_int(h, data, BigInt(frames))
        : lib.sf_writef_short(h, data, BigInt(frames)),
    );
    if (n !== frames) {
      throw libError(h, "sf_writef", this.name, "Error writing");
    }
    this.#wrote(n);
  }

  /**
   * Writes interleaved frames without blocking the event loop.
   *
   * @param data Samples.
   * @throws {TypeError|RangeError} Wrong type or not whole frames.
   * @throws {SoundFileError} When closed, read-only, or on a write error.
   */
  async writeAsync(data: SoundFileSamples): Promise<void> {
    const frames = this.#checkWrite(data, "writeAsync");
    const h = this.#handle!;
    const lib = sndfile();
    const n = Number(
      await (data instanceof Float64Array
        ? lib.sf_writef_double_nb(h, data, BigInt(frames))
        : data instanceof Float32Array
        ? lib.sf_writef_float_nb(h, data, BigInt(frames))
        : data instanceof Int32Array
        ? lib.sf_writef_int_nb(h, data, BigInt(frames))
        : lib.sf_writef_short_nb(h, data, BigInt(frames))),
    );
    if (n !== frames) {
      throw libError(h, "sf_writef", this.name, "Error writing");
    }
    this.#wrote(n);
  }

  /**
   * Iterates over the file in blocks, for files larger than memory. The
   * result is iterable both synchronously (`for`) and asynchronously
   * (`for await`). Each block is a fresh array (safe to keep).
   *
   * @param options Block size (or a number), overlap, dtype, frames, fillValue.
   * @returns An iterable of interleaved blocks.
   * @throws {RangeError} When overlap is not smaller than blocksize.
   */
  blocks(
    options: BlocksOptions | number = {},
  ): IterableIterator<SoundFileSamples> & AsyncIterable<SoundFileSamples> {
    const o = typeof options === "number" ? { blocksize: options } : options;
    const blocksize = o.blocksize ?? 1024;
    const overlap = o.overlap ?? 0;
    const dtype = o.dtype ?? "float64";
    assertDType(dtype, "blocks");
    if (!Number.isInteger(blocksize) || blocksize <= 0) {
      throw new RangeError(
        `blocks: blocksize must be a positive integer, got ${blocksize}`,
      );
    }
    if (!Number.isInteger(overlap) || overlap < 0 || overlap >= blocksize) {
      throw new RangeError(
        `blocks: overlap must be an integer from 0 to blocksize - 1, got ${overlap}`,
      );
    }
    this.#h("blocks");
    const ch = this.channels;
    let left = o.frames ?? Infinity;
    let carry: SoundFileSamples | null = null;
    const next = (): IteratorResult<SoundFileSamples> => {
      if (this.#handle === null || left <= 0) {
        return { done: true, value: undefined };
      }
      const keep = carry ? carry.length / ch : 0;
      const want = Math.min(blocksize - keep, left);
      const block = new CTOR[dtype](blocksize * ch);
      if (carry) block.set(carry);
      const got = this.#readInto(
        this.#handle,
        block.subarray(keep * ch) as SoundFileSamples,
        want,
      );
      left -= got;
      if (got === 0) return { done: true, value: undefined };
      let frames = keep + got;
      if (frames < blocksize) {
        if (o.fillValue !== undefined) {
          block.fill(o.fillValue, frames * ch);
          frames = blocksize;
        }
        left = 0;
      }
      const result = block.subarray(0, frames * ch) as SoundFileSamples;
      carry = overlap > 0
        ? result.slice((frames - overlap) * ch) as SoundFileSamples
        : null;
      return { done: false, value: result };
    };
    const it = {
      next,
      [Symbol.iterator](): IterableIterator<SoundFileSamples> {
        return it;
      },
      [Symbol.asyncIterator](): AsyncIterator<SoundFileSamples> {
        return { next: () => Promise.resolve(next()) };
      },
    };
    return it as
      & IterableIterator<SoundFileSamples>
      & AsyncIterable<SoundFileSamples>;
  }

  /**
   * Flushes written data to disk.
   *
   * @throws {SoundFileError} When closed.
   */
  flush(): void {
    sndfile().sf_write_sync(this.#h("flush"));
  }

  /**
   * Closes the file (idempotent); other methods throw afterwards.
   *
   * @throws {SoundFileError} When libsndfile reports an error while closing.
   */
  close(): void {
    const h = this.#handle;
    if (h === null) return;
    this.#handle = null;
    registry.unregister(this);
    const code = sndfile().sf_close(h);
    if (code !== 0) {
      throw new SoundFileError(
        `Error closing ${JSON.stringify(this.name)}: ${
          cstr(sndfile().sf_error_number(code))
        }`,
        {
          code,
          call: "sf_close",
          path: this.name,
        },
      );
    }
  }

  /** `using f = new SoundFile(...)` closes it at the end of the scope. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * Describes a sound file (python-soundfile's `info()`).
 *
 * @param path File path.
 * @returns Frames, samplerate, channels, format, subtype, duration, ...
 * @throws {SoundFileError} When the file cannot be opened or is not a sound file.
 * @example
 * ```ts ignore
 * import { info } from "@audiodev/audiodev/soundfile";
 * const i = info("song.flac");
 * console.log(i.duration, i.samplerate, i.channels, i.subtype);
 * ```
 */
export function info(path: string): SoundFileInfo {
  using f = new SoundFile(path);
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
  /** Frames to read (instead of `stop`). */
  frames?: number;
}

/**
 * Reads a whole file (or a part) into an interleaved typed array, without
 * blocking the event loop.
 *
 * @param path File path.
 * @param options dtype, start, stop, frames.
 * @returns Data, samplerate, channels, frames.
 * @throws {SoundFileError} Missing, unsupported or corrupt file.
 * @example
 * ```ts ignore
 * import { readFile } from "@audiodev/audiodev/soundfile";
 * const { data, samplerate, channels } = await readFile("song.wav", { dtype: "float32" });
 * ```
 */
export async function readFile(
  path: string,
  options: ReadFileOptions = {},
): Promise<ReadFileResult> {
  using f = new SoundFile(path);
  const total = f.frames;
  let start = options.start ?? 0;
  if (start < 0) start = Math.max(0, total + start);
  let stop = options.stop ??
    (options.frames !== undefined ? start + options.frames : total);
  if (stop < 0) stop = total + stop;
  stop = Math.min(stop, total);
  if (start > 0) f.seek(start);
  const data = await f.readAsync(Math.max(0, stop - start), {
    dtype: options.dtype ?? "float64",
  });
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
}

/**
 * Writes interleaved samples to a new file (overwriting), without blocking
 * the event loop.
 *
 * @param path File path; the extension picks the format unless given.
 * @param data Interleaved samples.
 * @param samplerate Sampling rate in Hz.
 * @param options channels, format, subtype, endian.
 * @throws {TypeError|RangeError} Unknown format/subtype names, bad data.
 * @throws {SoundFileError} When the file cannot be written.
 * @example
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
  dtypeOf(data, "writeFile");
  const channels = options.channels ?? 1;
  if (!Number.isInteger(channels) || channels <= 0) {
    throw new RangeError(`channels: ${channels} is not a channel count`);
  }
  if (data.length % channels !== 0) {
    throw new RangeError(
      `writeFile: ${data.length} samples is not a whole number of frames of ${channels} channels`,
    );
  }
  using f = new SoundFile(path, {
    mode: "w",
    samplerate,
    channels,
    ...options,
  });
  await f.writeAsync(data);
}

/**
 * Container formats this libsndfile can write, with descriptions.
 *
 * @returns e.g. `{ WAV: "WAV (Microsoft)", FLAC: "FLAC (Free Lossless Audio Codec)", ... }`.
 * @example
 * ```ts ignore
 * import { availableFormats } from "@audiodev/audiodev/soundfile";
 * console.log(Object.keys(availableFormats()));
 * ```
 */
export function availableFormats(): Partial<Record<SoundFileFormat, string>> {
  return listFormats(
    SFC.SFC_GET_FORMAT_MAJOR_COUNT,
    SFC.SFC_GET_FORMAT_MAJOR,
    FORMAT_BY_CODE,
  );
}

/**
 * Subtypes this libsndfile offers, optionally only those valid for `format`.
 *
 * @param format A container format.
 * @returns e.g. `{ PCM_16: "Signed 16 bit PCM", ... }`.
 * @example
 * ```ts ignore
 * import { availableSubtypes } from "@audiodev/audiodev/soundfile";
 * console.log(Object.keys(availableSubtypes("FLAC"))); // PCM_S8, PCM_16, PCM_24
 * ```
 */
export function availableSubtypes(
  format?: SoundFileFormat,
): Partial<Record<SoundFileSubtype, string>> {
  const all = listFormats(
    SFC.SFC_GET_FORMAT_SUBTYPE_COUNT,
    SFC.SFC_GET_FORMAT_SUBTYPE,
    SUBTYPE_BY_CODE,
  );
  if (!format) return all;
  const f = formatName(format, "format");
  return Object.fromEntries(
    Object.entries(all).filter(([s]) => checkFormat(f, s as SoundFileSubtype)),
  );
}

/**
 * Whether libsndfile can write `format` with `subtype` (and `endian`).
 *
 * @param format Container format.
 * @param subtype Encoding (default: the format's default).
 * @param endian Endianness (default `"FILE"`).
 * @returns `true` when the combination is valid.
 * @example
 * ```ts
 * import { checkFormat } from "@audiodev/audiodev/soundfile";
 * console.assert(checkFormat("WAV", "PCM_24") && !checkFormat("FLAC", "FLOAT"));
 * ```
 */
export function checkFormat(
  format: SoundFileFormat,
  subtype?: SoundFileSubtype,
  endian: SoundFileEndian = "FILE",
): boolean {
  const f = formatName(format, "format");
  const s = subtype ? subtypeName(subtype, "subtype") : defaultSubtype(f);
  if (!s) return false;
  const buf = new Uint8Array(SF_INFO.size);
  const dv = new DataView(buf.buffer);
  writeField(dv, SF_INFO, "samplerate", 44100);
  writeField(dv, SF_INFO, "channels", 1);
  writeField(
    dv,
    SF_INFO,
    "format",
    SF_FORMATS[f] | SF_SUBTYPES[s] | SF_ENDIANS[endian],
  );
  return sndfile().sf_format_check(buf) === 1;
}

function listFormats<K extends string>(
  countCmd: number,
  getCmd: number,
  names: Map<number, K>,
): Partial<Record<K, string>> {
  const lib = sndfile();
  const countBuf = new Int32Array(1);
  lib.sf_command(null, countCmd, countBuf, 4);
  const result: Partial<Record<K, string>> = {};
  const buf = new Uint8Array(SF_FORMAT_INFO.size);
  const dv = new DataView(buf.buffer);
  const view = new Deno.UnsafePointerView(Deno.UnsafePointer.of(buf)!);
  for (let i = 0; i < countBuf[0]; i++) {
    writeField(dv, SF_FORMAT_INFO, "format", i);
    if (lib.sf_command(null, getCmd, buf, buf.length) !== 0) continue;
    const code = readField(view, SF_FORMAT_INFO, "format") as number;
    const name = names.get(code);
    if (name) {
      result[name] = cstr(
        readField(view, SF_FORMAT_INFO, "name") as Deno.PointerValue,
      );
    }
  }
  return result;
}

/**
 * libsndfile's version text.
 *
 * @returns e.g. `"libsndfile-1.2.0"`.
 * @example
 * ```ts ignore
 * import { libsndfileVersion } from "@audiodev/audiodev/soundfile";
 * console.log(libsndfileVersion());
 * ```
 */
export function libsndfileVersion(): string {
  return cstr(sndfile().sf_version_string());
}
