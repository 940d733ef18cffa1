/**
 * ossaudiodev's audio and mixer devices over `open`/`ioctl`/`read`/`write`/
 * `close`. Where there is no OSS kernel device but PulseAudio's OSS
 * emulation (`libpulsedsp.so`) is installed, its `open`/`ioctl`/`close` are
 * used instead, so `/dev/dsp` works on PulseAudio machines too.
 *
 * Backend choice: `AUDIODEV_OSS_BACKEND=kernel` (libc only),
 * `=pulsedsp` (PulseAudio emulation only) or `=auto` (default: the kernel
 * device when the path is a character device, else the emulation).
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
  strerror,
} from "../../ffi/libc.ts";
import { pulsedsp, SNDCTL } from "../../ffi/oss.ts";
import { readEnv } from "../../ffi/loader.ts";
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
  SOUND_MIXER_NRDEVICES,
} from "./constants.ts";

/**
 * An error of the OSS layer: the module's own checks (ossaudiodev's
 * messages) or a failed system call (with `errno` and its text).
 *
 * @example
 * ```ts ignore
 * import { open, OSSAudioError } from "@audiodev/audiodev/oss";
 * try {
 *   open("/dev/nonexistent", "w");
 * } catch (e) {
 *   if (e instanceof OSSAudioError) console.log(e.errno, e.message);
 * }
 * ```
 */
export class OSSAudioError extends Error {
  /** The system call's errno (0 for the module's own checks). */
  readonly errno: number;
  /** The failing call, e.g. `"ioctl(SNDCTL_DSP_SPEED)"`. */
  readonly call: string;

  /**
   * Creates the error.
   *
   * @param message Text.
   * @param options errno and the failing call.
   */
  constructor(
    message: string,
    options: { errno?: number; call?: string } = {},
  ) {
    super(message);
    this.name = "OSSAudioError";
    this.errno = options.errno ?? 0;
    this.call = options.call ?? "";
  }
}

/** Which implementation of `open`/`ioctl`/`close` a device uses. */
export type OSSBackend = "kernel" | "pulsedsp";

interface Calls {
  backend: OSSBackend;
  open(path: Uint8Array, flags: number): number;
  ioctl(fd: number, req: number, arg: Uint8Array): number;
  ioctlAsync(fd: number, req: number, arg: Uint8Array): Promise<number>;
  close(fd: number): number;
}

function kernelCalls(): Calls {
  const c = libc();
  return {
    backend: "kernel",
    open: (p, f) => c.open(p, f, 0),
    ioctl: (fd, r, a) => c.ioctl(fd, BigInt(r), a),
    ioctlAsync: (fd, r, a) => c.ioctl_nb(fd, BigInt(r), a),
    close: (fd) => c.close(fd),
  };
}

function pulseCalls(): Calls {
  const p = pulsedsp();
  return {
    backend: "pulsedsp",
    open: (path, f) => p.open(path, f, 0),
    ioctl: (fd, r, a) => p.ioctl(fd, BigInt(r), a),
    ioctlAsync: (fd, r, a) => p.ioctl_nb(fd, BigInt(r), a),
    close: (fd) => p.close(fd),
  };
}

function isCharDevice(path: string): boolean {
  try {
    return Deno.statSync(path).isCharDevice === true;
  } catch {
    return false;
  }
}

/**
 * The backend a device at `path` would use.
 *
 * @param path Device path.
 * @returns `"kernel"` or `"pulsedsp"`.
 * @throws {OSSAudioError} For an invalid `AUDIODEV_OSS_BACKEND`.
 */
export function ossBackend(path: string): OSSBackend {
  const forced = readEnv("AUDIODEV_OSS_BACKEND") ?? "auto";
  if (forced === "kernel" || forced === "pulsedsp") return forced;
  if (forced !== "auto") {
    throw new OSSAudioError(
      `AUDIODEV_OSS_BACKEND must be "kernel", "pulsedsp" or "auto", got ${
        JSON.stringify(forced)
      }`,
    );
  }
  return isCharDevice(path) ? "kernel" : "pulsedsp";
}

