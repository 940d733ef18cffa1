/**
 * `PCM`: direct ALSA playback and capture, at pyalsaaudio 0.11 parity.
 *
 * Calls that can wait have an async form that never freezes the event loop
 * (what fits in the device buffer moves synchronously; only a full/empty
 * buffer is awaited, on a helper thread) and a `...Sync` form that blocks
 * like pyalsaaudio. The pieces: arguments (`pcm_args.ts`), hardware and
 * software parameters (`pcm_hw.ts`, `pcm_sw.ts`), transfers (`pcm_io.ts`),
 * drain and close (`pcm_lifecycle.ts`), shared state (`pcm_core.ts`).
 *
 * @module
 */

import { pollfd, snd_htimestamp_t } from "../../ffi/alsa.ts";
import { SND_PCM_MODE, SND_PCM_STATE } from "../../ffi/alsa_constants.ts";
import { readField } from "../../ffi/struct.ts";
import { describeValue } from "../options.ts";
import { discardQueued, flushQueued, hasQueued } from "../realtime/queued.ts";
import { AlsaError, alsaLib, checkAlsa } from "./errors.ts";
import {
  PCM_CAPTURE,
  PCM_NONBLOCK,
  PCM_PLAYBACK,
  PCM_TSTAMP_ENABLE,
  PCM_TSTAMP_TYPE_GETTIMEOFDAY,
  type PcmFormatName,
  type PcmMode,
  type PcmType,
} from "./constants.ts";
import {
  checkInt,
  formatValue,
  parsePcmArgs,
  type PCMOptions,
} from "./pcm_args.ts";
import { EAGAIN, EPIPE, ESTRPIPE, PcmCore } from "./pcm_core.ts";
import {
  configureHw,
  dumpPcm,
  getChannels,
  getFormats,
  getRateBounds,
  getRates,
  type HwConfig,
  type PCMInfo,
  pcmInfo,
} from "./pcm_hw.ts";
import { move, readNow, readPeriod, readReady } from "./pcm_io.ts";
import {
  closeAsync,
  closeNow,
  drainPlayback,
  drainPlaybackSync,
  stopCapture,
  unpause,
} from "./pcm_lifecycle.ts";
import { getSw, setSw } from "./pcm_sw.ts";
import { checkPollPairs, toPollfds } from "./poll.ts";

export { formatValue, type PCMInfo, type PCMOptions };

const registry = new FinalizationRegistry<Deno.PointerObject>((h) =>
  alsaLib().snd_pcm_close(h)
);

/**
 * An ALSA PCM device, for playback or capture (pyalsaaudio's `alsaaudio.PCM`).
 *
 * @example Play a second of a tone (CD quality)
 * ```ts ignore
 * import { PCM } from "@audiodev/audiodev/alsa";
 * const pcm = new PCM({ rate: 44100, channels: 1, format: "S16_LE", periodsize: 1024 });
 * const tone = Int16Array.from({ length: 44100 }, (_, i) => 8000 * Math.sin(2 * Math.PI * 440 * i / 44100));
 * await pcm.write(new Uint8Array(tone.buffer));
 * await pcm.close(); // plays out what was written first
 * ```
 */
export class PCM {
  #c: PcmCore;
  /** close() waiting for writeAll()'s queue before it begins. */
  #flushing: Promise<void> | null = null;

