/**
 * The {@linkcode SoundFile} class: an open sound file with python-soundfile's
 * methods, synchronous and on helper threads.
 *
 * Samples are interleaved typed arrays: `Float64Array` (`"float64"`),
 * `Float32Array` (`"float32"`), `Int32Array` (`"int32"`), `Int16Array`
 * (`"int16"`). Floats are in -1.0..1.0; integers use their full range.
 *
 * A file never changes under a running helper-thread call: while
 * `readAsync()`/`writeAsync()` run, further async calls wait their turn,
 * synchronous calls throw, and `close()` refuses new calls at once but
 * frees libsndfile's handle only when the running call has returned.
 *
 * @module
 */

import {
  SF_FORMAT_ENDMASK,
  SF_FORMAT_SUBMASK,
  SF_FORMAT_TYPEMASK,
  SF_INFO,
  sndfile,
} from "../../ffi/sndfile.ts";
import { readField, writeField } from "../../ffi/struct.ts";
import { checkCString, checkOptions, describeValue } from "../options.ts";
import { cstr, libError, SoundFileError } from "./errors.ts";
import {
  ENDIAN_BY_CODE,
  FORMAT_BY_CODE,
  type SoundFileEndian,
  type SoundFileFormat,
  type SoundFileSubtype,
  SUBTYPE_BY_CODE,
} from "./formats.ts";
import { checkMode, openSoundFile, type SoundFileMode } from "./open.ts";
import {
  type ReadAsyncOptions,
  type ReadOptions,
  SOUNDFILE_OPTIONS,
  type SoundFileOptions,
  type WriteAsyncOptions,
} from "./options.ts";
import {
  allocSamples,
  checkDType,
  checkFillValue,
  checkFrames,
  checkSignal,
  dtypeOf,
  type SoundFileSamples,
} from "./samples.ts";
import {
  blockIterator,
  type BlocksOptions,
  checkBlocksOptions,
} from "./blocks.ts";
import {
  MAX_CALL_FRAMES,
  readFrames,
  type TransferControl,
  writeFrames,
} from "./async_io.ts";

export { SoundFileError } from "./errors.ts";
export type { SoundFileMode } from "./open.ts";
export type { BlocksOptions } from "./blocks.ts";
export type { SoundFileDType, SoundFileSamples } from "./samples.ts";
export type {
  SoundFileEndian,
  SoundFileFormat,
  SoundFileSubtype,
} from "./formats.ts";
export type {
  ReadAsyncOptions,
  ReadOptions,
  SoundFileOptions,
  WriteAsyncOptions,
} from "./options.ts";

interface Native {
  handle: Deno.PointerObject;
  fd: number;
}

function closeNative(n: Native): number {
  return sndfile().sf_close(n.handle); // closes the descriptor too
}

const registry = new FinalizationRegistry<Native>(closeNative);

/** The public function opening a file, for permission messages. */
let openingFor = "SoundFile";

/**
 * Opens a file on behalf of `api` (`"readFile"`, ...), so that errors name
 * the function the user called.
 */
export function openSoundFileFor(
  api: string,
  path: string,
  options: SoundFileOptions,
): SoundFile {
  const saved = openingFor;
  openingFor = api;
  try {
    return new SoundFile(path, options);
  } finally {
    openingFor = saved;
  }
}