function callsFor(path: string): Calls {
  return ossBackend(path) === "kernel" ? kernelCalls() : pulseCalls();
}

function sysError(call: string, name: string): OSSAudioError {
  const e = errno();
  return new OSSAudioError(
    `[Errno ${e}] ${strerror(e)}: ${call} on ${JSON.stringify(name)}`,
    { errno: e, call },
  );
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s + "\0");

/** ossaudiodev open modes. */
export type OSSMode = "r" | "w" | "rw";

/**
 * An open OSS audio device (ossaudiodev's `oss_audio_device`).
 *
 * Blocking calls (`write`, `writeall`, `read`, `sync`) are async and never
 * freeze the event loop; `...Sync` forms block like Python's.
 */
export class OSSAudioDevice {
  #fd: number;
  #calls: Calls;
  readonly #name: string;
  readonly #mode: OSSMode;
  #arg = new Int32Array(1);
  #argBytes = new Uint8Array(this.#arg.buffer);
  #pending: Promise<unknown> = Promise.resolve();
  #channelsSet = 1;

  /** @internal Use {@linkcode open}. */
  constructor(name: string, mode: OSSMode, fd: number, calls: Calls) {
    this.#name = name;
    this.#mode = mode;
    this.#fd = fd;
    this.#calls = calls;
  }

  /** The device path. */
  get name(): string {
    return this.#name;
  }
  /** `"r"`, `"w"` or `"rw"`. */
  get mode(): OSSMode {
    return this.#mode;
  }
  /** `true` after close(). */
  get closed(): boolean {
    return this.#fd < 0;
  }
  /** `"kernel"` or `"pulsedsp"`. */
  get backend(): OSSBackend {
    return this.#calls.backend;
  }