  /**
   * Opens and configures the PCM, as `alsaaudio.PCM(...)`. ALSA may realize
   * other values than requested: see {@linkcode PCM.info}.
   *
   * Takes an options object, or pyalsaaudio 0.11's positional arguments in
   * its documented order `(type, mode, rate, channels, format, periodsize,
   * periods, device, cardindex)` (a string third argument follows the C
   * module's keyword order `(type, mode, device, cardindex, card, rate,
   * channels, format, periodsize, periods)`), optionally ending with an
   * options object for the keyword arguments:
   * `new PCM(PCM_CAPTURE, PCM_NONBLOCK, { channels: 1, rate: 44100 })`.
   *
   * @param options pyalsaaudio's keyword arguments.
   * @throws {TypeError|RangeError} For invalid or unknown arguments, before ALSA is called.
   * @throws {AlsaError} When ALSA cannot open or configure the device (also
   *   as {@linkcode AlsaTypeError}/{@linkcode AlsaRangeError} for a type,
   *   mode or card number out of range, where pyalsaaudio raises ALSAAudioError).
   */
  constructor(options?: PCMOptions);
  /**
   * Opens a PCM of `type` with keyword arguments:
   * `new PCM(PCM_PLAYBACK, { channels: 1, rate: 44100 })`.
   *
   * @param type `PCM_PLAYBACK` or `PCM_CAPTURE` (or its name).
   * @param options The other keyword arguments.
   * @throws {TypeError|RangeError} For invalid or unknown arguments.
   * @throws {AlsaError} When ALSA cannot open or configure the device.
   */
  constructor(type: PcmType, options: PCMOptions);
  /**
   * Opens a PCM from pyalsaaudio's positional arguments:
   * `new PCM(PCM_CAPTURE, PCM_NONBLOCK)`,
   * `new PCM(PCM_PLAYBACK, PCM_NORMAL, 48000, 1)`, or
   * `new PCM(PCM_CAPTURE, PCM_NONBLOCK, { channels: 1 })`.
   *
   * @param type `PCM_PLAYBACK` or `PCM_CAPTURE` (or its name).
   * @param mode `PCM_NORMAL`, `PCM_NONBLOCK` or `PCM_ASYNC` (or its name).
   * @param rest `rate, channels, format, periodsize, periods, device,
   *   cardindex` (a string first: `device, cardindex, card, rate, channels,
   *   format, periodsize, periods`), optionally ending with an options object.
   * @throws {TypeError|RangeError} For invalid, surplus or repeated arguments.
   * @throws {AlsaError} When ALSA cannot open or configure the device.
   */
  constructor(
    type: PcmType,
    mode?: PcmMode,
    ...rest: (number | string | PCMOptions | undefined)[]
  );
  constructor(...args: unknown[]) {
    const req = parsePcmArgs(args);
    const a = alsaLib();
    const out = new BigUint64Array(1);
    const code = a.snd_pcm_open(
      out,
      new TextEncoder().encode(req.device + "\0"),
      req.type,
      req.mode === PCM_NONBLOCK ? SND_PCM_MODE.SND_PCM_NONBLOCK : 0,
    );
    checkAlsa(
      code,
      "snd_pcm_open",
      `Cannot open ${
        req.type === PCM_CAPTURE ? "capture" : "playback"
      } device ${JSON.stringify(req.device)}`,
    );
    const h = Deno.UnsafePointer.create(out[0])!;
    this.#c = new PcmCore(h, req.type, req.mode, req.device);
    registry.register(this, h, this);
    try {
      this.#configure(req, true);
      const start = req.startThreshold;
      if (start !== undefined) {
        this.setStartThreshold(
          start === "buffer" ? this.#bufferFrames : start,
        );
      }
      if (req.availMin !== undefined) this.setAvailMin(req.availMin);
    } catch (e) {
      registry.unregister(this);
      a.snd_pcm_close(h);
      this.#c.h = null;
      throw e;
    }
  }

