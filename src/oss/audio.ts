/**
 * ossaudiodev's audio device (`oss_audio_device`) and `open()`.
 *
 * Every call that may wait for the device (`write`, `writeall`, `read`,
 * `sync`/`flush`, `close`) is async and waits on a helper thread, so the
 * event loop never freezes; `writeSync`/`readSync` block like Python's.
 *
 * @module
 */

import {
  errno,
  F_SETFL,
  libc,
  O_NONBLOCK,
  O_RDONLY,
  O_RDWR,
  O_WRONLY,
} from "../../ffi/libc.ts";
import { SNDCTL } from "../../ffi/oss.ts";
import { readEnv } from "../../ffi/loader.ts";
import { requirePathPermission } from "../permissions.ts";
import { checkCString, describeValue } from "../options.ts";
import { bytesArg, intArg } from "./args.ts";
import {
  type Calls,
  callsFor,
  closeDiscarding,
  closeOffThread,
  type OSSBackend,
} from "./backend.ts";
import {
  AFMT_A_LAW,
  AFMT_MU_LAW,
  AFMT_QUERY,
  AFMT_S16_BE,
  AFMT_S16_LE,
  AFMT_S8,
  AFMT_U16_BE,
  AFMT_U16_LE,
  AFMT_U8,
} from "./constants.ts";
import {
  CLOSED_MESSAGE,
  helperError,
  OSSAudioError,
  OSSRangeError,
  OSSTypeError,
  sysError,
} from "./errors.ts";

/** `SOUND_PCM_READ_CHANNELS`: the channel count, read without setting it. */
const SOUND_PCM_READ_CHANNELS = 0x80045006;
/** `EAGAIN`. */
const EAGAIN = 11;

/** ossaudiodev open modes. */
export type OSSMode = "r" | "w" | "rw";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s + "\0");

/** What the safety net needs to close a device nobody closed. */
interface Held {
  fd: number;
  calls: Calls;
  drain: boolean;
}

const registry = new FinalizationRegistry<Held>(({ fd, calls, drain }) => {
  closeOffThread(calls, fd, drain).catch(() => {});
});

/**
 * An open OSS audio device (ossaudiodev's `oss_audio_device`).
 *
 * Blocking calls (`write`, `writeall`, `read`, `sync`, `close`) are async
 * and never freeze the event loop; the `...Sync` forms block like Python's.
 * A device dropped without `close()` is closed once garbage-collected.
 *
 * @example Play a second of silence
 * ```ts ignore
 * import { AFMT_S16_LE, open } from "@audiodev/audiodev/oss";
 * const dsp = open("w");
 * dsp.setparameters(AFMT_S16_LE, 1, 44100);
 * await dsp.writeall(new Uint8Array(88200));
 * await dsp.close(); // plays out what was written, off the event loop
 * ```
 */
export class OSSAudioDevice {
  #fd: number;
  #calls: Calls;
  readonly #name: string;
  readonly #mode: OSSMode;
  #arg = new Int32Array(1);
  #argBytes = new Uint8Array(this.#arg.buffer);
  /** The last queued job: jobs run one after the other. */
  #pending: Promise<unknown> = Promise.resolve();
  /** Jobs queued and not yet settled. */
  #inflight = 0;
  /** `true` once closeSync() began: queued jobs are refused. */
  #discard = false;
  #closing: Promise<void> | null = null;
  /** The channel count set last (OSS opens devices mono). */
  #channelsSet = 1;

  /** @internal Use {@linkcode open}. */
  constructor(name: string, mode: OSSMode, fd: number, calls: Calls) {
    this.#name = name;
    this.#mode = mode;
    this.#fd = fd;
    this.#calls = calls;
    registry.register(this, { fd, calls, drain: mode !== "r" }, this);
  }

  /** The device path. */
  get name(): string {
    return this.#name;
  }
  /** `"r"`, `"w"` or `"rw"`. */
  get mode(): OSSMode {
    return this.#mode;
  }
  /** `true` once close() or closeSync() was called. */
  get closed(): boolean {
    return this.#fd < 0;
  }
  /** `"kernel"` or `"pulsedsp"`. */
  get backend(): OSSBackend {
    return this.#calls.backend;
  }

