/**
 * The configuration side of an ALSA PCM: opening it from pyalsaaudio's
 * arguments, its hardware and software parameters, and the queries
 * pyalsaaudio 0.11 offers (`info()`, `getformats()`, `getrates()`, ...).
 * {@linkcode PCM} adds reading, writing, draining and closing.
 *
 * @module
 */

import { snd_htimestamp_t } from "../../ffi/alsa.ts";
import { SND_PCM_MODE } from "../../ffi/alsa_constants.ts";
import { readField } from "../../ffi/struct.ts";
import { describeValue } from "../options.ts";
import { hasQueued } from "../realtime/queued.ts";
import { alsaLib, checkAlsa } from "./errors.ts";
import {
  PCM_CAPTURE,
  PCM_NONBLOCK,
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
import { cores, PcmCore, pcmRegistry } from "./pcm_core.ts";
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
import { getSw, setSw } from "./pcm_sw.ts";

/**
 * What every {@linkcode PCM} has besides its transfers: the device opened
 * and configured from pyalsaaudio's constructor arguments, its parameters
 * and the queries on them. Not opened by itself: use {@linkcode PCM}.
 *
 * @example Query what ALSA realized
 * ```ts ignore
 * import { PCM } from "@audiodev/audiodev/alsa";
 * const pcm = new PCM({ rate: 48000, channels: 1 });
 * console.log(pcm.info().period_size, pcm.getrates(), pcm.getformats());
 * pcm.closeSync();
 * ```
 */
export class PCMBase {
  #c: PcmCore;

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
    cores.set(this, this.#c);
    pcmRegistry.register(this, h, this);
    try {
      this.#configure(req, true);
      const start = req.startThreshold;
      if (start !== undefined) {
        this.setStartThreshold(
          start === "buffer" ? this.#c.bufferFrames : start,
        );
      }
      if (req.availMin !== undefined) this.setAvailMin(req.availMin);
    } catch (e) {
      pcmRegistry.unregister(this);
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
   * @throws {TypeError} When `frames` is not a number.
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
   * @throws {TypeError} When `frames` is not a number.
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
    const buffer = this.#c.bufferFrames;
    if (typeof frames !== "number") {
      throw new TypeError(
        `${name} must be a number of frames, got ${describeValue(frames)}`,
      );
    }
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
    this.#c.assertIdle(call, hasQueued(this));
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
}