  #configure(want: Omit<HwConfig, "frameBytes">, strictFormat: boolean): void {
    const c = this.#c;
    c.cfg = configureHw(c.h!, c.device, want, strictFormat);
    // Bind the I/O path's symbols now (about 0.1 ms each on first use):
    // with ALSA's default start threshold of one frame the PCM runs from the
    // first write, and a first write() that also binds symbols left the
    // pulse plugin's 1024-frame buffer empty before the second (measured:
    // 1.6 ms between the first two writes, one underrun in every run).
    const a = alsaLib();
    void [
      a.snd_pcm_avail,
      a.snd_pcm_state,
      a.snd_pcm_prepare,
      a.snd_pcm_recover,
      a.snd_pcm_start,
      a.snd_pcm_drop,
      a.snd_pcm_wait_nb,
      c.type === PCM_CAPTURE ? a.snd_pcm_readi : a.snd_pcm_writei,
      c.type === PCM_CAPTURE ? a.snd_pcm_readi_nb : a.snd_pcm_writei_nb,
    ];
  }

  get #bufferFrames(): number {
    return this.#c.cfg.periodsize * this.#c.cfg.periods;
  }

  /** The raw `snd_pcm_t*` for calls not wrapped here. Unsafe: invalid after close(). */
  get unsafeHandle(): Deno.PointerObject {
    return this.#c.handle("unsafeHandle");
  }
  /** `true` once close() (or closeSync()) has been called. */
  get closed(): boolean {
    return this.#c.isClosed;
  }
  /** Realized rate in Hz. */
  get rate(): number {
    return this.#c.cfg.rate;
  }
  /** Realized channel count. */
  get channels(): number {
    return this.#c.cfg.channels;
  }
  /** Realized format (a `PCM_FORMAT_*` value). */
  get format(): number {
    return this.#c.cfg.format;
  }
  /** Realized period size in frames. */
  get periodsize(): number {
    return this.#c.cfg.periodsize;
  }
  /** Realized periods per buffer. */
  get periods(): number {
    return this.#c.cfg.periods;
  }
  /** Bytes per frame. */
  get framesize(): number {
    return this.#c.cfg.frameBytes;
  }
  /** Over/underruns seen by read/write (each also returned as `-EPIPE`). */
  get xruns(): number {
    return this.#c.xruns;
  }
  set xruns(n: number) {
    this.#c.xruns = n;
  }

  /**
   * The direction given to the constructor.
   *
   * @returns `PCM_PLAYBACK` or `PCM_CAPTURE`.
   * @throws {AlsaError} When closed.
   */
  pcmtype(): number {
    this.#c.handle("pcmtype");
    return this.#c.type;
  }

  /**
   * The mode given to the constructor.
   *
   * @returns `PCM_NORMAL`, `PCM_NONBLOCK` or `PCM_ASYNC`.
   * @throws {AlsaError} When closed.
   */
  pcmmode(): number {
    this.#c.handle("pcmmode");
    return this.#c.mode;
  }

  /**
   * The device name the PCM was opened with.
   *
   * @returns e.g. `"default"`.
   * @throws {AlsaError} When closed.
   */
  cardname(): string {
    this.#c.handle("cardname");
    return this.#c.device;
  }

  /**
   * The PCM state: `PCM_STATE_PREPARED` after construction,
   * `PCM_STATE_SETUP` after drop() or drain() (the next read/write prepares
   * it again), `PCM_STATE_RUNNING`, ...
   *
   * @returns One of the `PCM_STATE_*` constants.
   * @throws {AlsaError} When closed.
   */
  state(): number {
    return alsaLib().snd_pcm_state(this.#c.handle("state"));
  }

  /**
   * Frames that can be written (playback) or read (capture) without waiting.
   *
   * @returns Frames, or a negative error code (`-EPIPE` after an xrun,
   *   `-EBADFD` after drop()/drain() until the next read or write).
   * @throws {AlsaError} When closed.
   */
  avail(): number {
    return Number(alsaLib().snd_pcm_avail(this.#c.handle("avail")));
  }

  /**
   * Prepares the stream for use (`snd_pcm_prepare`; an addition to
   * pyalsaaudio, whose read/write do it by themselves after drop(), drain()
   * or an xrun, as ours do).
   *
   * @returns 0.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  prepare(): number {
    return checkAlsa(
      alsaLib().snd_pcm_prepare(this.#c.handle("prepare")),
      "snd_pcm_prepare",
    );
  }

  /**
   * The configuration ALSA realized, with pyalsaaudio 0.11's keys.
   *
   * @returns Every key pyalsaaudio 0.11's `info()` has.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  info(): PCMInfo {
    return pcmInfo(this.#c.handle("info"), this.#c.type, this.#c.mode);
  }

  /**
   * ALSA's own dump of the PCM's setup (`snd_pcm_dump`).
   *
   * @returns The text.
   * @throws {AlsaError} When closed.
   */
  dump(): string {
    return dumpPcm(this.#c.handle("dump"));
  }

  /**
   * Prints ALSA's dump of the PCM's setup to stdout, as pyalsaaudio does.
   *
   * @returns The same text.
   * @throws {AlsaError} When closed.
   */
  dumpinfo(): string {
    const text = this.dump();
    Deno.stdout.writeSync(new TextEncoder().encode(text));
    return text;
  }

  /**
   * Writes frames and waits, off the event loop, until they are buffered.
   * What fits moves at once with a synchronous call; the rest goes to one
   * helper-thread `snd_pcm_writei` per 250 ms of audio that waits inside
   * ALSA, as `aplay` does. Nonblock mode writes what fits and returns at
   * once. On a paused PCM the write waits until it is resumed (or closed).
   *
   * @param data Whole frames, interleaved, in the PCM's format.
   * @returns Frames written (fewer than given only when an underrun ended
   *   the write part-way); 0 in nonblock mode when the buffer is full;
   *   `-EPIPE` (-32) after an underrun when nothing was written: the stream
   *   is prepared again, write the same data again.
   * @throws {TypeError} When `data` is not bytes.
   * @throws {AlsaRangeError} When it is not whole frames (also an AlsaError,
   *   as pyalsaaudio's ALSAAudioError).
   * @throws {AlsaError} When closed, a capture PCM, or on other ALSA errors.
   *
   * @example Play half a second of silence without blocking the event loop
   * ```ts ignore
   * import { PCM } from "@audiodev/audiodev/alsa";
   * const pcm = new PCM({ rate: 48000, channels: 2, format: "S16_LE" });
   * await pcm.write(new Int16Array(48000)); // 24000 frames
   * await pcm.close();
   * ```
   */
  write(data: ArrayBufferView | ArrayBuffer): Promise<number> {
    const c = this.#c;
    const h = c.handle("write");
    c.checkDir(PCM_PLAYBACK, "write");
    const bytes = c.bytes(data, "write");
    const frames = bytes.byteLength / c.cfg.frameBytes;
    // frames per helper-thread call: bounds how long close() waits for it
    const slice = Math.max(c.cfg.periodsize, Math.ceil(c.cfg.rate / 4));
    const drops = c.drops; // a drop() before the job runs cancels it
    return c.queue(() => move(c, false, h, bytes, frames, slice, drops));
  }

  /**
   * Writes frames, blocking the calling thread (pyalsaaudio's `write`).
   *
   * @param data Whole frames, interleaved, in the PCM's format.
   * @returns Frames written; 0 in nonblock mode when full; `-EPIPE` after an underrun.
   * @throws {TypeError} When `data` is not bytes.
   * @throws {AlsaRangeError} When it is not whole frames.
   * @throws {AlsaError} When closed, a capture PCM, or on other ALSA errors.
   */
  writeSync(data: ArrayBufferView | ArrayBuffer): number {
    const c = this.#c;
    const h = c.handle("writeSync");
    c.checkDir(PCM_PLAYBACK, "writeSync");
    const bytes = c.bytes(data, "writeSync");
    c.ready(h);
    const n = Number(
      alsaLib().snd_pcm_writei(
        h,
        bytes,
        BigInt(bytes.byteLength / c.cfg.frameBytes),
      ),
    );
    if (n === -EAGAIN) return 0;
    if (n === -EPIPE || n === -ESTRPIPE) return c.xrun(n, h);
    return checkAlsa(n, "snd_pcm_writei");
  }

  /**
   * Reads one period. Normal mode waits (off the event loop) for a full
   * period; nonblock mode returns `[0, empty]` when none is ready.
   *
   * @returns `[frames, data]`; `[-EPIPE, empty]` after an overrun (the
   *   stream is prepared again: just read again).
   * @throws {AlsaError} When closed, a playback PCM, or on other ALSA errors.
   */
  read(): Promise<[number, Uint8Array]> {
    const c = this.#c;
    const h = c.handle("read");
    c.checkDir(PCM_CAPTURE, "read");
    return c.queue(() => readPeriod(c, h));
  }

  /**
   * Reads one period, blocking the calling thread (pyalsaaudio's `read`).
   *
   * @returns `[frames, data]`, `[0, empty]` in nonblock mode when nothing is
   *   ready, `[-EPIPE, empty]` after an overrun.
   * @throws {AlsaError} When closed, a playback PCM, or on other ALSA errors.
   */
  readSync(): [number, Uint8Array] {
    const c = this.#c;
    const h = c.handle("readSync");
    c.checkDir(PCM_CAPTURE, "readSync");
    return readNow(c, h, c.cfg.periodsize);
  }

  /**
   * Reads the whole frames that are ready now, up to what fits in `dst`,
   * without waiting (also in normal mode), into the caller's buffer: no
   * allocation. Starts a capture stream that is only prepared. What
   * `readFull`/`inputBlocks` use; pair it with {@linkcode PCM.wait}.
   *
   * @param dst Where the interleaved frames go (any typed array or bytes).
   * @returns Frames read (0 when none is ready), or `-EPIPE` (-32) after an
   *   overrun (the stream is prepared again: read again).
   * @throws {TypeError} When `dst` is not bytes.
   * @throws {RangeError} When `dst` holds less than one frame's bytes.
   * @throws {AlsaError} When closed, a playback PCM, or on other ALSA errors.
   *
   * @example Read what the device has captured so far
   * ```ts ignore
   * import { PCM, PCM_CAPTURE } from "@audiodev/audiodev/alsa";
   * const pcm = new PCM({ type: PCM_CAPTURE, channels: 1, rate: 16000 });
   * const buf = new Int16Array(1600);
   * await pcm.wait(200);
   * const frames = pcm.readInto(buf); // at most 1600
   * ```
   */
  readInto(dst: ArrayBufferView): number {
    const c = this.#c;
    const h = c.handle("readInto");
    c.checkDir(PCM_CAPTURE, "readInto");
    return readReady(c, h, this.#room(dst, "readInto"));
  }

  #room(dst: unknown, call: string): Uint8Array {
    const bytes = this.#c.bytes(dst, call, false);
    if (bytes.byteLength < this.#c.cfg.frameBytes) {
      throw new RangeError(
        `${call}: dst has ${bytes.byteLength} bytes, less than one frame of ${this.#c.cfg.frameBytes}`,
      );
    }
    return bytes;
  }

  /**
   * Fills `dst` with captured frames, waiting off the event loop: what is
   * ready moves at once with a synchronous call; the rest comes from one
   * helper-thread `snd_pcm_readi` per device buffer (at most 250 ms) that
   * waits inside ALSA as `arecord` does. Starts a capture stream that is
   * only prepared. Nonblock mode reads what is ready and returns.
   *
   * @param dst Where the interleaved frames go (any typed array or bytes;
   *   its whole frames are filled).
   * @returns Frames read: all that fit, fewer when the PCM was closed or
   *   dropped, or an overrun ended the read part-way (then the next call
   *   reports it); `-EPIPE` (-32) after an overrun when nothing was read
   *   (the stream is prepared again: read again).
   * @throws {TypeError} When `dst` is not bytes.
   * @throws {RangeError} When `dst` holds less than one frame's bytes.
   * @throws {AlsaError} When closed, a playback PCM, or on other ALSA errors.
   *
   * @example Record one second in one call
   * ```ts ignore
   * import { PCM } from "@audiodev/audiodev/alsa";
   * const mic = new PCM({ type: "capture", rate: 16000, channels: 1 });
   * const buf = new Int16Array(16000);
   * const frames = await mic.readFull(buf); // 16000
   * await mic.close();
   * ```
   */
  readFull(dst: ArrayBufferView): Promise<number> {
    const c = this.#c;
    const h = c.handle("readFull");
    c.checkDir(PCM_CAPTURE, "readFull");
    const bytes = this.#room(dst, "readFull");
    const frames = Math.floor(bytes.byteLength / c.cfg.frameBytes);
    // Frames per helper-thread call: at most one device buffer (ALSA's file
    // plugin skipped its input file for larger reads: zeros came back) and at
    // most 250 ms (bounds how long close() waits for it).
    const slice = Math.max(
      c.cfg.periodsize,
      Math.min(this.#bufferFrames, Math.ceil(c.cfg.rate / 4)),
    );
    const drops = c.drops;
    return c.queue(() => move(c, true, h, bytes, frames, slice, drops));
  }

  /**
   * Captured periods as an async iterator; ends when the PCM is closed.
   * Overruns are counted in {@linkcode PCM.xruns} and skipped.
   *
   * @returns An async iterator of period buffers.
   * @throws {AlsaError} When this is not a capture PCM.
   */
  async *periodsIterator(): AsyncGenerator<Uint8Array, void, unknown> {
    this.#c.checkDir(PCM_CAPTURE, "periodsIterator");
    while (!this.#c.isClosed) {
      let r: [number, Uint8Array];
      try {
        r = await this.read();
      } catch (e) {
        if (this.#c.isClosed) return;
        throw e;
      }
      if (r[0] > 0) yield r[1];
    }
  }

  /** `for await (const period of pcm)`: see {@linkcode PCM.periodsIterator}. */
  [Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, unknown> {
    return this.periodsIterator();
  }

  /**
   * Pauses (`true`, default) or resumes (`false`) the stream. A write that
   * waits for room on a paused PCM goes on when it is resumed; close()
   * and drain() resume it first (as the kernel's drain does).
   *
   * @param enable Pause or resume (a boolean, or 1/0 as in pyalsaaudio).
   * @returns 0.
   * @throws {TypeError} When `enable` is not a boolean or a number.
   * @throws {AlsaError} When the device cannot pause, or is closed.
   */
  pause(enable: boolean | number = true): number {
    if (typeof enable !== "boolean" && typeof enable !== "number") {
      throw new TypeError(
        `pause(enable) must be true/false or 1/0, got ${describeValue(enable)}`,
      );
    }
    return checkAlsa(
      alsaLib().snd_pcm_pause(this.#c.handle("pause"), enable ? 1 : 0),
      "snd_pcm_pause",
      enable ? "Cannot pause" : "Cannot resume",
    );
  }

  /**
   * Stops the stream and drops pending frames (also what `writeAll()`
   * queued). The stream is then set up (`PCM_STATE_SETUP`, as in
   * pyalsaaudio); the next read or write prepares it again.
   *
   * @returns 0.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  drop(): number {
    const c = this.#c;
    const h = c.handle("drop");
    c.drops++;
    c.residual = null;
    discardQueued(this);
    return checkAlsa(alsaLib().snd_pcm_drop(h), "snd_pcm_drop");
  }

  /**
   * Playback: plays out what was written (waiting off the event loop, in
   * every mode; a paused PCM is resumed), then stops. Capture: stops and
   * keeps what was captured for the next reads (ALSA's drain for capture).
   * The stream is then set up (`PCM_STATE_SETUP`, as in pyalsaaudio); the
   * next read or write prepares it again.
   *
   * @returns 0.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  drain(): Promise<number> {
    const c = this.#c;
    const h = c.handle("drain");
    if (hasQueued(this)) {
      // frames writeAll() accepted go to the device first, then the drain
      return flushQueued(this).then(() => this.drain());
    }
    return c.queue(() => {
      if (c.h === null) {
        throw new AlsaError("PCM closed during drain()", { call: "drain" });
      }
      if (c.type === PCM_CAPTURE) return Promise.resolve(stopCapture(c, h));
      return drainPlayback(c, h).then((code) => {
        if (c.h === null) {
          throw new AlsaError("PCM closed during drain()", { call: "drain" });
        }
        return code;
      });
    });
  }

  /**
   * Drains, blocking the calling thread (pyalsaaudio's `drain`); see
   * {@linkcode PCM.drain}.
   *
   * @returns 0.
   * @throws {AlsaError} When closed, busy with a queued call, or ALSA fails.
   */
  drainSync(): number {
    const c = this.#c;
    const h = c.handle("drainSync");
    this.#notBusy("drainSync");
    if (c.type === PCM_CAPTURE) return stopCapture(c, h);
    return drainPlaybackSync(c, h);
  }

  #notBusy(call: string): void {
    const c = this.#c;
    if (c.inFlight > 0 || c.queued > 0 || hasQueued(this)) {
      throw new AlsaError(
        `${call}() cannot run while a write/read/drain/wait of this PCM is in progress; await it first`,
        { call },
      );
    }
  }

  /**
   * `(fd, events)` pairs to wait on with `poll` (pyalsaaudio's `polldescriptors`).
   *
   * @returns The descriptors.
   * @throws {AlsaError} When closed.
   */
  polldescriptors(): [number, number][] {
    const h = this.#c.handle("polldescriptors");
    const a = alsaLib();
    const n = checkAlsa(
      a.snd_pcm_poll_descriptors_count(h),
      "snd_pcm_poll_descriptors_count",
    );
    const buf = new Uint8Array(Math.max(1, n) * pollfd.size);
    const got = checkAlsa(
      a.snd_pcm_poll_descriptors(h, buf, n),
      "snd_pcm_poll_descriptors",
    );
    const dv = new DataView(buf.buffer);
    return Array.from({ length: got }, (_, i) => [
      dv.getInt32(i * pollfd.size + pollfd.offsets.fd, true),
      dv.getInt16(i * pollfd.size + pollfd.offsets.events, true),
    ]);
  }

  /**
   * Turns `(fd, revents)` pairs returned by `poll` into one event mask
   * (`POLLIN`/`POLLOUT`/...) telling whether to read or write now
   * (pyalsaaudio's `polldescriptors_revents`).
   *
   * @param descriptors The pairs, with the `revents` poll reported.
   * @returns The demangled event mask.
   * @throws {TypeError} When `descriptors` is not a list of `[fd, revents]`
   *   pairs of integers (as pyalsaaudio's own tests require).
   * @throws {RangeError} When a number does not fit a `struct pollfd`.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  polldescriptorsRevents(
    descriptors: readonly (readonly [number, number])[],
  ): number {
    checkPollPairs("polldescriptorsRevents(descriptors)", descriptors);
    const h = this.#c.handle("polldescriptorsRevents");
    const buf = toPollfds(descriptors, "revents");
    const out = new Uint16Array(1);
    checkAlsa(
      alsaLib().snd_pcm_poll_descriptors_revents(
        h,
        buf,
        descriptors.length,
        out,
      ),
      "snd_pcm_poll_descriptors_revents",
    );
    return out[0];
  }

  /**
   * Waits, off the event loop, until the PCM is ready for I/O (its poll
   * descriptors, through `snd_pcm_wait` on a helper thread, in slices of at
   * most 100 ms so that close() never waits long for it). Starts a capture
   * stream that is only prepared.
   *
   * @param timeoutMs Milliseconds (negative: forever).
   * @returns `true` when ready, `false` on timeout.
   * @throws {TypeError} When `timeoutMs` is not a number.
   * @throws {AlsaError} When closed (also while waiting) or on an xrun
   *   (`-EPIPE`).
   */
  async wait(timeoutMs: number = -1): Promise<boolean> {
    if (typeof timeoutMs !== "number" || Number.isNaN(timeoutMs)) {
      throw new TypeError(
        `wait(timeoutMs) must be a number of milliseconds (negative: forever), got ${
          describeValue(timeoutMs)
        }`,
      );
    }
    const c = this.#c;
    const h = c.handle("wait");
    const a = alsaLib();
    c.ready(h);
    if (c.type === PCM_CAPTURE && c.residual !== null) return true;
    if (
      c.type === PCM_CAPTURE &&
      a.snd_pcm_state(h) === SND_PCM_STATE.SND_PCM_STATE_PREPARED
    ) {
      // a prepared capture stream never becomes ready by itself
      checkAlsa(a.snd_pcm_start(h), "snd_pcm_start");
    }
    const deadline = timeoutMs < 0 ? Infinity : performance.now() + timeoutMs;
    for (;;) {
      const slice = Math.max(
        0,
        Math.ceil(Math.min(100, deadline - performance.now())),
      );
      const r = await c.nb(a.snd_pcm_wait_nb(h, slice));
      c.stillOpen("wait");
      if (checkAlsa(r, "snd_pcm_wait") === 1) return true;
      if (performance.now() >= deadline) return false;
    }
  }

  /**
   * Sets the timestamp mode (pyalsaaudio's `set_tstamp_mode`).
   *
   * @param mode `PCM_TSTAMP_NONE` (0) or `PCM_TSTAMP_ENABLE` (1, default).
   * @throws {TypeError|RangeError} For another value.
   * @throws {AlsaError} When closed or ALSA refuses it.
   */
  setTstampMode(mode: number = PCM_TSTAMP_ENABLE): void {
    const v = checkInt("setTstampMode(mode)", mode, 0);
    if (v > 1) {
      throw new RangeError(
        `setTstampMode(mode): ${v} is neither PCM_TSTAMP_NONE (0) nor PCM_TSTAMP_ENABLE (1)`,
      );
    }
    setSw(this.#c.handle("setTstampMode"), "tstamp_mode", v);
  }

  /**
   * The timestamp mode (pyalsaaudio's `get_tstamp_mode`).
   *
   * @returns `PCM_TSTAMP_NONE` or `PCM_TSTAMP_ENABLE`.
   * @throws {AlsaError} When closed.
   */
  getTstampMode(): number {
    return getSw(this.#c.handle("getTstampMode"), "tstamp_mode");
  }

  /**
   * Sets the timestamp clock (pyalsaaudio's `set_tstamp_type`).
   *
   * @param type `PCM_TSTAMP_TYPE_GETTIMEOFDAY` (0, default), `..._MONOTONIC`
   *   (1) or `..._MONOTONIC_RAW` (2).
   * @throws {TypeError|RangeError} For another value.
   * @throws {AlsaError} When closed or ALSA refuses it.
   */
  setTstampType(type: number = PCM_TSTAMP_TYPE_GETTIMEOFDAY): void {
    const v = checkInt("setTstampType(type)", type, 0);
    if (v > 2) {
      throw new RangeError(
        `setTstampType(type): ${v} is not a PCM_TSTAMP_TYPE_* value (0, 1 or 2)`,
      );
    }
    setSw(this.#c.handle("setTstampType"), "tstamp_type", v);
  }

  /**
   * The timestamp clock (pyalsaaudio's `get_tstamp_type`).
   *
   * @returns One of the `PCM_TSTAMP_TYPE_*` constants.
   * @throws {AlsaError} When closed.
   */
  getTstampType(): number {
    return getSw(this.#c.handle("getTstampType"), "tstamp_type");
  }

  /**
   * Sets ALSA's start threshold: playback starts by itself once this many
   * frames are queued; capture starts on the first read when it is 1 or more.
   *
   * @param frames Frames, 1 up to the buffer size (`periodsize * periods`).
   * @throws {RangeError} When `frames` is not an integer in that range.
   * @throws {AlsaError} When closed or ALSA refuses it.
   */
  setStartThreshold(frames: number): void {
    this.#checkFrames("startThreshold", frames);
    setSw(this.#c.handle("setStartThreshold"), "start_threshold", frames);
  }

  /**
   * ALSA's start threshold in frames (1 unless set).
   *
   * @returns Frames.
   * @throws {AlsaError} When closed.
   */
  getStartThreshold(): number {
    return getSw(this.#c.handle("getStartThreshold"), "start_threshold");
  }

  /**
   * Sets ALSA's `avail_min`: how many frames must be free (playback) or
   * ready (capture) before {@linkcode PCM.wait}, the poll descriptors and
   * blocking transfers wake.
   *
   * @param frames Frames, 1 up to the buffer size (`periodsize * periods`).
   * @throws {RangeError} When `frames` is not an integer in that range.
   * @throws {AlsaError} When closed or ALSA refuses it.
   */
  setAvailMin(frames: number): void {
    this.#checkFrames("availMin", frames);
    setSw(this.#c.handle("setAvailMin"), "avail_min", frames);
  }

  /**
   * ALSA's `avail_min` in frames (one period unless set).
   *
   * @returns Frames.
   * @throws {AlsaError} When closed.
   */
  getAvailMin(): number {
    return getSw(this.#c.handle("getAvailMin"), "avail_min");
  }

  #checkFrames(name: string, frames: unknown): void {
    const buffer = this.#bufferFrames;
    if (
      typeof frames !== "number" || !Number.isInteger(frames) || frames < 1 ||
      frames > buffer
    ) {
      throw new RangeError(
        `${name}: ${
          describeValue(frames)
        } is not a whole number of frames from 1 to the buffer size ${buffer} (periodsize ${this.#c.cfg.periodsize} x periods ${this.#c.cfg.periods})`,
      );
    }
  }

  /**
   * The high-resolution timestamp of the last update.
   *
   * @returns `[seconds, nanoseconds, framesAvailable]`.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  htimestamp(): [number, number, number] {
    const h = this.#c.handle("htimestamp");
    const avail = new BigUint64Array(1);
    const ts = new Uint8Array(snd_htimestamp_t.size);
    checkAlsa(alsaLib().snd_pcm_htimestamp(h, avail, ts), "snd_pcm_htimestamp");
    const v = new Deno.UnsafePointerView(Deno.UnsafePointer.of(ts)!);
    return [
      Number(readField(v, snd_htimestamp_t, "tv_sec")),
      Number(readField(v, snd_htimestamp_t, "tv_nsec")),
      Number(avail[0]),
    ];
  }

  /**
   * The formats of pyalsaaudio 0.11's probe list the device supports.
   *
   * @returns `{ name: PCM_FORMAT_* value }` with ALSA's names, e.g. `{ S16_LE: 2, ... }`.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  getformats(): Record<string, number> {
    return getFormats(this.#c.handle("getformats"));
  }

  /**
   * The device's minimum and maximum rate.
   *
   * @returns `[min, max]` in Hz.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  getratebounds(): [number, number] {
    return getRateBounds(this.#c.handle("getratebounds"));
  }

  /**
   * Supported rates, as pyalsaaudio 0.11 reports them.
   *
   * @returns One rate (min = max), `[min, max]` for a continuous range, or
   *   the list of standard rates (4000-384000 Hz) discrete hardware accepts.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  getrates(): number | [number, number] | number[] {
    return getRates(this.#c.handle("getrates"));
  }

  /**
   * Supported channel counts.
   *
   * @returns e.g. `[1, 2]`.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  getchannels(): number[] {
    return getChannels(this.#c.handle("getchannels"));
  }

  /**
   * Sets the hardware parameters again with one value changed (the
   * deprecated setters). Refused while a transfer is in progress; on
   * failure the previous configuration is restored.
   */
  #reconfigure(
    call: string,
    change: Partial<Omit<HwConfig, "frameBytes">>,
    strictFormat: boolean,
  ): void {
    const c = this.#c;
    const h = c.handle(call);
    this.#notBusy(call);
    const old = c.cfg;
    alsaLib().snd_pcm_drop(h);
    c.residual = null;
    try {
      this.#configure({ ...old, ...change }, strictFormat);
    } catch (e) {
      try {
        this.#configure(old, false);
      } catch {
        // the error below says what failed
      }
      throw e;
    }
  }

  /**
   * @deprecated Since pyalsaaudio 0.9: pass `channels` to the constructor.
   * @param nchannels Channels.
   * @returns The realized channel count.
   * @throws {TypeError|RangeError} When `nchannels` is not a positive integer.
   * @throws {AlsaError} When closed, busy, or ALSA refuses it.
   */
  setchannels(nchannels: number): number {
    const v = checkInt("setchannels(nchannels)", nchannels);
    this.#reconfigure("setchannels", { channels: v }, true);
    return this.#c.cfg.channels;
  }

  /**
   * @deprecated Since pyalsaaudio 0.9: pass `rate` to the constructor.
   * @param rate Rate in Hz.
   * @returns The realized rate.
   * @throws {TypeError|RangeError} When `rate` is not a positive integer.
   * @throws {AlsaError} When closed, busy, or ALSA refuses it.
   */
  setrate(rate: number): number {
    const v = checkInt("setrate(rate)", rate);
    this.#reconfigure("setrate", { rate: v }, true);
    return this.#c.cfg.rate;
  }

  /**
   * @deprecated Since pyalsaaudio 0.9: pass `format` to the constructor.
   * @param format A `PCM_FORMAT_*` value or name.
   * @returns The realized format: the one ALSA chose when the device lacks
   *   `format`, as pyalsaaudio returns it.
   * @throws {TypeError} For an unknown format.
   * @throws {AlsaError} When closed, busy, or ALSA fails.
   */
  setformat(format: number | PcmFormatName): number {
    const v = formatValue(format);
    this.#reconfigure("setformat", { format: v }, false);
    return this.#c.cfg.format;
  }

  /**
   * @deprecated Since pyalsaaudio 0.9: pass `periodsize` to the constructor.
   * @param period Period size in frames.
   * @returns The realized period size.
   * @throws {TypeError|RangeError} When `period` is not a positive integer.
   * @throws {AlsaError} When closed, busy, or ALSA refuses it.
   */
  setperiodsize(period: number): number {
    const v = checkInt("setperiodsize(period)", period);
    this.#reconfigure("setperiodsize", { periodsize: v }, true);
    return this.#c.cfg.periodsize;
  }

  /**
   * Closes the PCM. A playback PCM plays out what was written first, in
   * every mode (as pyalsaaudio does), off the event loop; a paused one is
   * resumed for it. Use {@linkcode PCM.drop} first to discard instead.
   * Idempotent; other methods throw afterwards.
   *
   * @throws {AlsaError} When ALSA reports an error while closing.
   */
  close(): Promise<void> {
    const c = this.#c;
    if (c.closing) return c.closing;
    const h = c.h;
    if (h === null) return Promise.resolve();
    if (this.#flushing) return this.#flushing;
    if (c.type === PCM_PLAYBACK && hasQueued(this)) {
      // Frames writeAll() accepted are played first (close drains, as in
      // pyalsaaudio); the PCM stays usable until they are handed over.
      unpause(h);
      this.#flushing = flushQueued(this).catch(() => {}).then(() => {
        this.#flushing = null;
        return this.close();
      });
      return this.#flushing;
    }
    c.closing = closeAsync(c, h, () => registry.unregister(this));
    return c.closing;
  }

  /**
   * Closes synchronously: a playback PCM plays out what was written first,
   * blocking, in every mode. What `writeAll()` queued is discarded; while a
   * helper-thread call is in progress the stream is stopped (discarding),
   * use is refused at once and the handle freed when that call returned.
   *
   * @throws {AlsaError} When ALSA reports an error while closing.
   */
  closeSync(): void {
    const c = this.#c;
    const h = c.h;
    if (h === null || c.closing !== null) return; // close() owns it
    discardQueued(this); // cannot wait for writeAll()'s queue
    registry.unregister(this);
    closeNow(c, h);
  }

  /** `await using pcm = new PCM(...)`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** `using pcm = new PCM(...)` (closes synchronously). */
  [Symbol.dispose](): void {
    this.closeSync();
  }
}