/** Files with async calls pending: held here so none is collected mid-call. */
const pendingFiles = new Set<SoundFile>();

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
  #native: Native | null;
  #info: Uint8Array;
  #view: Deno.UnsafePointerView;
  /** Async calls queued or running. */
  #pending = 0;
  /** The async call now running, for messages. */
  #running = "";
  /** The end of the queue of async calls (settles after their C calls returned). */
  #tail: Promise<void> = Promise.resolve();
  /** `close()` was called while async calls were pending. */
  #closing = false;
  /** Settles when the handle is freed. */
  #closed: Promise<void> | null = null;
  #closeError: unknown = undefined;
  /** Memory a helper thread is using right now. */
  #held: SoundFileSamples | null = null;
  /** The path. */
  readonly name: string;
  /** The open mode. */
  readonly mode: SoundFileMode;

  /**
   * Opens a file. Deno must grant read access (mode `"r"`), write access
   * (`"w"`, `"x"`) or both (`"r+"`, `"w+"`, `"x+"`) to `path`. Mode `"x"`
   * creates the file atomically and fails when it exists. Settings that
   * libsndfile refuses are refused before an existing file is truncated.
   *
   * @param path File path.
   * @param options Mode (or the mode alone, as in `new SoundFile(path, "r+")`),
   *   and for writing: samplerate, channels, format, subtype, endian.
   * @throws {TypeError|RangeError} For a bad path (NUL byte) or bad options.
   * @throws {Deno.errors.NotCapable} Without the read/write permission for `path`.
   * @throws {SoundFileError} When the file cannot be opened (or exists, mode `"x"`).
   * @example Write a file
   * ```ts ignore
   * import { SoundFile } from "@audiodev/audiodev/soundfile";
   * using f = new SoundFile("out.wav", { mode: "w", samplerate: 48000, channels: 2 });
   * f.write(new Float32Array(2 * 48000));
   * ```
   */
  constructor(path: string, options: SoundFileOptions | SoundFileMode = {}) {
    const api = openingFor;
    openingFor = "SoundFile";
    checkCString(`${api}(path)`, path);
    const o: SoundFileOptions = typeof options === "string"
      ? { mode: checkMode(options, "SoundFile(mode)") }
      : options ?? {};
    checkOptions("SoundFile", o, SOUNDFILE_OPTIONS);
    const mode = checkMode(o.mode ?? "r", "SoundFile: mode");
    const opened = openSoundFile(path, mode, o, api);
    this.name = path;
    this.mode = mode;
    this.#info = opened.info;
    this.#view = new Deno.UnsafePointerView(
      Deno.UnsafePointer.of(this.#info)!,
    );
    this.#native = { handle: opened.handle, fd: opened.fd };
    registry.register(this, this.#native, this);
  }

  /** The handle for a synchronous call; throws when closed or busy. */
  #h(call: string): Deno.PointerObject {
    this.#checkOpen(call);
    if (this.#pending > 0) {
      throw new SoundFileError(
        `${call}(): ${this.#running || "an async call"} on ${
          JSON.stringify(this.name)
        } has not finished; await it before calling ${call}()`,
        { path: this.name, call },
      );
    }
    return this.#native!.handle;
  }

  /** Refuses to read a file opened for writing only ("w", "x"). */
  #checkReadable(call: string): void {
    this.#checkOpen(call);
    if (this.mode === "w" || this.mode === "x") {
      throw new SoundFileError(
        `${call}: ${JSON.stringify(this.name)} is open for writing only ` +
          `(mode ${
            JSON.stringify(this.mode)
          }); open it with mode "r" or "r+" to read`,
        { path: this.name, call },
      );
    }
  }

  #checkOpen(call: string): void {
    if (this.#native === null || this.#closing) {
      throw new SoundFileError(
        `${
          JSON.stringify(this.name)
        } is closed: ${call}() is not allowed after close()`,
        { path: this.name, call },
      );
    }
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
    return Number(readField(this.#view, SF_INFO, f));
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
  /** `true` once close() was called. */
  get closed(): boolean {
    return this.#native === null || this.#closing;
  }

  /** After a write: the file's length, as python-soundfile keeps it. */
  #wrote(h: Deno.PointerObject, frames: number): void {
    const lib = sndfile();
    let total = this.#field("frames") + frames;
    if (this.mode.endsWith("+") && this.seekable) {
      const here = lib.sf_seek(h, 0n, 1);
      const end = lib.sf_seek(h, 0n, 2);
      lib.sf_seek(h, BigInt(here), 0);
      if (Number(end) >= 0) total = Number(end);
    }
    writeField(new DataView(this.#info.buffer), SF_INFO, "frames", total);
  }

  /**
   * Moves the read/write position.
   *
   * @param frames Target frame (relative to `whence`).
   * @param whence 0 = start (default), 1 = current, 2 = end.
   * @returns The new position in frames.
   * @throws {TypeError|RangeError} When `frames` is not an integer or `whence` not 0, 1 or 2.
   * @throws {SoundFileError} When the file cannot seek there, is closed or busy.
   * @example Rewind
   * ```ts ignore
   * import { SoundFile } from "@audiodev/audiodev/soundfile";
   * using f = new SoundFile("song.wav");
   * f.read(1000);
   * f.seek(0);
   * ```
   */
  seek(frames: number, whence: 0 | 1 | 2 = 0): number {
    if (typeof frames !== "number") {
      throw new TypeError(
        `seek(frames) must be a number of frames, got ${describeValue(frames)}`,
      );
    }
    if (!Number.isSafeInteger(frames)) {
      throw new RangeError(
        `seek(frames) must be an integer, got ${describeValue(frames)}`,
      );
    }
    if (whence !== 0 && whence !== 1 && whence !== 2) {
      throw new TypeError(
        `seek(whence) must be 0 (start), 1 (current) or 2 (end), got ${
          describeValue(whence)
        }`,
      );
    }
    const h = this.#h("seek");
    const pos = Number(sndfile().sf_seek(h, BigInt(frames), whence));
    if (pos < 0) throw libError(h, "sf_seek", this.name, "Cannot seek in");
    return pos;
  }

  /**
   * The current read/write position in frames.
   *
   * @returns Frames from the start.
   * @throws {SoundFileError} When closed or busy.
   * @example Where am I?
   * ```ts ignore
   * import { SoundFile } from "@audiodev/audiodev/soundfile";
   * using f = new SoundFile("song.wav");
   * f.read(100);
   * console.log(f.tell()); // 100
   * ```
   */
  tell(): number {
    return Number(sndfile().sf_seek(this.#h("tell"), 0n, 1));
  }

  /** Frames a read of `frames` gives (python-soundfile's `_check_frames`). */
  #framesToRead(
    frames: number,
    fill: number | undefined,
    h: Deno.PointerObject,
  ): number {
    if (!this.seekable) {
      if (frames < 0) {
        throw new RangeError(
          `frames must be given for a file that cannot seek (${
            JSON.stringify(this.name)
          })`,
        );
      }
      return frames;
    }
    const here = Number(sndfile().sf_seek(h, 0n, 1));
    const remaining = Math.max(0, this.frames - Math.max(0, here));
    return frames < 0 || (frames > remaining && fill === undefined)
      ? remaining
      : frames;
  }

  /**
   * Reads frames (synchronously; file I/O, like `Deno.readSync`). As in
   * python-soundfile, a count beyond the end (or -1) reads to the end.
   *
   * @param frames Frames to read; negative (default -1) reads to the end.
   * @param options `dtype`, or an `out` buffer to fill (its type sets the dtype), `fillValue`.
   * @returns Interleaved samples; shorter than asked at the end of the file
   *   unless `fillValue` is given.
   * @throws {TypeError|RangeError} Bad `frames` or options.
   * @throws {SoundFileError} When closed, busy, or on a read error.
   * @example Read one second
   * ```ts ignore
   * import { SoundFile } from "@audiodev/audiodev/soundfile";
   * using f = new SoundFile("song.wav");
   * const second = f.read(f.samplerate, { dtype: "float32" });
   * ```
   */
  read(frames: number = -1, options: ReadOptions = {}): SoundFileSamples {
    checkFrames(frames, "read(frames)");
    checkOptions("read", options, ["dtype", "out", "fillValue"]);
    options ??= {};
    const out = options.out;
    let dtype = checkDType(options.dtype ?? "float64", "read: dtype");
    if (out !== undefined) {
      const outType = dtypeOf(out, "read: out");
      if (options.dtype !== undefined && outType !== dtype) {
        throw new TypeError(
          `read: dtype ${
            JSON.stringify(dtype)
          } differs from out's type (${outType})`,
        );
      }
      dtype = outType;
    }
    const fill = checkFillValue(options.fillValue, "read: fillValue");
    this.#checkReadable("read");
    const h = this.#h("read");
    const ch = this.channels;
    let n: number;
    if (out === undefined) {
      n = this.#framesToRead(frames, fill, h);
    } else {
      const room = Math.floor(out.length / ch);
      n = frames < 0 || frames > room ? room : frames;
    }
    const buffer = out ?? allocSamples(dtype, n, ch, "read(frames)");
    const got = this.#readInto(h, buffer, n);
    if (fill !== undefined && got < n) {
      buffer.fill(fill, got * ch, n * ch);
      return buffer.subarray(0, n * ch) as SoundFileSamples;
    }
    return buffer.subarray(0, got * ch) as SoundFileSamples;
  }

  #readInto(
    h: Deno.PointerObject,
    out: SoundFileSamples,
    frames: number,
  ): number {
    const lib = sndfile();
    const count = BigInt(frames);
    const n = out instanceof Float64Array
      ? lib.sf_readf_double(h, out, count)
      : out instanceof Float32Array
      ? lib.sf_readf_float(h, out, count)
      : out instanceof Int32Array
      ? lib.sf_readf_int(h, out, count)
      : lib.sf_readf_short(h, out, count);
    const got = Number(n);
    if (got < frames && lib.sf_error(h) !== 0) {
      throw libError(h, "sf_readf", this.name, "Error reading");
    }
    return got;
  }

  /**
   * Queues an async call: it runs after the pending ones, keeps this file
   * alive, and rejects at once with `signal.reason` on abort (the running
   * slice, if any, finishes on its helper thread before the next call).
   */
  #enqueue<T>(
    call: string,
    signal: AbortSignal | undefined,
    body: (control: TransferControl) => Promise<T>,
  ): Promise<T> {
    this.#checkOpen(call);
    if (signal?.aborted) return Promise.reject(signal.reason);
    let aborted = false;
    const control: TransferControl = {
      checkpoint: () => {
        if (aborted) throw signal!.reason;
        if (this.#closing) {
          throw new SoundFileError(
            `${call}() stopped: ${
              JSON.stringify(this.name)
            } was closed while it ran`,
            { path: this.name, call, cause: this.#closeError },
          );
        }
      },
      hold: (buffer) => {
        this.#held = buffer;
      },
    };
    if (this.#pending++ === 0) this.#running = `${call}()`;
    pendingFiles.add(this);
    const task = this.#tail.then(async () => {
      try {
        this.#running = `${call}()`;
        control.checkpoint();
        return await body(control);
      } finally {
        // Before the caller's continuation runs: the file is free again.
        this.#running = "";
        this.#held = null;
        if (--this.#pending === 0) {
          pendingFiles.delete(this);
          if (this.#closing && this.#native !== null) {
            this.#finishClose();
            // The close that waited for this call failed: say so here too.
            // deno-lint-ignore no-unsafe-finally
            if (this.#closeError !== undefined) throw this.#closeError;
          }
        }
      }
    });
    this.#tail = task.then(() => {}, () => {});
    if (signal === undefined) return task;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        aborted = true;
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      task.then(resolve, reject).finally(() =>
        signal.removeEventListener("abort", onAbort)
      );
    });
  }

  /**
   * Reads frames on helper threads without blocking the event loop (for
   * large reads), in slices of about 10 ms; `close()` and an abort take
   * effect between slices.
   *
   * @param frames Frames to read; negative (default -1) reads to the end.
   * @param options `dtype` (default `"float64"`), `fillValue`, `signal`.
   * @returns Interleaved samples.
   * @throws {TypeError|RangeError} Bad `frames` or options.
   * @throws {SoundFileError} When closed (also while it runs) or on a read error.
   * @throws {unknown} `signal.reason` when aborted.
   * @example Read with a timeout
   * ```ts ignore
   * import { SoundFile } from "@audiodev/audiodev/soundfile";
   * using f = new SoundFile("long.flac");
   * const all = await f.readAsync(-1, { signal: AbortSignal.timeout(5000) });
   * ```
   */
  readAsync(
    frames: number = -1,
    options: ReadAsyncOptions = {},
  ): Promise<SoundFileSamples> {
    try {
      checkFrames(frames, "readAsync(frames)");
      checkOptions("readAsync", options, ["dtype", "fillValue", "signal"]);
      options ??= {};
      const dtype = checkDType(options.dtype ?? "float64", "readAsync: dtype");
      const fill = checkFillValue(options.fillValue, "readAsync: fillValue");
      const signal = checkSignal(options.signal, "readAsync: signal");
      this.#checkReadable("readAsync");
      return this.#enqueue("readAsync", signal, async (control) => {
        const h = this.#native!.handle;
        const ch = this.channels;
        const n = this.#framesToRead(frames, fill, h);
        const out = allocSamples(dtype, n, ch, "readAsync(frames)");
        const got = await readFrames(h, out, n, ch, control);
        control.checkpoint();
        if (got < n && sndfile().sf_error(h) !== 0) {
          throw libError(h, "sf_readf", this.name, "Error reading");
        }
        if (fill !== undefined && got < n) {
          out.fill(fill, got * ch);
          return out;
        }
        return out.subarray(0, got * ch) as SoundFileSamples;
      });
    } catch (e) {
      return Promise.reject(e);
    }
  }

  #checkWrite(data: unknown, call: string): number {
    dtypeOf(data, `${call}(data)`);
    this.#checkOpen(call);
    if (this.mode === "r") {
      throw new SoundFileError(
        `${call}: ${JSON.stringify(this.name)} is open for reading only`,
        { path: this.name, call },
      );
    }
    const samples = (data as SoundFileSamples).length;
    const ch = this.channels;
    if (samples % ch !== 0) {
      throw new RangeError(
        `${call}: ${samples} samples is not a whole number of frames of ${ch} channels`,
      );
    }
    return samples / ch;
  }

  /**
   * Writes interleaved frames (synchronously).
   *
   * @param data Samples; floats in -1..1, integers full-scale.
   * @throws {TypeError|RangeError} Wrong type or not whole frames.
   * @throws {SoundFileError} When closed, busy, read-only, or on a write error.
   * @example Write silence
   * ```ts ignore
   * import { SoundFile } from "@audiodev/audiodev/soundfile";
   * using f = new SoundFile("out.wav", { mode: "w", samplerate: 8000, channels: 1 });
   * f.write(new Int16Array(8000));
   * ```
   */
  write(data: SoundFileSamples): void {
    const frames = this.#checkWrite(data, "write");
    const h = this.#h("write");
    const lib = sndfile();
    const ch = this.channels;
    // In calls of at most MAX_CALL_FRAMES (libvorbis's stack use grows with
    // the size of a write).
    for (let done = 0; done < frames;) {
      const want = Math.min(MAX_CALL_FRAMES, frames - done);
      const part = data.subarray(done * ch, (done + want) * ch);
      const count = BigInt(want);
      const n = Number(
        part instanceof Float64Array
          ? lib.sf_writef_double(h, part, count)
          : part instanceof Float32Array
          ? lib.sf_writef_float(h, part, count)
          : part instanceof Int32Array
          ? lib.sf_writef_int(h, part, count)
          : lib.sf_writef_short(h, part as Int16Array, count),
      );
      // VOX ADPCM reports one frame more than asked for an odd count (its
      // last byte holds two samples): only a short write is an error.
      if (n > 0) this.#wrote(h, Math.min(n, want));
      if (n < want) {
        throw libError(h, "sf_writef", this.name, "Error writing");
      }
      done += want;
    }
  }

  /**
   * Writes interleaved frames on helper threads without blocking the event
   * loop, in slices of about 10 ms; `close()` and an abort take effect
   * between slices, and what was written before stays in the file.
   *
   * @param data Samples.
   * @param options `signal`.
   * @throws {TypeError|RangeError} Wrong type or not whole frames.
   * @throws {SoundFileError} When closed (also while it runs), read-only, or on a write error.
   * @throws {unknown} `signal.reason` when aborted.
   * @example Write without blocking
   * ```ts ignore
   * import { SoundFile } from "@audiodev/audiodev/soundfile";
   * await using f = new SoundFile("out.flac", { mode: "w", samplerate: 48000, channels: 1 });
   * await f.writeAsync(new Float32Array(48000 * 60));
   * ```
   */
  writeAsync(
    data: SoundFileSamples,
    options: WriteAsyncOptions = {},
  ): Promise<void> {
    try {
      const frames = this.#checkWrite(data, "writeAsync");
      checkOptions("writeAsync", options, ["signal"]);
      options ??= {};
      const signal = checkSignal(options.signal, "writeAsync: signal");
      return this.#enqueue("writeAsync", signal, async (control) => {
        const h = this.#native!.handle;
        const n = await writeFrames(
          h,
          data,
          frames,
          this.channels,
          control,
          "writeAsync",
          (written) => this.#wrote(h, written),
        );
        control.checkpoint();
        if (n !== frames) {
          throw libError(h, "sf_writef", this.name, "Error writing");
        }
      });
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Iterates over the file in blocks, for files larger than memory. The
   * result is iterable both synchronously (`for`) and asynchronously
   * (`for await`). Each block is a fresh array (safe to keep).
   *
   * @param options Block size (or a number), overlap, dtype, frames, fillValue.
   * @returns An iterable of interleaved blocks.
   * @throws {TypeError|RangeError} Bad options (overlap not smaller than blocksize, ...).
   * @throws {SoundFileError} When closed or busy (also from the iterator).
   * @example Blocks with overlap
   * ```ts ignore
   * import { SoundFile } from "@audiodev/audiodev/soundfile";
   * using f = new SoundFile("song.wav");
   * for (const b of f.blocks({ blocksize: 2048, overlap: 512 })) {
   *   // ...
   * }
   * ```
   */
  blocks(
    options: BlocksOptions | number = {},
  ): IterableIterator<SoundFileSamples> & AsyncIterable<SoundFileSamples> {
    const settings = checkBlocksOptions(options);
    this.#checkReadable("blocks");
    this.#h("blocks");
    return blockIterator(
      settings,
      this.channels,
      (out, frames) => this.#readInto(this.#h("blocks"), out, frames),
    );
  }

  /**
   * Flushes written data to disk.
   *
   * @throws {SoundFileError} When closed or busy.
   * @example Flush a recording
   * ```ts ignore
   * import { SoundFile } from "@audiodev/audiodev/soundfile";
   * using f = new SoundFile("rec.wav", { mode: "w", samplerate: 48000, channels: 1 });
   * f.write(new Float32Array(480));
   * f.flush();
   * ```
   */
  flush(): void {
    sndfile().sf_write_sync(this.#h("flush"));
  }

  /**
   * Closes the file (idempotent); other methods throw afterwards. While a
   * `readAsync()`/`writeAsync()` runs, the file is closed to new calls at
   * once, the running call stops at its next slice and rejects, and the
   * handle is freed when its helper-thread call has returned; use
   * {@linkcode SoundFile.closeAsync} to wait for that. An error libsndfile
   * reports for such a deferred close rejects the last pending call and
   * `closeAsync()`.
   *
   * @throws {SoundFileError} When libsndfile reports an error while closing.
   * @example Close
   * ```ts ignore
   * import { SoundFile } from "@audiodev/audiodev/soundfile";
   * const f = new SoundFile("song.wav");
   * f.close();
   * ```
   */
  close(): void {
    if (this.#native === null || this.#closing) return;
    this.#closing = true;
    if (this.#pending > 0) {
      this.#closed = this.#tail;
      return;
    }
    this.#finishClose();
    if (this.#closeError !== undefined) throw this.#closeError;
  }

  /**
   * Closes the file after any running async call has returned, and reports
   * libsndfile's close error, if any.
   *
   * @returns Settles when the handle is freed.
   * @throws {SoundFileError} When libsndfile reports an error while closing.
   * @example Close and wait
   * ```ts ignore
   * import { SoundFile } from "@audiodev/audiodev/soundfile";
   * const f = new SoundFile("out.wav", { mode: "w", samplerate: 8000, channels: 1 });
   * const done = f.writeAsync(new Float32Array(8000));
   * await f.closeAsync();
   * ```
   */
  async closeAsync(): Promise<void> {
    try {
      this.close();
    } finally {
      if (this.#closed !== null) await this.#closed;
    }
    if (this.#closeError !== undefined) throw this.#closeError;
  }

  #finishClose(): void {
    const native = this.#native;
    if (native === null) return;
    this.#native = null;
    this.#closing = true;
    registry.unregister(this);
    const code = closeNative(native);
    if (code !== 0) {
      this.#closeError = new SoundFileError(
        `Error closing ${JSON.stringify(this.name)}: ${
          cstr(sndfile().sf_error_number(code))
        }`,
        { code, call: "sf_close", path: this.name },
      );
    }
  }

  /** `using f = new SoundFile(...)` closes it at the end of the scope. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** `await using f = new SoundFile(...)` closes it at the end of the scope, after pending async calls. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.closeAsync();
  }
}