  #check(): number {
    if (this.#fd < 0) {
      throw new OSSAudioError("Operation on closed OSS device.");
    }
    return this.#fd;
  }

  #ioctlInt(req: number, name: string, value = 0): number {
    const fd = this.#check();
    this.#arg[0] = value;
    if (this.#calls.ioctl(fd, req, this.#argBytes) < 0) {
      throw sysError(`ioctl(${name})`, this.#name);
    }
    return this.#arg[0];
  }

  #ioctlStruct(req: number, name: string, ints: number): Int32Array {
    const fd = this.#check();
    const buf = new Int32Array(ints);
    if (this.#calls.ioctl(fd, req, new Uint8Array(buf.buffer)) < 0) {
      throw sysError(`ioctl(${name})`, this.#name);
    }
    return buf;
  }

  /**
   * The file descriptor.
   *
   * @returns The fd.
   */
  fileno(): number {
    return this.#check();
  }

  /**
   * Puts the device in non-blocking mode (cannot be undone).
   *
   * @throws {OSSAudioError} When closed or the ioctl fails.
   */
  nonblock(): void {
    const fd = this.#check();
    if (this.#calls.ioctl(fd, SNDCTL.SNDCTL_DSP_NONBLOCK, this.#argBytes) < 0) {
      throw sysError("ioctl(SNDCTL_DSP_NONBLOCK)", this.#name);
    }
  }

  /**
   * The formats the device supports.
   *
   * @returns A bit mask of `AFMT_*`.
   */
  getfmts(): number {
    return this.#ioctlInt(SNDCTL.SNDCTL_DSP_GETFMTS, "SNDCTL_DSP_GETFMTS");
  }

  /**
   * Sets the sample format (`AFMT_QUERY` queries it).
   *
   * @param format An `AFMT_*` value.
   * @returns The format actually set.
   */
  setfmt(format: number): number {
    return this.#ioctlInt(
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
   */
  channels(nchannels: number): number {
    return this.#ioctlInt(
      SNDCTL.SNDCTL_DSP_CHANNELS,
      "SNDCTL_DSP_CHANNELS",
      nchannels,
    );
  }

  /**
   * Sets the sampling rate.
   *
   * @param rate Hz.
   * @returns The rate actually set.
   */
  speed(rate: number): number {
    return this.#ioctlInt(SNDCTL.SNDCTL_DSP_SPEED, "SNDCTL_DSP_SPEED", rate);
  }

  /**
   * Sets format, channels and rate, in that order.
   *
   * @param format An `AFMT_*` value.
   * @param nchannels Channels.
   * @param rate Hz.
   * @param strict Throw when the device sets other values than asked.
   * @returns `[format, channels, rate]` as set.
   * @throws {OSSAudioError} In strict mode, "unable to set requested format (wanted X, got Y)" etc.
   */
  setparameters(
    format: number,
    nchannels: number,
    rate: number,
    strict = false,
  ): [number, number, number] {
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
  #frameInfo(): { size: number; nchannels: number } {
    const fmt = this.setfmt(AFMT_QUERY);
    let size: number;
    if ([AFMT_MU_LAW, AFMT_A_LAW, AFMT_U8, AFMT_S8].includes(fmt)) size = 1;
    else if (
      [AFMT_S16_LE, AFMT_S16_BE, AFMT_U16_LE, AFMT_U16_BE].includes(fmt)
    ) size = 2;
    else {throw new OSSAudioError(
        `unknown sample format ${fmt}: cannot compute the sample size`,
      );}
    // ossaudiodev queries with CHANNELS(0); PulseAudio's emulation rejects that
    // (EINVAL), so fall back to the count set last.
    let nchannels = this.#channelsSet;
    try {
      nchannels =
        this.#ioctlInt(SNDCTL.SNDCTL_DSP_CHANNELS, "SNDCTL_DSP_CHANNELS", 0) ||
        nchannels;
    } catch (e) {
      if (!(e instanceof OSSAudioError) || e.errno !== 22) throw e;
    }
    return { size, nchannels };
  }

  #ospace(): Int32Array {
    return this.#ioctlStruct(
      SNDCTL.SNDCTL_DSP_GETOSPACE,
      "SNDCTL_DSP_GETOSPACE",
      4,
    );
  }

  /**
   * The hardware buffer size, in samples per channel.
   *
   * @returns fragstotal × fragsize / (channels × sample size).
   */
  bufsize(): number {
    const { size, nchannels } = this.#frameInfo();
    const [, fragstotal, fragsize] = this.#ospace();
    return Math.floor((fragstotal * fragsize) / (nchannels * size));
  }

  /**
   * Samples per channel waiting in the output buffer.
   *
   * @returns The count.
   */
  obufcount(): number {
    const { size, nchannels } = this.#frameInfo();
    const [, fragstotal, fragsize, bytes] = this.#ospace();
    return Math.floor((fragstotal * fragsize - bytes) / (size * nchannels));
  }

  /**
   * Samples per channel that can be written without blocking.
   *
   * @returns The count.
   */
  obuffree(): number {
    const { size, nchannels } = this.#frameInfo();
    const [, , , bytes] = this.#ospace();
    return Math.floor(bytes / (size * nchannels));
  }

  /**
   * The current position: `(bytes, blocks, ptr)` of input (mode `"r"`) or output.
   *
   * @returns The three counters.
   */
  getptr(): [number, number, number] {
    const input = this.#mode === "r";
    const c = this.#ioctlStruct(
      input ? SNDCTL.SNDCTL_DSP_GETIPTR : SNDCTL.SNDCTL_DSP_GETOPTR,
      input ? "SNDCTL_DSP_GETIPTR" : "SNDCTL_DSP_GETOPTR",
      3,
    );
    return [c[0], c[1], c[2]];
  }

  #bytes(data: ArrayBufferView | ArrayBuffer): Uint8Array {
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    if (ArrayBuffer.isView(data)) {
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    }
    throw new TypeError(
      "data must be bytes (a Uint8Array, another typed array or an ArrayBuffer)",
    );
  }

  /**
   * One write(2), blocking the calling thread if the device is full.
   *
   * @param data The bytes.
   * @returns Bytes written (maybe fewer).
   * @throws {OSSAudioError} When closed or write fails.
   */
  writeSync(data: ArrayBufferView | ArrayBuffer): number {
    const fd = this.#check();
    const bytes = this.#bytes(data);
    const n = Number(libc().write(fd, bytes, BigInt(bytes.byteLength)));
    if (n < 0) throw sysError("write", this.#name);
    return n;
  }

  /**
   * One write(2), off the event loop.
   *
   * @param data The bytes.
   * @returns Bytes written (maybe fewer).
   * @throws {OSSAudioError} When closed or write fails.
   */
  write(data: ArrayBufferView | ArrayBuffer): Promise<number> {
    const fd = this.#check();
    const bytes = this.#bytes(data);
    const job = this.#pending.then(async () => {
      const n = Number(
        await libc().write_nb(fd, bytes, BigInt(bytes.byteLength)),
      );
      if (n < 0) throw sysError("write", this.#name);
      return n;
    });
    this.#pending = job.catch(() => {});
    return job;
  }

  /**
   * Writes all of `data`: what fits now is written at once, the rest
   * waits for room, off the event loop.
   *
   * @param data The bytes.
   * @throws {OSSAudioError} When closed or write fails.
   */
  writeall(data: ArrayBufferView | ArrayBuffer): Promise<void> {
    const fd = this.#check();
    const bytes = this.#bytes(data);
    const job = this.#pending.then(async () => {
      const c = libc();
      let done = 0;
      while (done < bytes.byteLength) {
        if (this.#fd < 0) {
          throw new OSSAudioError("Operation on closed OSS device.");
        }
        const room = this.#ospace()[3];
        const chunk = bytes.subarray(done, done + Math.max(room, 0));
        let n: number;
        if (room > 0) n = Number(c.write(fd, chunk, BigInt(chunk.byteLength)));
        else {
          const part = bytes.subarray(done, done + 4096);
          n = Number(await c.write_nb(fd, part, BigInt(part.byteLength)));
        }
        if (n < 0) {
          if (errno() === 11) continue; // EAGAIN in nonblock mode
          throw sysError("write", this.#name);
        }
        done += n;
      }
    });
    this.#pending = job.catch(() => {});
    return job;
  }

  /**
   * Reads up to `size` bytes, off the event loop.
   *
   * @param size Bytes.
   * @returns The bytes read (maybe fewer).
   * @throws {OSSAudioError} When closed or read fails.
   */
  read(size: number): Promise<Uint8Array> {
    const fd = this.#check();
    if (!Number.isInteger(size) || size < 0) {
      throw new RangeError(`read: size must be an integer >= 0, got ${size}`);
    }
    const buf = new Uint8Array(size);
    const job = this.#pending.then(async () => {
      const n = Number(await libc().read_nb(fd, buf, BigInt(size)));
      if (n < 0) throw sysError("read", this.#name);
      return buf.subarray(0, n);
    });
    this.#pending = job.catch(() => {});
    return job;
  }

  /**
   * Reads up to `size` bytes, blocking the calling thread.
   *
   * @param size Bytes.
   * @returns The bytes read.
   * @throws {OSSAudioError} When closed or read fails.
   */
  readSync(size: number): Uint8Array {
    const fd = this.#check();
    const buf = new Uint8Array(size);
    const n = Number(libc().read(fd, buf, BigInt(size)));
    if (n < 0) throw sysError("read", this.#name);
    return buf.subarray(0, n);
  }

  /**
   * Waits until everything written has been played (may take seconds), off the event loop.
   *
   * @throws {OSSAudioError} When closed or the ioctl fails.
   */
  sync(): Promise<void> {
    const fd = this.#check();
    const job = this.#pending.then(async () => {
      if (
        (await this.#calls.ioctlAsync(
          fd,
          SNDCTL.SNDCTL_DSP_SYNC,
          new Uint8Array(4),
        )) < 0
      ) throw sysError("ioctl(SNDCTL_DSP_SYNC)", this.#name);
    });
    this.#pending = job.catch(() => {});
    return job;
  }

  /**
   * Stops playback or capture at once, discarding buffered data.
   *
   * @throws {OSSAudioError} When closed or the ioctl fails.
   */
  reset(): void {
    const fd = this.#check();
    if (this.#calls.ioctl(fd, SNDCTL.SNDCTL_DSP_RESET, this.#argBytes) < 0) {
      throw sysError("ioctl(SNDCTL_DSP_RESET)", this.#name);
    }
  }

  /**
   * Tells the driver a pause in output is coming (`SNDCTL_DSP_POST`).
   *
   * @throws {OSSAudioError} When closed or the ioctl fails.
   */
  post(): void {
    const fd = this.#check();
    if (this.#calls.ioctl(fd, SNDCTL.SNDCTL_DSP_POST, this.#argBytes) < 0) {
      throw sysError("ioctl(SNDCTL_DSP_POST)", this.#name);
    }
  }

  /** Closes the device (idempotent); other methods throw afterwards. */
  close(): void {
    if (this.#fd < 0) return;
    const fd = this.#fd;
    this.#fd = -1;
    this.#calls.close(fd);
  }

  /** `using dsp = open("w")`. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * Opens an OSS audio device, like ossaudiodev's `open([device,] mode)`.
 *
 * @param deviceOrMode The device path, or the mode when no device is given.
 * @param mode `"r"`, `"w"` or `"rw"`.
 * @returns The device.
 * @throws {OSSAudioError} For a bad mode ("mode must be 'r', 'w', or 'rw'") or a failed open.
 * @example Play a second of silence
 * ```ts ignore
 * import { AFMT_S16_LE, open } from "@audiodev/audiodev/oss";
 * using dsp = open("w");
 * dsp.setparameters(AFMT_S16_LE, 1, 44100);
 * await dsp.writeall(new Uint8Array(88200));
 * await dsp.sync();
 * ```
 */
export function open(deviceOrMode: string, mode?: string): OSSAudioDevice {
  let device: string;
  let m: string;
  if (mode === undefined) {
    m = deviceOrMode;
    device = readEnv("AUDIODEV") ?? "/dev/dsp";
  } else {
    device = deviceOrMode;
    m = mode;
  }
  const flags = m === "r"
    ? O_RDONLY
    : m === "w"
    ? O_WRONLY
    : m === "rw"
    ? O_RDWR
    : -1;
  if (flags < 0) throw new OSSAudioError("mode must be 'r', 'w', or 'rw'");
  const calls = callsFor(device);
  const fd = calls.open(enc(device), flags | O_NONBLOCK);
  if (fd < 0) throw sysError("open", device);
  // Opened non-blocking so a busy device does not hang; then back to blocking.
  if (libc().fcntl(fd, F_SETFL, 0n) < 0) {
    const err = sysError("fcntl(F_SETFL)", device);
    calls.close(fd);
    throw err;
  }
  return new OSSAudioDevice(device, m as OSSMode, fd, calls);
}

/** An open OSS mixer (ossaudiodev's `oss_mixer_device`). */
export class OSSMixerDevice {
  #fd: number;
  #calls: Calls;
  readonly #name: string;
  #arg = new Int32Array(1);
  #argBytes = new Uint8Array(this.#arg.buffer);

  /** @internal Use {@linkcode openMixer}. */
  constructor(name: string, fd: number, calls: Calls) {
    this.#name = name;
    this.#fd = fd;
    this.#calls = calls;
  }

  /** The device path. */
  get name(): string {
    return this.#name;
  }
  /** `true` after close(). */
  get closed(): boolean {
    return this.#fd < 0;
  }

  #ioctl(req: number, name: string, value = 0): number {
    if (this.#fd < 0) {
      throw new OSSAudioError("Operation on closed OSS device.");
    }
    this.#arg[0] = value;
    if (this.#calls.ioctl(this.#fd, req, this.#argBytes) < 0) {
      throw sysError(`ioctl(${name})`, this.#name);
    }
    return this.#arg[0];
  }

  /**
   * The file descriptor.
   *
   * @returns The fd.
   */
  fileno(): number {
    if (this.#fd < 0) {
      throw new OSSAudioError("Operation on closed OSS device.");
    }
    return this.#fd;
  }

  /**
   * The channels the mixer has.
   *
   * @returns A bit mask; test with `1 << SOUND_MIXER_PCM`.
   */
  controls(): number {
    return this.#ioctl(
      SNDCTL.SOUND_MIXER_READ_DEVMASK,
      "SOUND_MIXER_READ_DEVMASK",
    );
  }

  /**
   * The stereo channels.
   *
   * @returns A bit mask.
   */
  stereocontrols(): number {
    return this.#ioctl(
      SNDCTL.SOUND_MIXER_READ_STEREODEVS,
      "SOUND_MIXER_READ_STEREODEVS",
    );
  }

  /**
   * The channels that can be recording sources.
   *
   * @returns A bit mask.
   */
  reccontrols(): number {
    return this.#ioctl(
      SNDCTL.SOUND_MIXER_READ_RECMASK,
      "SOUND_MIXER_READ_RECMASK",
    );
  }

  #control(control: number): void {
    if (
      !Number.isInteger(control) || control < 0 ||
      control >= SOUND_MIXER_NRDEVICES
    ) {
      throw new OSSAudioError("Invalid mixer channel specified.");
    }
  }

  /**
   * A channel's volume.
   *
   * @param control A `SOUND_MIXER_*` channel.
   * @returns `[left, right]`, 0-100 each.
   * @throws {OSSAudioError} "Invalid mixer channel specified." outside 0..24.
   */
  get(control: number): [number, number] {
    this.#control(control);
    const v = this.#ioctl(
      SNDCTL.MIXER_READ_BASE + control,
      `MIXER_READ(${control})`,
    );
    return [v & 0xff, (v >> 8) & 0xff];
  }

  /**
   * Sets a channel's volume.
   *
   * @param control A `SOUND_MIXER_*` channel.
   * @param volume `[left, right]`, 0-100 each.
   * @returns `[left, right]` as set.
   * @throws {OSSAudioError} "Volumes must be between 0 and 100." or an invalid channel.
   */
  set(control: number, volume: readonly [number, number]): [number, number] {
    this.#control(control);
    const [left, right] = volume;
    if (
      ![left, right].every((v) => Number.isInteger(v) && v >= 0 && v <= 100)
    ) {
      throw new OSSAudioError("Volumes must be between 0 and 100.");
    }
    const v = this.#ioctl(
      SNDCTL.MIXER_WRITE_BASE + control,
      `MIXER_WRITE(${control})`,
      (right << 8) | left,
    );
    return [v & 0xff, (v >> 8) & 0xff];
  }

  /**
   * The current recording sources.
   *
   * @returns A bit mask.
   */
  getRecsrc(): number {
    return this.#ioctl(
      SNDCTL.SOUND_MIXER_READ_RECSRC,
      "SOUND_MIXER_READ_RECSRC",
    );
  }

  /**
   * Selects recording sources.
   *
   * @param bitmask Channels as bits.
   * @returns The sources actually selected.
   */
  setRecsrc(bitmask: number): number {
    return this.#ioctl(
      SNDCTL.SOUND_MIXER_WRITE_RECSRC,
      "SOUND_MIXER_WRITE_RECSRC",
      bitmask,
    );
  }

  /** Closes the mixer (idempotent). */
  close(): void {
    if (this.#fd < 0) return;
    const fd = this.#fd;
    this.#fd = -1;
    this.#calls.close(fd);
  }

  /** `using mixer = openMixer()`. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * Opens an OSS mixer, like ossaudiodev's `openmixer([device])`.
 *
 * @param device Path; default env `MIXERDEV`, else `/dev/mixer`.
 * @returns The mixer.
 * @throws {OSSAudioError} When it cannot be opened.
 * @example
 * ```ts ignore
 * import { openMixer, SOUND_MIXER_PCM } from "@audiodev/audiodev/oss";
 * using mixer = openMixer();
 * console.log(mixer.get(SOUND_MIXER_PCM));
 * ```
 */
export function openMixer(device?: string): OSSMixerDevice {
  const path = device ?? readEnv("MIXERDEV") ?? "/dev/mixer";
  const calls = callsFor(path);
  const fd = calls.open(enc(path), O_RDWR);
  if (fd < 0) throw sysError("open", path);
  return new OSSMixerDevice(path, fd, calls);
}