  #check(call: string): number {
    if (this.#fd < 0) throw new OSSTypeError(CLOSED_MESSAGE, call);
    return this.#fd;
  }

  #ioctlInt(call: string, req: number, name: string, value = 0): number {
    const fd = this.#check(call);
    this.#arg[0] = value;
    if (this.#calls.ioctl(fd, req, this.#argBytes) < 0) {
      throw sysError(`ioctl(${name})`, this.#name, { method: call });
    }
    return this.#arg[0];
  }

  #ospace(fd: number, method: string, detail?: string): Int32Array {
    const buf = new Int32Array(4);
    const req = SNDCTL.SNDCTL_DSP_GETOSPACE;
    if (this.#calls.ioctl(fd, req, new Uint8Array(buf.buffer)) < 0) {
      throw sysError("ioctl(SNDCTL_DSP_GETOSPACE)", this.#name, {
        method,
        detail,
      });
    }
    return buf;
  }

  /** Queues `job` behind the others; closeSync() refuses those not begun. */
  #queue<T>(call: string, job: () => Promise<T>): Promise<T> {
    this.#inflight++;
    const run = this.#pending.then(() => {
      if (this.#discard) throw new OSSTypeError(CLOSED_MESSAGE, call);
      return job();
    }).finally(() => this.#inflight--);
    this.#pending = run.catch(() => {});
    return run;
  }

  /**
   * The file descriptor.
   *
   * @returns The fd.
   * @throws {OSSTypeError} When closed.
   */
  fileno(): number {
    return this.#check("fileno");
  }

  /**
   * Puts the device in non-blocking mode (cannot be undone).
   *
   * @throws {OSSTypeError} When closed.
   * @throws {OSSAudioError} When the ioctl fails (PulseAudio's emulation
   *   refuses it with EINVAL, as it does for Python).
   */
  nonblock(): void {
    this.#ioctlInt(
      "nonblock",
      SNDCTL.SNDCTL_DSP_NONBLOCK,
      "SNDCTL_DSP_NONBLOCK",
    );
  }

  /**
   * The formats the device supports.
   *
   * @returns A bit mask of `AFMT_*`.
   * @throws {OSSTypeError} When closed.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  getfmts(): number {
    return this.#ioctlInt(
      "getfmts",
      SNDCTL.SNDCTL_DSP_GETFMTS,
      "SNDCTL_DSP_GETFMTS",
    );
  }

  /**
   * Sets the sample format (`AFMT_QUERY` queries it).
   *
   * @param format An `AFMT_*` value.
   * @returns The format actually set.
   * @throws {OSSTypeError} When closed or `format` is not an integer.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  setfmt(format: number): number {
    intArg("setfmt", "format", format);
    return this.#ioctlInt(
      "setfmt",
      SNDCTL.SNDCTL_DSP_SETFMT,
      "SNDCTL_DSP_SETFMT",
      format,
    );
  }

  /**
   * Sets the channel count.
   *
   * @param nchannels Channels.
   * @returns The channels actually set.
   * @throws {OSSTypeError} When closed or `nchannels` is not an integer.
   * @throws {OSSRangeError} When `nchannels` is below 1.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  channels(nchannels: number): number {
    intArg("channels", "nchannels", nchannels, 1);
    const got = this.#ioctlInt(
      "channels",
      SNDCTL.SNDCTL_DSP_CHANNELS,
      "SNDCTL_DSP_CHANNELS",
      nchannels,
    );
    if (got > 0) this.#channelsSet = got;
    return got;
  }

  /**
   * Sets the sampling rate.
   *
   * @param rate Hz.
   * @returns The rate actually set.
   * @throws {OSSTypeError} When closed or `rate` is not an integer.
   * @throws {OSSRangeError} When `rate` is below 1.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  speed(rate: number): number {
    intArg("speed", "rate", rate, 1);
    return this.#ioctlInt(
      "speed",
      SNDCTL.SNDCTL_DSP_SPEED,
      "SNDCTL_DSP_SPEED",
      rate,
    );
  }

  /**
   * Sets format, channels and rate, in that order.
   *
   * @param format An `AFMT_*` value.
   * @param nchannels Channels.
   * @param rate Hz.
   * @param strict Throw when the device sets other values than asked.
   * @returns `[format, channels, rate]` as set.
   * @throws {OSSTypeError | OSSRangeError} For a bad argument, or when closed.
   * @throws {OSSAudioError} In strict mode, "unable to set requested format
   *   (wanted X, got Y)" etc.; or when an ioctl fails.
   */
  setparameters(
    format: number,
    nchannels: number,
    rate: number,
    strict: boolean = false,
  ): [number, number, number] {
    this.#check("setparameters");
    intArg("setparameters", "format", format);
    intArg("setparameters", "nchannels", nchannels, 1);
    intArg("setparameters", "rate", rate, 1);
    if (typeof strict !== "boolean" && typeof strict !== "number") {
      throw new OSSTypeError(
        `setparameters(): strict must be a boolean, got ${
          describeValue(strict)
        }`,
        "setparameters",
      );
    }
    const got: [number, number, number] = [
      this.setfmt(format),
      this.channels(nchannels),
      this.speed(rate),
    ];
    if (strict) {
      const names = ["format", "channels", "rate"];
      const wanted = [format, nchannels, rate];
      for (let i = 0; i < 3; i++) {
        if (got[i] !== wanted[i]) {
          throw new OSSAudioError(
            `unable to set requested ${names[i]} (wanted ${wanted[i]}, got ${
              got[i]
            })`,
          );
        }
      }
    }
    return got;
  }

  /** Bytes per sample of the current format, and the channel count. */
  #frameInfo(call: string): { size: number; nchannels: number } {
    const fd = this.#check(call);
    const fmt = this.#ioctlInt(
      call,
      SNDCTL.SNDCTL_DSP_SETFMT,
      "SNDCTL_DSP_SETFMT",
      AFMT_QUERY,
    );
    let size: number;
    if ([AFMT_MU_LAW, AFMT_A_LAW, AFMT_U8, AFMT_S8].includes(fmt)) size = 1;
    else if (
      [AFMT_S16_LE, AFMT_S16_BE, AFMT_U16_LE, AFMT_U16_BE].includes(fmt)
    ) size = 2;
    else {
      throw new OSSAudioError(
        `unknown sample format ${fmt}: cannot compute the sample size`,
        { call },
      );
    }
    // Read the count without changing it; where the device cannot tell,
    // the count set last through channels()/setparameters() is the one.
    this.#arg[0] = 0;
    const rc = this.#calls.ioctl(fd, SOUND_PCM_READ_CHANNELS, this.#argBytes);
    const nchannels = rc >= 0 && this.#arg[0] > 0
      ? this.#arg[0]
      : this.#channelsSet;
    return { size, nchannels };
  }

  /**
   * The hardware buffer size, in samples per channel (frames).
   *
   * @returns fragstotal × fragsize / (channels × sample size).
   * @throws {OSSTypeError} When closed.
   * @throws {OSSAudioError} When an ioctl fails.
   */
  bufsize(): number {
    const { size, nchannels } = this.#frameInfo("bufsize");
    const [, fragstotal, fragsize] = this.#ospace(
      this.#check("bufsize"),
      "bufsize",
    );
    return Math.floor((fragstotal * fragsize) / (nchannels * size));
  }

  /**
   * Samples per channel (frames) waiting in the output buffer.
   *
   * @returns The count.
   * @throws {OSSTypeError} When closed.
   * @throws {OSSAudioError} When an ioctl fails.
   */
  obufcount(): number {
    const { size, nchannels } = this.#frameInfo("obufcount");
    const [, fragstotal, fragsize, bytes] = this.#ospace(
      this.#check("obufcount"),
      "obufcount",
    );
    return Math.floor((fragstotal * fragsize - bytes) / (size * nchannels));
  }

  /**
   * Samples per channel (frames) that can be written without blocking.
   *
   * @returns The count.
   * @throws {OSSTypeError} When closed.
   * @throws {OSSAudioError} When an ioctl fails.
   */
  obuffree(): number {
    const { size, nchannels } = this.#frameInfo("obuffree");
    const [, , , bytes] = this.#ospace(this.#check("obuffree"), "obuffree");
    return Math.floor(bytes / (size * nchannels));
  }

  /**
   * The current position: `(bytes, blocks, ptr)` of input (mode `"r"`) or output.
   *
   * @returns The three counters.
   * @throws {OSSTypeError} When closed.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  getptr(): [number, number, number] {
    const fd = this.#check("getptr");
    const input = this.#mode === "r";
    const c = new Int32Array(3);
    const req = input ? SNDCTL.SNDCTL_DSP_GETIPTR : SNDCTL.SNDCTL_DSP_GETOPTR;
    if (this.#calls.ioctl(fd, req, new Uint8Array(c.buffer)) < 0) {
      throw sysError(
        input ? "ioctl(SNDCTL_DSP_GETIPTR)" : "ioctl(SNDCTL_DSP_GETOPTR)",
        this.#name,
        { method: "getptr" },
      );
    }
    return [c[0], c[1], c[2]];
  }

  /**
   * One write(2), blocking the calling thread if the device is full.
   *
   * @param data The bytes.
   * @returns Bytes written (maybe fewer).
   * @throws {OSSTypeError} When closed or `data` is not bytes.
   * @throws {OSSAudioError} When write fails.
   */
  writeSync(data: ArrayBufferView | ArrayBuffer): number {
    const fd = this.#check("writeSync");
    const bytes = bytesArg("writeSync", data);
    const n = Number(libc().write(fd, bytes, BigInt(bytes.byteLength)));
    if (n < 0) throw sysError("write", this.#name, { method: "writeSync" });
    return n;
  }

  /**
   * One write(2), off the event loop.
   *
   * @param data The bytes.
   * @returns Bytes written (maybe fewer).
   * @throws {OSSTypeError} When closed or `data` is not bytes.
   * @throws {OSSAudioError} When write fails.
   */
  write(data: ArrayBufferView | ArrayBuffer): Promise<number> {
    const fd = this.#check("write");
    const bytes = bytesArg("write", data);
    return this.#queue("write", async () => {
      const n = Number(
        await libc().write_nb(fd, bytes, BigInt(bytes.byteLength)),
      );
      if (n < 0) throw helperError("write", this.#name, { method: "write" });
      return n;
    });
  }

  /**
   * Writes all of `data`: what fits now is written at once, the rest
   * waits for room, off the event loop.
   *
   * @param data The bytes.
   * @throws {OSSTypeError} When closed or `data` is not bytes.
   * @throws {OSSAudioError} When write fails.
   */
  writeall(data: ArrayBufferView | ArrayBuffer): Promise<void> {
    const fd = this.#check("writeall");
    const bytes = bytesArg("writeall", data);
    return this.#queue("writeall", async () => {
      const c = libc();
      const total = bytes.byteLength;
      let done = 0;
      const ctx = () => ({
        method: "writeall",
        detail: `${done} of ${total} bytes were written`,
      });
      while (done < total) {
        if (this.#discard) throw new OSSTypeError(CLOSED_MESSAGE, "writeall");
        const room = this.#ospace(fd, "writeall", ctx().detail)[3];
        let n: number;
        if (room > 0) {
          const chunk = bytes.subarray(done, done + room);
          n = Number(c.write(fd, chunk, BigInt(chunk.byteLength)));
          if (n < 0 && errno() === EAGAIN) continue; // nonblock mode
          if (n < 0) throw sysError("write", this.#name, ctx());
        } else {
          const part = bytes.subarray(done, done + 4096);
          n = Number(await c.write_nb(fd, part, BigInt(part.byteLength)));
          if (n < 0) throw helperError("write", this.#name, ctx());
        }
        done += n;
      }
    });
  }

  /**
   * Reads up to `size` bytes, off the event loop.
   *
   * @param size Bytes.
   * @returns The bytes read (maybe fewer).
   * @throws {OSSTypeError} When closed or `size` is not an integer.
   * @throws {OSSRangeError} When `size` is negative or above 2^31 - 1.
   * @throws {OSSAudioError} When read fails.
   */
  read(size: number): Promise<Uint8Array> {
    const fd = this.#check("read");
    intArg("read", "size", size, 0);
    const buf = new Uint8Array(size);
    return this.#queue("read", async () => {
      const n = Number(await libc().read_nb(fd, buf, BigInt(size)));
      if (n < 0) throw helperError("read", this.#name, { method: "read" });
      return buf.subarray(0, n);
    });
  }

  /**
   * Reads up to `size` bytes, blocking the calling thread.
   *
   * @param size Bytes.
   * @returns The bytes read.
   * @throws {OSSTypeError} When closed or `size` is not an integer.
   * @throws {OSSRangeError} When `size` is negative or above 2^31 - 1.
   * @throws {OSSAudioError} When read fails.
   */
  readSync(size: number): Uint8Array {
    const fd = this.#check("readSync");
    intArg("readSync", "size", size, 0);
    const buf = new Uint8Array(size);
    const n = Number(libc().read(fd, buf, BigInt(size)));
    if (n < 0) throw sysError("read", this.#name, { method: "readSync" });
    return buf.subarray(0, n);
  }

  /**
   * Waits until everything written has been played (may take seconds), off
   * the event loop.
   *
   * @throws {OSSTypeError} When closed.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  sync(): Promise<void> {
    return this.#sync("sync");
  }

  /**
   * ossaudiodev's alias of {@linkcode OSSAudioDevice.sync}.
   *
   * @throws {OSSTypeError} When closed.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  flush(): Promise<void> {
    return this.#sync("flush");
  }

  #sync(call: string): Promise<void> {
    const fd = this.#check(call);
    return this.#queue(call, async () => {
      const rc = await this.#calls.ioctlAsync(
        fd,
        SNDCTL.SNDCTL_DSP_SYNC,
        new Uint8Array(4),
      );
      if (rc < 0) {
        throw helperError("ioctl(SNDCTL_DSP_SYNC)", this.#name, {
          method: call,
        });
      }
    });
  }

  /**
   * Stops playback or capture at once, discarding buffered data.
   *
   * @throws {OSSTypeError} When closed.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  reset(): void {
    this.#ioctlInt("reset", SNDCTL.SNDCTL_DSP_RESET, "SNDCTL_DSP_RESET");
  }

  /**
   * Tells the driver a pause in output is coming (`SNDCTL_DSP_POST`).
   *
   * @throws {OSSTypeError} When closed.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  post(): void {
    this.#ioctlInt("post", SNDCTL.SNDCTL_DSP_POST, "SNDCTL_DSP_POST");
  }

  /**
   * Closes the device; other methods throw at once. Writes queued before
   * finish first, then what was written plays out on a helper thread and
   * the descriptor is closed: the event loop never waits, and calling
   * `dsp.close()` without `await` (as Python code does) loses nothing, since
   * the program stays alive until it is done. Idempotent.
   *
   * @returns Resolves once the descriptor is closed.
   * @throws {OSSAudioError} (rejects) When the device failed to play out
   *   what was written; the descriptor is closed all the same.
   */
  close(): Promise<void> {
    if (this.#closing !== null) return this.#closing;
    const fd = this.#fd;
    this.#fd = -1;
    registry.unregister(this);
    const drain = this.#mode !== "r";
    this.#closing = this.#pending.then(async () => {
      if (!await closeOffThread(this.#calls, fd, drain)) {
        throw new OSSAudioError(
          `close(): playing out what was written to ${
            JSON.stringify(this.#name)
          } failed (SNDCTL_DSP_SYNC failed on a helper thread; the sound server may have gone away); what was still buffered is lost and the device is closed`,
          { call: "ioctl(SNDCTL_DSP_SYNC)" },
        );
      }
    });
    return this.#closing;
  }

  /**
   * Closes the device at once without waiting for the device: buffered
   * output that has not played yet is discarded (`SNDCTL_DSP_RESET`), and
   * writes queued but not begun are refused. A call already running on a
   * helper thread finishes first, and the descriptor is closed after it
   * (`close()` then resolves). Use `await close()` to play everything out.
   * Idempotent.
   */
  closeSync(): void {
    if (this.#closing !== null) return;
    const fd = this.#fd;
    this.#fd = -1;
    this.#discard = true;
    registry.unregister(this);
    if (this.#inflight === 0) {
      closeDiscarding(this.#calls, fd);
      this.#closing = Promise.resolve();
      return;
    }
    // A helper thread still uses the descriptor: discard what is buffered
    // now, and close once that call returned (never under it). A write
    // waiting for room in PulseAudio's emulation still waits for it:
    // measured 1.2 s after closeSync() with 3 s written in one write().
    this.#calls.ioctl(fd, SNDCTL.SNDCTL_DSP_RESET, new Uint8Array(4));
    this.#closing = this.#pending.then(() => closeDiscarding(this.#calls, fd));
  }

  /** `using dsp = open("w")`: starts close() (plays out, off the event loop). */
  [Symbol.dispose](): void {
    void this.close();
  }

  /** `await using dsp = open("w")`: close() and wait for it. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Opens an OSS audio device, like ossaudiodev's `open([device,] mode)`.
 *
 * @param deviceOrMode The device path, or the mode when no device is given.
 * @param mode `"r"`, `"w"` or `"rw"`.
 * @returns The device.
 * @throws {OSSRangeError} For a bad mode ("mode must be 'r', 'w', or 'rw'",
 *   ossaudiodev's text; also an {@linkcode OSSAudioError}).
 * @throws {TypeError} For a device or mode that is not a string or holds a
 *   NUL byte.
 * @throws {OSSAudioError} When the open fails.
 * @throws {Deno.errors.NotCapable} Without Deno's read (mode `"r"`), write
 *   (`"w"`) or both (`"rw"`) permission for the device path.
 * @example Play a second of silence
 * ```ts ignore
 * import { AFMT_S16_LE, open } from "@audiodev/audiodev/oss";
 * await using dsp = open("w");
 * dsp.setparameters(AFMT_S16_LE, 1, 44100);
 * await dsp.writeall(new Uint8Array(88200));
 * ```
 */
export function open(deviceOrMode: string, mode?: string): OSSAudioDevice {
  let device: string;
  let m: string;
  if (mode === undefined) {
    m = checkCString("open(mode)", deviceOrMode);
    device = readEnv("AUDIODEV") ?? "/dev/dsp";
  } else {
    device = checkCString("open(device)", deviceOrMode);
    m = checkCString("open(mode)", mode);
  }
  const flags = m === "r"
    ? O_RDONLY
    : m === "w"
    ? O_WRONLY
    : m === "rw"
    ? O_RDWR
    : -1;
  if (flags < 0) {
    throw new OSSRangeError("mode must be 'r', 'w', or 'rw'", "open");
  }
  requirePathPermission(
    device,
    m === "r" ? "read" : m === "w" ? "write" : ["read", "write"],
    "open",
  );
  const calls = callsFor(device);
  const fd = calls.open(enc(device), flags | O_NONBLOCK);
  if (fd < 0) throw sysError("open", device);
  // Opened non-blocking so a busy device does not hang; then back to blocking.
  if (libc().fcntl(fd, F_SETFL, 0n) < 0) {
    const err = sysError("fcntl(F_SETFL)", device, { method: "open" });
    calls.close(fd);
    throw err;
  }
  // As ossaudiodev: a path that is not an audio device fails here, at open.
  const fmts = new Uint8Array(4);
  if (calls.ioctl(fd, SNDCTL.SNDCTL_DSP_GETFMTS, fmts) < 0) {
    const err = sysError("ioctl(SNDCTL_DSP_GETFMTS) at open", device, {
      method: "open",
    });
    calls.close(fd);
    throw err;
  }
  return new OSSAudioDevice(device, m as OSSMode, fd, calls);
}
