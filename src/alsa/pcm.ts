/**
 * `PCM`: direct ALSA playback and capture, at pyalsaaudio 0.11 parity.
 *
 * Calls that can wait have an async form that never freezes the event loop
 * (what fits in the device buffer moves synchronously; only a full/empty
 * buffer is awaited, on a `nonblocking` `snd_pcm_wait`) and a `...Sync` form
 * that blocks like pyalsaaudio.
 *
 * @module
 */

import { pollfd, snd_htimestamp_t } from "../../ffi/alsa.ts";
import {
  SND_PCM_ACCESS_RW_INTERLEAVED,
  SND_PCM_MODE,
  SND_PCM_STATE,
} from "../../ffi/alsa_constants.ts";
import { readField } from "../../ffi/struct.ts";
import { discardQueued, flushQueued, hasQueued } from "../realtime/queued.ts";
import { AlsaError, alsaLib, checkAlsa } from "./errors.ts";
import {
  PCM_CAPTURE,
  PCM_FORMAT_S16_LE,
  PCM_FORMATS,
  PCM_NONBLOCK,
  PCM_NORMAL,
  PCM_PLAYBACK,
  PCM_TSTAMP_ENABLE,
  PCM_TSTAMP_TYPE_GETTIMEOFDAY,
  type PcmFormatName,
  type PcmMode,
  pcmModeValue,
  type PcmType,
  pcmTypeValue,
} from "./constants.ts";

const EPIPE = 32;
const EAGAIN = 11;
const ESTRPIPE = 86;
const enc = (s: string): Uint8Array => new TextEncoder().encode(s + "\0");
const cstr = (
  p: Deno.PointerValue,
): string => (p === null ? "" : Deno.UnsafePointerView.getCString(p));
const FORMAT_NAMES = new Map<number, PcmFormatName>(
  Object.entries(PCM_FORMATS).map(([k, v]) => [v, k as PcmFormatName]),
);

/** Options of the {@linkcode PCM} constructor (pyalsaaudio's keyword arguments). */
export interface PCMOptions {
  /** `"playback"` (default) or `"capture"`, or `PCM_PLAYBACK` / `PCM_CAPTURE`. */
  type?: PcmType;
  /** `"normal"` (default, blocking) or `"nonblock"`, or `PCM_NORMAL` / `PCM_NONBLOCK`. */
  mode?: PcmMode;
  /** Sampling rate in Hz (default 44100). */
  rate?: number;
  /** Channels (default 2). */
  channels?: number;
  /** Sample format: a `PCM_FORMAT_*` constant or its name, e.g. `"S16_LE"` (default). */
  format?: number | PcmFormatName;
  /** Period size in frames (default 32; ALSA usually picks more). */
  periodsize?: number;
  /** Periods per buffer (default 4). */
  periods?: number;
  /** ALSA PCM name (default `"default"`), e.g. a name from {@linkcode pcms}. */
  device?: string;
  /** Card index: opens `hw:<cardindex>` and ignores `device` (default -1: unused). */
  cardindex?: number;
  /**
   * Playback starts once this many frames are queued (ALSA's start
   * threshold; an addition to pyalsaaudio). Default: ALSA's, 1 frame, as in
   * pyalsaaudio: the PCM runs from the first write, so the second write must
   * follow before the first has played out. `"buffer"` waits for a full
   * buffer, as `aplay` does. `drain()` starts a PCM that never reached it.
   */
  startThreshold?: number | "buffer";
  /**
   * Frames that must be free (playback) or ready (capture) before `wait()`,
   * the poll descriptors and a blocking write/read wake (ALSA's `avail_min`;
   * an addition to pyalsaaudio). Default: ALSA's, one period.
   */
  availMin?: number;
}

/** What {@linkcode PCM.info} returns: pyalsaaudio's keys. */
export interface PCMInfo {
  /** PCM name. */
  name: string;
  /** Card index (negative: not tied to a card). */
  card_no: number;
  /** PCM device index. */
  device_no: number;
  /** PCM subdevice index. */
  subdevice_no: number;
  /** State name, e.g. `"PREPARED"`. */
  state: string;
  /** Access type name, e.g. `"RW_INTERLEAVED"`. */
  access_type: string;
  /** The `type` given to the constructor. */
  " (call value) type": number;
  /** Its name. */
  " (call value) type_name": string;
  /** The `mode` given to the constructor. */
  " (call value) mode": number;
  /** Its name. */
  " (call value) mode_name": string;
  /** Sample format value. */
  format: number;
  /** Sample format name, e.g. `"S16_LE"`. */
  format_name: string;
  /** Sample format description. */
  format_description: string;
  /** Subformat name. */
  subformat_name: string;
  /** Subformat description. */
  subformat_description: string;
  /** Channels. */
  channels: number;
  /** Rate in Hz. */
  rate: number;
  /** Period duration in µs. */
  period_time: number;
  /** Period size in frames. */
  period_size: number;
  /** Buffer duration in µs. */
  buffer_time: number;
  /** Buffer size in frames. */
  buffer_size: number;
  /** Periods in the buffer. */
  get_periods: number;
  /** Exact rate as `[numerator, denominator]`. */
  rate_numden: [number, number];
  /** Significant bits per sample. */
  significant_bits: number;
  /** Nominal bits per sample. */
  nominal_bits: number;
  /** Physical bits per sample. */
  physical_bits: number;
  /** hw: double buffering (batch transfers). */
  is_batch: boolean;
  /** hw: block transfer. */
  is_block_transfer: boolean;
  /** hw: double buffering. */
  is_double: boolean;
  /** hw: half duplex. */
  is_half_duplex: boolean;
  /** hw: joint duplex. */
  is_joint_duplex: boolean;
  /** hw: overrange detection. */
  can_overrange: boolean;
  /** hw: sample-resolution mmap. */
  can_mmap_sample_resolution: boolean;
  /** hw: pause. */
  can_pause: boolean;
  /** hw: resume. */
  can_resume: boolean;
  /** hw: synchronized start. */
  can_sync_start: boolean;
}

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
 * await pcm.close(); // drains first
 * ```
 */
export class PCM {
  #h: Deno.PointerObject | null;
  #type: number;
  #mode: number;
  #device: string;
  #rate = 0;
  #channels = 0;
  #format = 0;
  #periodsize = 0;
  #periods = 0;
  #frameBytes = 0;
  #pending: Promise<unknown> = Promise.resolve();
  #pfds: Uint8Array | null = null;
  #closing: Promise<void> | null = null;
  /** Bumped by drop(): a write() in progress stops instead of refilling the buffer. */
  #drops = 0;
  /** close() waiting for writeAll()'s queue before it begins. */
  #flushing: Promise<void> | null = null;
  /** Calls running on a helper thread with the handle right now. */
  #inFlight = 0;
  #idleWaiters: (() => void)[] = [];
  /** Over/underruns seen by read/write (each also returned as `-EPIPE`). */
  xruns = 0;

  /**
   * Opens and configures the PCM. ALSA may realize other values than
   * requested: see {@linkcode PCM.info}.
   *
   * @param options pyalsaaudio's constructor arguments.
   * @throws {TypeError|RangeError} For invalid options, before ALSA is called.
   * @throws {AlsaError} When ALSA cannot open or configure the device.
   */
  constructor(options: PCMOptions = {}) {
    this.#type = pcmTypeValue(options.type ?? PCM_PLAYBACK);
    this.#mode = pcmModeValue(options.mode ?? PCM_NORMAL);
    const rate = options.rate ?? 44100;
    const channels = options.channels ?? 2;
    const format = formatValue(options.format ?? PCM_FORMAT_S16_LE);
    const periodsize = options.periodsize ?? 32;
    const periods = options.periods ?? 4;
    for (
      const [name, v] of [["rate", rate], ["channels", channels], [
        "periodsize",
        periodsize,
      ], ["periods", periods]] as const
    ) {
      if (!Number.isInteger(v) || v <= 0) {
        throw new RangeError(`${name}: ${v} is not a positive integer`);
      }
    }
    const cardindex = options.cardindex ?? -1;
    if (!Number.isInteger(cardindex)) {
      throw new TypeError(`cardindex must be an integer, got ${cardindex}`);
    }
    this.#device = cardindex >= 0
      ? `hw:${cardindex}`
      : options.device ?? "default";
    if (typeof this.#device !== "string" || this.#device === "") {
      throw new TypeError(
        `device must be an ALSA PCM name such as "default", got ${
          JSON.stringify(options.device)
        }`,
      );
    }
    const a = alsaLib();
    const out = new BigUint64Array(1);
    const code = a.snd_pcm_open(
      out,
      enc(this.#device),
      this.#type,
      this.#mode === PCM_NONBLOCK ? SND_PCM_MODE.SND_PCM_NONBLOCK : 0,
    );
    checkAlsa(
      code,
      "snd_pcm_open",
      `Cannot open ${
        this.#type === PCM_CAPTURE ? "capture" : "playback"
      } device ${JSON.stringify(this.#device)}`,
    );
    this.#h = Deno.UnsafePointer.create(out[0])!;
    registry.register(this, this.#h, this);
    try {
      this.#setup(rate, channels, format, periodsize, periods);
      const start = options.startThreshold;
      if (start !== undefined) {
        this.setStartThreshold(
          start === "buffer" ? this.#periodsize * this.#periods : start,
        );
      }
      if (options.availMin !== undefined) this.setAvailMin(options.availMin);
    } catch (e) {
      registry.unregister(this);
      a.snd_pcm_close(this.#h);
      this.#h = null;
      throw e;
    }
  }

  #setup(
    rate: number,
    channels: number,
    format: number,
    periodsize: number,
    periods: number,
  ): void {
    const a = alsaLib();
    const h = this.#h!;
    const hp = new BigUint64Array(1);
    checkAlsa(a.snd_pcm_hw_params_malloc(hp), "snd_pcm_hw_params_malloc");
    const params = Deno.UnsafePointer.create(hp[0])!;
    try {
      checkAlsa(a.snd_pcm_hw_params_any(h, params), "snd_pcm_hw_params_any");
      checkAlsa(
        a.snd_pcm_hw_params_set_access(
          h,
          params,
          SND_PCM_ACCESS_RW_INTERLEAVED,
        ),
        "snd_pcm_hw_params_set_access",
      );
      const fc = a.snd_pcm_hw_params_set_format(h, params, format);
      if (fc < 0) {
        throw new AlsaError(
          `format: ${FORMAT_NAMES.get(format) ?? format} is not supported by ${
            JSON.stringify(this.#device)
          }; ` +
            `supported: ${
              Object.keys(this.#supportedFormats(params)).join(", ")
            }`,
          { code: fc, call: "snd_pcm_hw_params_set_format" },
        );
      }
      const u = new Uint32Array([channels]);
      checkAlsa(
        a.snd_pcm_hw_params_set_channels_near(h, params, u),
        "snd_pcm_hw_params_set_channels_near",
        "channels",
      );
      const r = new Uint32Array([rate]);
      const dir = new Int32Array(1);
      checkAlsa(
        a.snd_pcm_hw_params_set_rate_near(h, params, r, dir),
        "snd_pcm_hw_params_set_rate_near",
        `rate ${rate}`,
      );
      const ps = new BigUint64Array([BigInt(periodsize)]);
      checkAlsa(
        a.snd_pcm_hw_params_set_period_size_near(h, params, ps, dir),
        "snd_pcm_hw_params_set_period_size_near",
      );
      const pn = new Uint32Array([periods]);
      checkAlsa(
        a.snd_pcm_hw_params_set_periods_near(h, params, pn, dir),
        "snd_pcm_hw_params_set_periods_near",
      );
      checkAlsa(
        a.snd_pcm_hw_params(h, params),
        "snd_pcm_hw_params",
        "Cannot configure the PCM",
      );
      // What ALSA realized:
      const ui = new Uint32Array(1);
      const ul = new BigUint64Array(1);
      const fi = new Int32Array(1);
      a.snd_pcm_hw_params_get_format(params, fi);
      this.#format = fi[0];
      a.snd_pcm_hw_params_get_channels(params, ui);
      this.#channels = ui[0];
      a.snd_pcm_hw_params_get_rate(params, ui, dir);
      this.#rate = ui[0];
      a.snd_pcm_hw_params_get_period_size(params, ul, dir);
      this.#periodsize = Number(ul[0]);
      a.snd_pcm_hw_params_get_periods(params, ui, dir);
      this.#periods = ui[0];
      this.#frameBytes = this.#channels *
        Math.max(1, a.snd_pcm_format_physical_width(this.#format) / 8);
    } finally {
      a.snd_pcm_hw_params_free(params);
    }
    // Bind the I/O path's symbols now (about 0.1 ms each on first use):
    // with ALSA's default start threshold of one frame the PCM runs from the
    // first write, and a first write() that also binds symbols left the
    // pulse plugin's 1024-frame buffer empty before the second (measured:
    // 1.6 ms between the first two writes, one underrun in every run).
    void [
      a.snd_pcm_avail,
      a.snd_pcm_state,
      a.snd_pcm_prepare,
      a.snd_pcm_recover,
      a.snd_pcm_start,
      a.snd_pcm_drop,
      a.snd_pcm_wait_nb,
      this.#type === PCM_CAPTURE ? a.snd_pcm_readi : a.snd_pcm_writei,
      this.#type === PCM_CAPTURE ? a.snd_pcm_readi_nb : a.snd_pcm_writei_nb,
    ];
  }

  #supportedFormats(params: Deno.PointerObject): Record<string, number> {
    const a = alsaLib();
    const result: Record<string, number> = {};
    for (const [name, v] of Object.entries(PCM_FORMATS)) {
      if (a.snd_pcm_hw_params_test_format(this.#h!, params, v) === 0) {
        result[name] = v;
      }
    }
    return result;
  }

  #handle(call: string): Deno.PointerObject {
    if (this.#h === null || this.#closing !== null) {
      throw new AlsaError(
        `PCM is closed: ${call}() is not allowed after close()`,
        { call },
      );
    }
    return this.#h;
  }

  /**
   * Counts a call that runs on a helper thread with the handle until it
   * returns: the handle is freed only when none is running.
   */
  async #nb<T>(call: Promise<T>): Promise<T> {
    this.#inFlight++;
    try {
      return await call;
    } finally {
      if (--this.#inFlight === 0) {
        const w = this.#idleWaiters;
        this.#idleWaiters = [];
        for (const f of w) f();
      }
    }
  }

  /** Resolves when no helper-thread call holds the handle. */
  #whenIdle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((r) => this.#idleWaiters.push(r));
  }

  /** Throws when close() has begun (after an await inside a job). */
  #stillOpen(call: string): Deno.PointerObject {
    if (this.#h === null) {
      throw new AlsaError(`PCM closed during ${call}()`, { call });
    }
    return this.#h;
  }

  /** The raw `snd_pcm_t*` for calls not wrapped here. Unsafe: invalid after close(). */
  get unsafeHandle(): Deno.PointerObject {
    return this.#handle("unsafeHandle");
  }
  /** `true` once close() (or closeSync()) has been called. */
  get closed(): boolean {
    return this.#h === null || this.#closing !== null;
  }
  /** Realized rate in Hz. */
  get rate(): number {
    return this.#rate;
  }
  /** Realized channel count. */
  get channels(): number {
    return this.#channels;
  }
  /** Realized format (a `PCM_FORMAT_*` value). */
  get format(): number {
    return this.#format;
  }
  /** Realized period size in frames. */
  get periodsize(): number {
    return this.#periodsize;
  }
  /** Realized periods per buffer. */
  get periods(): number {
    return this.#periods;
  }
  /** Bytes per frame. */
  get framesize(): number {
    return this.#frameBytes;
  }

  /**
   * The direction given to the constructor.
   *
   * @returns `PCM_PLAYBACK` or `PCM_CAPTURE`.
   */
  pcmtype(): number {
    this.#handle("pcmtype");
    return this.#type;
  }

  /**
   * The mode given to the constructor.
   *
   * @returns `PCM_NORMAL` or `PCM_NONBLOCK`.
   */
  pcmmode(): number {
    this.#handle("pcmmode");
    return this.#mode;
  }

  /**
   * The device name the PCM was opened with.
   *
   * @returns e.g. `"default"`.
   */
  cardname(): string {
    this.#handle("cardname");
    return this.#device;
  }

  /**
   * The PCM state.
   *
   * @returns One of the `PCM_STATE_*` constants.
   * @throws {AlsaError} When closed.
   */
  state(): number {
    return alsaLib().snd_pcm_state(this.#handle("state"));
  }

  /**
   * Frames that can be written (playback) or read (capture) without waiting.
   *
   * @returns Frames, or a negative error code (e.g. `-EPIPE` after an xrun).
   * @throws {AlsaError} When closed.
   */
  avail(): number {
    return Number(alsaLib().snd_pcm_avail(this.#handle("avail")));
  }

  /**
   * The configuration ALSA realized, with pyalsaaudio's keys.
   *
   * @returns Every key pyalsaaudio documents.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  info(): PCMInfo {
    const h = this.#handle("info");
    const a = alsaLib();
    const ptr = new BigUint64Array(1);
    checkAlsa(a.snd_pcm_info_malloc(ptr), "snd_pcm_info_malloc");
    const pi = Deno.UnsafePointer.create(ptr[0])!;
    checkAlsa(a.snd_pcm_hw_params_malloc(ptr), "snd_pcm_hw_params_malloc");
    const hw = Deno.UnsafePointer.create(ptr[0])!;
    try {
      checkAlsa(a.snd_pcm_info(h, pi), "snd_pcm_info");
      checkAlsa(
        a.snd_pcm_hw_params_current(h, hw),
        "snd_pcm_hw_params_current",
      );
      const ui = new Uint32Array(2);
      const ul = new BigUint64Array(1);
      const ii = new Int32Array(1);
      const dir = new Int32Array(1);
      const u = (
        code: number,
        value: number,
      ): number => (code < 0 ? code : value);
      a.snd_pcm_hw_params_get_access(hw, ii);
      const access = ii[0];
      a.snd_pcm_hw_params_get_subformat(hw, ii);
      const subformat = ii[0];
      const periodTime = u(
        a.snd_pcm_hw_params_get_period_time(hw, ui, dir),
        ui[0],
      );
      const bufferTime = u(
        a.snd_pcm_hw_params_get_buffer_time(hw, ui, dir),
        ui[0],
      );
      const bufferSize = u(
        a.snd_pcm_hw_params_get_buffer_size(hw, ul),
        Number(ul[0]),
      );
      const periods = u(a.snd_pcm_hw_params_get_periods(hw, ui, dir), ui[0]);
      const periodSize = u(
        a.snd_pcm_hw_params_get_period_size(hw, ul, dir),
        Number(ul[0]),
      );
      const num = new Uint32Array(1);
      const den = new Uint32Array(1);
      a.snd_pcm_hw_params_get_rate_numden(hw, num, den);
      const b = (v: number): boolean => v === 1;
      return {
        name: cstr(a.snd_pcm_name(h)),
        card_no: a.snd_pcm_info_get_card(pi),
        device_no: a.snd_pcm_info_get_device(pi),
        subdevice_no: a.snd_pcm_info_get_subdevice(pi),
        state: cstr(a.snd_pcm_state_name(a.snd_pcm_state(h))),
        access_type: cstr(a.snd_pcm_access_name(access)),
        " (call value) type": this.#type,
        " (call value) type_name": this.#type === PCM_CAPTURE
          ? "PCM_CAPTURE"
          : "PCM_PLAYBACK",
        " (call value) mode": this.#mode,
        " (call value) mode_name": this.#mode === PCM_NONBLOCK
          ? "PCM_NONBLOCK"
          : "PCM_NORMAL",
        format: this.#format,
        format_name: cstr(a.snd_pcm_format_name(this.#format)),
        format_description: cstr(a.snd_pcm_format_description(this.#format)),
        subformat_name: cstr(a.snd_pcm_subformat_name(subformat)),
        subformat_description: cstr(a.snd_pcm_subformat_description(subformat)),
        channels: this.#channels,
        rate: this.#rate,
        period_time: periodTime,
        period_size: periodSize,
        buffer_time: bufferTime,
        buffer_size: bufferSize,
        get_periods: periods,
        rate_numden: [num[0], den[0]],
        significant_bits: a.snd_pcm_hw_params_get_sbits(hw),
        nominal_bits: a.snd_pcm_format_width(this.#format),
        physical_bits: a.snd_pcm_format_physical_width(this.#format),
        is_batch: b(a.snd_pcm_hw_params_is_batch(hw)),
        is_block_transfer: b(a.snd_pcm_hw_params_is_block_transfer(hw)),
        is_double: b(a.snd_pcm_hw_params_is_double(hw)),
        is_half_duplex: b(a.snd_pcm_hw_params_is_half_duplex(hw)),
        is_joint_duplex: b(a.snd_pcm_hw_params_is_joint_duplex(hw)),
        can_overrange: b(a.snd_pcm_hw_params_can_overrange(hw)),
        can_mmap_sample_resolution: b(
          a.snd_pcm_hw_params_can_mmap_sample_resolution(hw),
        ),
        can_pause: b(a.snd_pcm_hw_params_can_pause(hw)),
        can_resume: b(a.snd_pcm_hw_params_can_resume(hw)),
        can_sync_start: b(a.snd_pcm_hw_params_can_sync_start(hw)),
      };
    } finally {
      a.snd_pcm_info_free(pi);
      a.snd_pcm_hw_params_free(hw);
    }
  }

  /**
   * ALSA's own dump of the PCM's setup (`snd_pcm_dump`).
   *
   * @returns The text.
   * @throws {AlsaError} When closed.
   */
  dump(): string {
    const h = this.#handle("dump");
    const a = alsaLib();
    const op = new BigUint64Array(1);
    checkAlsa(a.snd_output_buffer_open(op), "snd_output_buffer_open");
    const out = Deno.UnsafePointer.create(op[0])!;
    try {
      checkAlsa(a.snd_pcm_dump(h, out), "snd_pcm_dump");
      const bp = new BigUint64Array(1);
      const n = Number(a.snd_output_buffer_string(out, bp));
      const p = Deno.UnsafePointer.create(bp[0]);
      return p === null
        ? ""
        : new TextDecoder().decode(Deno.UnsafePointerView.getArrayBuffer(p, n));
    } finally {
      a.snd_output_close(out);
    }
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

  #xrun(code: number, h: Deno.PointerObject): number {
    // pyalsaaudio: report -EPIPE and prepare the stream so the next call works.
    this.xruns++;
    const a = alsaLib();
    if (code === -ESTRPIPE) a.snd_pcm_recover(h, code, 1);
    else a.snd_pcm_prepare(h);
    return -EPIPE;
  }

  #bytes(
    data: ArrayBufferView | ArrayBuffer,
    call: string,
    wholeFrames = true,
  ): Uint8Array {
    const bytes = data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : null;
    if (!bytes) {
      throw new TypeError(
        `${call}: data must be bytes (a Uint8Array, another typed array or an ArrayBuffer)`,
      );
    }
    if (wholeFrames && bytes.byteLength % this.#frameBytes !== 0) {
      throw new RangeError(
        `${call}: ${bytes.byteLength} bytes is not a whole number of frames of ${this.#frameBytes} bytes ` +
          `(${this.#channels} channels of ${
            FORMAT_NAMES.get(this.#format) ?? this.#format
          })`,
      );
    }
    return bytes;
  }

  #checkDir(want: number, call: string): void {
    if (this.#type !== want) {
      throw new AlsaError(
        `${call}() is for ${
          want === PCM_PLAYBACK ? "playback" : "capture"
        } PCMs; this one is for ${
          want === PCM_PLAYBACK ? "capture" : "playback"
        }`,
        { call },
      );
    }
  }

  /**
   * Writes frames and waits, off the event loop, until they are buffered.
   * What fits moves at once with a synchronous call; the rest goes to one
   * helper-thread `snd_pcm_writei` per 250 ms of audio that waits inside
   * ALSA, as `aplay` does, so a long write costs one event-loop wake-up per
   * 250 ms, not one per period. Nonblock mode writes what fits and returns
   * at once.
   *
   * @param data Whole frames, interleaved, in the PCM's format.
   * @returns Frames written (fewer than given only when an underrun ended
   *   the write part-way); 0 in nonblock mode when the buffer is full;
   *   `-EPIPE` (-32) after an underrun when nothing was written: the stream
   *   is prepared again, write the same data again.
   * @throws {TypeError|RangeError} Not bytes, or not whole frames.
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
    const h = this.#handle("write");
    this.#checkDir(PCM_PLAYBACK, "write");
    const bytes = this.#bytes(data, "write");
    const frames = bytes.byteLength / this.#frameBytes;
    // frames per helper-thread call: bounds how long close() waits for it
    const slice = Math.max(this.#periodsize, Math.ceil(this.#rate / 4));
    const drops = this.#drops; // a drop() before the job runs cancels it
    return this.#queue(() => this.#move(false, h, bytes, frames, slice, drops));
  }

  /**
   * Writes frames, blocking the calling thread (pyalsaaudio's `write`).
   *
   * @param data Whole frames, interleaved, in the PCM's format.
   * @returns Frames written; 0 in nonblock mode when full; `-EPIPE` after an underrun.
   * @throws {TypeError|RangeError} Not bytes, or not whole frames.
   * @throws {AlsaError} When closed, a capture PCM, or on other ALSA errors.
   */
  writeSync(data: ArrayBufferView | ArrayBuffer): number {
    const h = this.#handle("writeSync");
    this.#checkDir(PCM_PLAYBACK, "writeSync");
    const bytes = this.#bytes(data, "writeSync");
    const n = Number(
      alsaLib().snd_pcm_writei(
        h,
        bytes,
        BigInt(bytes.byteLength / this.#frameBytes),
      ),
    );
    if (n === -EAGAIN) return 0;
    if (n === -EPIPE || n === -ESTRPIPE) return this.#xrun(n, h);
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
    const h = this.#handle("read");
    this.#checkDir(PCM_CAPTURE, "read");
    return this.#queue(async (): Promise<[number, Uint8Array]> => {
      const a = alsaLib();
      const want = this.#periodsize;
      for (;;) {
        // A capture that delivers nothing must not keep close() waiting.
        if (this.#h === null || this.#closing !== null) {
          throw new AlsaError("PCM closed during read()", { call: "read" });
        }
        if (a.snd_pcm_state(h) === SND_PCM_STATE.SND_PCM_STATE_PREPARED) {
          checkAlsa(a.snd_pcm_start(h), "snd_pcm_start");
        }
        const avail = Number(a.snd_pcm_avail(h));
        if (avail === -EPIPE || avail === -ESTRPIPE) {
          return [this.#xrun(avail, h), new Uint8Array(0)];
        }
        checkAlsa(avail, "snd_pcm_avail");
        if (avail >= want || this.#mode === PCM_NONBLOCK) break;
        await this.#nb(a.snd_pcm_wait_nb(h, 100));
        if (this.#closing !== null) {
          throw new AlsaError("PCM closed during read()", { call: "read" });
        }
      }
      return this.#readNow(h, want);
    });
  }

  #readNow(h: Deno.PointerObject, want: number): [number, Uint8Array] {
    const buf = new Uint8Array(want * this.#frameBytes);
    const n = Number(alsaLib().snd_pcm_readi(h, buf, BigInt(want)));
    if (n === -EAGAIN) return [0, new Uint8Array(0)];
    if (n === -EPIPE || n === -ESTRPIPE) {
      return [this.#xrun(n, h), new Uint8Array(0)];
    }
    checkAlsa(n, "snd_pcm_readi");
    return [n, buf.subarray(0, n * this.#frameBytes)];
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
    const h = this.#handle("readInto");
    this.#checkDir(PCM_CAPTURE, "readInto");
    const bytes = this.#bytes(dst, "readInto", false);
    const room = Math.floor(bytes.byteLength / this.#frameBytes);
    if (room === 0) {
      throw new RangeError(
        `readInto: dst has ${bytes.byteLength} bytes, less than one frame of ${this.#frameBytes}`,
      );
    }
    const a = alsaLib();
    if (a.snd_pcm_state(h) === SND_PCM_STATE.SND_PCM_STATE_PREPARED) {
      checkAlsa(a.snd_pcm_start(h), "snd_pcm_start");
    }
    const avail = Number(a.snd_pcm_avail(h));
    if (avail === -EPIPE || avail === -ESTRPIPE) return this.#xrun(avail, h);
    checkAlsa(avail, "snd_pcm_avail");
    const n = Math.min(avail, room);
    if (n === 0) return 0;
    const got = Number(a.snd_pcm_readi(h, bytes, BigInt(n)));
    if (got === -EAGAIN) return 0;
    if (got === -EPIPE || got === -ESTRPIPE) return this.#xrun(got, h);
    return checkAlsa(got, "snd_pcm_readi");
  }

  /**
   * Fills `dst` with captured frames, waiting off the event loop: what is
   * ready moves at once with a synchronous call; the rest comes from one
   * helper-thread `snd_pcm_readi` per device buffer (at most 250 ms) that
   * waits inside ALSA as `arecord` does, so a large read costs one event-loop
   * wake-up per buffer, not one per period. Starts a capture stream that is only prepared. Nonblock
   * mode reads what is ready and returns.
   *
   * @param dst Where the interleaved frames go (any typed array or bytes;
   *   its whole frames are filled).
   * @returns Frames read: all that fit, fewer when the PCM was closed or
   *   dropped, or an overrun ended the read part-way (then the next call
   *   reports it); `-EPIPE` (-32) after an overrun when nothing was read
   *   (the stream is prepared again: read again).
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
    const h = this.#handle("readFull");
    this.#checkDir(PCM_CAPTURE, "readFull");
    const bytes = this.#bytes(dst, "readFull", false);
    const fb = this.#frameBytes;
    const frames = Math.floor(bytes.byteLength / fb);
    if (frames === 0) {
      throw new RangeError(
        `readFull: dst has ${bytes.byteLength} bytes, less than one frame of ${fb}`,
      );
    }
    // Frames per helper-thread call: at most one device buffer (ALSA's file
    // plugin skipped its input file for larger reads: zeros came back) and at
    // most 250 ms (bounds how long close() waits for it).
    const slice = Math.max(
      this.#periodsize,
      Math.min(this.#periodsize * this.#periods, Math.ceil(this.#rate / 4)),
    );
    const drops = this.#drops; // a drop() before the job runs cancels it
    return this.#queue(() => this.#move(true, h, bytes, frames, slice, drops));
  }

  /** Runs `job` after the calls queued before it (write/read/drain order). */
  #queue<T>(job: () => Promise<T>): Promise<T> {
    const p = this.#pending.then(job);
    this.#pending = p.catch(() => {});
    return p;
  }

  /**
   * `write()`/`readFull()`: moves `frames` frames between `bytes` and the
   * device. What can move now goes with a synchronous call that does not
   * wait; when nothing can, one helper-thread `snd_pcm_writei`/`readi` of at
   * most `slice` frames waits inside ALSA. Ends early on drop(), on close
   * (a write throws, a read returns what it has), in nonblock mode when
   * nothing can move, and on an xrun (`-EPIPE` when nothing moved yet).
   */
  async #move(
    capture: boolean,
    h: Deno.PointerObject,
    bytes: Uint8Array,
    frames: number,
    slice: number,
    drops: number,
  ): Promise<number> {
    const a = alsaLib();
    const fb = this.#frameBytes;
    const call = capture ? "readFull" : "write";
    const closed = (): boolean => this.#h === null || this.#closing !== null;
    let done = 0;
    while (done < frames && drops === this.#drops) {
      if (capture ? closed() : this.#h === null) {
        if (capture) break;
        throw new AlsaError(`PCM closed during ${call}()`, { call });
      }
      const avail = Number(a.snd_pcm_avail(h));
      if (avail === -EPIPE || avail === -ESTRPIPE) {
        return done > 0 ? done : this.#xrun(avail, h);
      }
      checkAlsa(avail, "snd_pcm_avail");
      let n: number;
      if (avail > 0) {
        // what can move now: a synchronous call that does not wait
        const view = bytes.subarray(done * fb);
        const count = BigInt(Math.min(avail, frames - done));
        n = Number(
          capture
            ? a.snd_pcm_readi(h, view, count)
            : a.snd_pcm_writei(h, view, count),
        );
      } else {
        // A prepared PCM is started: a capture delivers nothing before, a
        // full playback buffer below its start threshold would wait for ever.
        if (
          (capture || this.#mode !== PCM_NONBLOCK) &&
          a.snd_pcm_state(h) === SND_PCM_STATE.SND_PCM_STATE_PREPARED
        ) {
          checkAlsa(a.snd_pcm_start(h), "snd_pcm_start");
        }
        if (this.#mode === PCM_NONBLOCK) return done;
        const count = Math.min(slice, frames - done);
        const view = bytes.subarray(done * fb, (done + count) * fb);
        n = Number(
          await this.#nb(
            capture
              ? a.snd_pcm_readi_nb(h, view, BigInt(count))
              : a.snd_pcm_writei_nb(h, view, BigInt(count)),
          ),
        );
        if (this.#h === null) {
          if (capture) return done + Math.max(0, n);
          throw new AlsaError(`PCM closed during ${call}()`, { call });
        }
        // drop() during the call ended it (ALSA may say EBADFD)
        if (drops !== this.#drops) return done + Math.max(0, n);
      }
      if (n === -EAGAIN) {
        if (this.#mode === PCM_NONBLOCK) return done;
        continue;
      }
      if (n === -EPIPE || n === -ESTRPIPE) {
        return done > 0 ? done : this.#xrun(n, h);
      }
      checkAlsa(n, capture ? "snd_pcm_readi" : "snd_pcm_writei");
      done += n;
    }
    return done;
  }

  /**
   * Reads one period, blocking the calling thread (pyalsaaudio's `read`).
   *
   * @returns `[frames, data]`, `[0, empty]` in nonblock mode when nothing is
   *   ready, `[-EPIPE, empty]` after an overrun.
   * @throws {AlsaError} When closed, a playback PCM, or on other ALSA errors.
   */
  readSync(): [number, Uint8Array] {
    const h = this.#handle("readSync");
    this.#checkDir(PCM_CAPTURE, "readSync");
    return this.#readNow(h, this.#periodsize);
  }

  /**
   * Captured periods as an async iterator; ends when the PCM is closed.
   * Overruns are counted in {@linkcode PCM.xruns} and skipped.
   *
   * @returns An async iterator of period buffers.
   * @throws {AlsaError} When this is not a capture PCM.
   */
  async *periodsIterator(): AsyncGenerator<Uint8Array, void, unknown> {
    this.#checkDir(PCM_CAPTURE, "periodsIterator");
    while (this.#h !== null && this.#closing === null) {
      let r: [number, Uint8Array];
      try {
        r = await this.read();
      } catch (e) {
        if (this.#h === null || this.#closing !== null) return;
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
   * Pauses (`true`, default) or resumes (`false`) the stream.
   *
   * @param enable Pause or resume.
   * @returns 0.
   * @throws {AlsaError} When the device cannot pause, or is closed.
   */
  pause(enable = true): number {
    return checkAlsa(
      alsaLib().snd_pcm_pause(this.#handle("pause"), enable ? 1 : 0),
      "snd_pcm_pause",
      enable ? "Cannot pause" : "Cannot resume",
    );
  }

  /**
   * Stops the stream and drops pending frames; the PCM is prepared again for use.
   *
   * @returns 0.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  drop(): number {
    const h = this.#handle("drop");
    this.#drops++;
    discardQueued(this); // what writeAll() queued is dropped too
    checkAlsa(alsaLib().snd_pcm_drop(h), "snd_pcm_drop");
    return checkAlsa(alsaLib().snd_pcm_prepare(h), "snd_pcm_prepare");
  }

  /**
   * Plays out pending frames, then stops (waits off the event loop); the PCM
   * is prepared again for use.
   *
   * @returns 0.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  drain(): Promise<number> {
    const h = this.#handle("drain");
    if (hasQueued(this)) {
      // frames writeAll() accepted go to the device first, then the drain
      return flushQueued(this).then(() => this.drain());
    }
    return this.#queue(async () => {
      this.#stillOpen("drain");
      const a = alsaLib();
      if (this.#mode === PCM_NONBLOCK) a.snd_pcm_nonblock(h, 0);
      const code = await this.#nb(a.snd_pcm_drain_nb(h));
      this.#stillOpen("drain");
      if (this.#mode === PCM_NONBLOCK) a.snd_pcm_nonblock(h, 1);
      if (code < 0 && code !== -EPIPE) checkAlsa(code, "snd_pcm_drain");
      return checkAlsa(a.snd_pcm_prepare(h), "snd_pcm_prepare");
    });
  }

  /**
   * Drains, blocking the calling thread (pyalsaaudio's `drain`).
   *
   * @returns 0.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  drainSync(): number {
    const h = this.#handle("drainSync");
    const code = alsaLib().snd_pcm_drain(h);
    if (code < 0 && code !== -EPIPE) checkAlsa(code, "snd_pcm_drain");
    return checkAlsa(alsaLib().snd_pcm_prepare(h), "snd_pcm_prepare");
  }

  /**
   * `(fd, events)` pairs to wait on with `poll` (pyalsaaudio's `polldescriptors`).
   *
   * @returns The descriptors.
   * @throws {AlsaError} When closed.
   */
  polldescriptors(): [number, number][] {
    const h = this.#handle("polldescriptors");
    const a = alsaLib();
    const n = checkAlsa(
      a.snd_pcm_poll_descriptors_count(h),
      "snd_pcm_poll_descriptors_count",
    );
    const buf = new Uint8Array(n * pollfd.size);
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
   * (`POLLIN`/`POLLOUT`/...) telling whether to read or write now.
   *
   * @param descriptors The pairs, with the `revents` poll reported.
   * @returns The demangled event mask.
   * @throws {AlsaError} When closed.
   */
  polldescriptorsRevents(
    descriptors: readonly (readonly [number, number])[],
  ): number {
    const h = this.#handle("polldescriptorsRevents");
    const buf = new Uint8Array(descriptors.length * pollfd.size);
    const dv = new DataView(buf.buffer);
    descriptors.forEach(([fd, revents], i) => {
      dv.setInt32(i * pollfd.size + pollfd.offsets.fd, fd, true);
      dv.setInt16(i * pollfd.size + pollfd.offsets.revents, revents, true);
    });
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
   * @param timeoutMs Milliseconds (-1: forever).
   * @returns `true` when ready, `false` on timeout.
   * @throws {AlsaError} When closed (also while waiting) or on an xrun
   *   (`-EPIPE`).
   */
  async wait(timeoutMs = -1): Promise<boolean> {
    const h = this.#handle("wait");
    if (
      this.#type === PCM_CAPTURE &&
      alsaLib().snd_pcm_state(h) === SND_PCM_STATE.SND_PCM_STATE_PREPARED
    ) {
      // a prepared capture stream never becomes ready by itself
      checkAlsa(alsaLib().snd_pcm_start(h), "snd_pcm_start");
    }
    const deadline = timeoutMs < 0 ? Infinity : performance.now() + timeoutMs;
    for (;;) {
      const slice = Math.max(
        0,
        Math.ceil(Math.min(100, deadline - performance.now())),
      );
      const r = await this.#nb(alsaLib().snd_pcm_wait_nb(h, slice));
      if (this.#h === null || this.#closing !== null) {
        throw new AlsaError("PCM closed during wait()", { call: "wait" });
      }
      if (checkAlsa(r, "snd_pcm_wait") === 1) return true;
      if (performance.now() >= deadline) return false;
    }
  }

  #sw<T>(
    call: string,
    fn: (
      a: ReturnType<typeof alsaLib>,
      h: Deno.PointerObject,
      sw: Deno.PointerObject,
    ) => T,
  ): T {
    const h = this.#handle(call);
    const a = alsaLib();
    const p = new BigUint64Array(1);
    checkAlsa(a.snd_pcm_sw_params_malloc(p), "snd_pcm_sw_params_malloc");
    const sw = Deno.UnsafePointer.create(p[0])!;
    try {
      checkAlsa(
        a.snd_pcm_sw_params_current(h, sw),
        "snd_pcm_sw_params_current",
      );
      return fn(a, h, sw);
    } finally {
      a.snd_pcm_sw_params_free(sw);
    }
  }

  /**
   * Sets the timestamp mode (`PCM_TSTAMP_NONE` or `PCM_TSTAMP_ENABLE`, default).
   *
   * @param mode The mode.
   * @throws {AlsaError} When ALSA refuses it.
   */
  setTstampMode(mode: number = PCM_TSTAMP_ENABLE): void {
    this.#sw("setTstampMode", (a, h, sw) => {
      checkAlsa(
        a.snd_pcm_sw_params_set_tstamp_mode(h, sw, mode),
        "snd_pcm_sw_params_set_tstamp_mode",
      );
      checkAlsa(a.snd_pcm_sw_params(h, sw), "snd_pcm_sw_params");
    });
  }

  /**
   * The timestamp mode.
   *
   * @returns `PCM_TSTAMP_NONE` or `PCM_TSTAMP_ENABLE`.
   */
  getTstampMode(): number {
    return this.#sw("getTstampMode", (a, _h, sw) => {
      const v = new Int32Array(1);
      checkAlsa(
        a.snd_pcm_sw_params_get_tstamp_mode(sw, v),
        "snd_pcm_sw_params_get_tstamp_mode",
      );
      return v[0];
    });
  }

  /**
   * Sets the timestamp clock (`PCM_TSTAMP_TYPE_GETTIMEOFDAY` default, `..._MONOTONIC`, `..._MONOTONIC_RAW`).
   *
   * @param type The clock.
   * @throws {AlsaError} When ALSA refuses it.
   */
  setTstampType(type: number = PCM_TSTAMP_TYPE_GETTIMEOFDAY): void {
    this.#sw("setTstampType", (a, h, sw) => {
      checkAlsa(
        a.snd_pcm_sw_params_set_tstamp_type(h, sw, type),
        "snd_pcm_sw_params_set_tstamp_type",
      );
      checkAlsa(a.snd_pcm_sw_params(h, sw), "snd_pcm_sw_params");
    });
  }

  /**
   * The timestamp clock.
   *
   * @returns One of the `PCM_TSTAMP_TYPE_*` constants.
   */
  getTstampType(): number {
    return this.#sw("getTstampType", (a, _h, sw) => {
      const v = new Int32Array(1);
      checkAlsa(
        a.snd_pcm_sw_params_get_tstamp_type(sw, v),
        "snd_pcm_sw_params_get_tstamp_type",
      );
      return v[0];
    });
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
    this.#sw("setStartThreshold", (a, h, sw) => {
      checkAlsa(
        a.snd_pcm_sw_params_set_start_threshold(h, sw, BigInt(frames)),
        "snd_pcm_sw_params_set_start_threshold",
      );
      checkAlsa(a.snd_pcm_sw_params(h, sw), "snd_pcm_sw_params");
    });
  }

  /**
   * ALSA's start threshold in frames (1 unless set).
   *
   * @returns Frames.
   * @throws {AlsaError} When closed.
   */
  getStartThreshold(): number {
    return this.#sw("getStartThreshold", (a, _h, sw) => {
      const v = new BigUint64Array(1);
      checkAlsa(
        a.snd_pcm_sw_params_get_start_threshold(sw, v),
        "snd_pcm_sw_params_get_start_threshold",
      );
      return Number(v[0]);
    });
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
    this.#sw("setAvailMin", (a, h, sw) => {
      checkAlsa(
        a.snd_pcm_sw_params_set_avail_min(h, sw, BigInt(frames)),
        "snd_pcm_sw_params_set_avail_min",
      );
      checkAlsa(a.snd_pcm_sw_params(h, sw), "snd_pcm_sw_params");
    });
  }

  /**
   * ALSA's `avail_min` in frames (one period unless set).
   *
   * @returns Frames.
   * @throws {AlsaError} When closed.
   */
  getAvailMin(): number {
    return this.#sw("getAvailMin", (a, _h, sw) => {
      const v = new BigUint64Array(1);
      checkAlsa(
        a.snd_pcm_sw_params_get_avail_min(sw, v),
        "snd_pcm_sw_params_get_avail_min",
      );
      return Number(v[0]);
    });
  }

  #checkFrames(name: string, frames: number): void {
    const buffer = this.#periodsize * this.#periods;
    if (!Number.isInteger(frames) || frames < 1 || frames > buffer) {
      throw new RangeError(
        `${name}: ${frames} is not a whole number of frames from 1 to the buffer size ${buffer} (periodsize ${this.#periodsize} x periods ${this.#periods})`,
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
    const h = this.#handle("htimestamp");
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

  #withAnyParams<T>(
    call: string,
    fn: (
      a: ReturnType<typeof alsaLib>,
      h: Deno.PointerObject,
      hw: Deno.PointerObject,
    ) => T,
  ): T {
    const h = this.#handle(call);
    const a = alsaLib();
    const p = new BigUint64Array(1);
    checkAlsa(a.snd_pcm_hw_params_malloc(p), "snd_pcm_hw_params_malloc");
    const hw = Deno.UnsafePointer.create(p[0])!;
    try {
      checkAlsa(a.snd_pcm_hw_params_any(h, hw), "snd_pcm_hw_params_any");
      return fn(a, h, hw);
    } finally {
      a.snd_pcm_hw_params_free(hw);
    }
  }

  /**
   * Formats the device supports.
   *
   * @returns `{ name: PCM_FORMAT_* value }`, e.g. `{ S16_LE: 2, ... }`.
   */
  getformats(): Record<string, number> {
    return this.#withAnyParams(
      "getformats",
      (_a, _h, hw) => this.#supportedFormats(hw),
    );
  }

  /**
   * The device's minimum and maximum rate.
   *
   * @returns `[min, max]` in Hz.
   */
  getratebounds(): [number, number] {
    return this.#withAnyParams("getratebounds", (a, _h, hw) => {
      const v = new Uint32Array(1);
      const dir = new Int32Array(1);
      checkAlsa(
        a.snd_pcm_hw_params_get_rate_min(hw, v, dir),
        "snd_pcm_hw_params_get_rate_min",
      );
      const min = v[0];
      checkAlsa(
        a.snd_pcm_hw_params_get_rate_max(hw, v, dir),
        "snd_pcm_hw_params_get_rate_max",
      );
      return [min, v[0]];
    });
  }

  /**
   * Supported rates: one rate, or the standard rates within the bounds the device accepts.
   *
   * @returns A rate, or a list of rates.
   */
  getrates(): number | number[] {
    const [min, max] = this.getratebounds();
    if (min === max) return min;
    const standard = [
      5512,
      8000,
      11025,
      16000,
      22050,
      32000,
      44100,
      48000,
      64000,
      88200,
      96000,
      176400,
      192000,
      352800,
      384000,
    ];
    return this.#withAnyParams(
      "getrates",
      (a, h, hw) =>
        standard.filter((r) =>
          r >= min && r <= max &&
          a.snd_pcm_hw_params_test_rate(h, hw, r, 0) === 0
        ),
    );
  }

  /**
   * Supported channel counts.
   *
   * @returns e.g. `[1, 2]`.
   */
  getchannels(): number[] {
    return this.#withAnyParams("getchannels", (a, h, hw) => {
      const v = new Uint32Array(1);
      a.snd_pcm_hw_params_get_channels_min(hw, v);
      const min = v[0];
      a.snd_pcm_hw_params_get_channels_max(hw, v);
      const max = Math.min(v[0], 256);
      const result: number[] = [];
      for (let c = min; c <= max; c++) {
        if (a.snd_pcm_hw_params_test_channels(h, hw, c) === 0) result.push(c);
      }
      return result;
    });
  }

  #reconfigure(
    call: string,
    change: {
      rate?: number;
      channels?: number;
      format?: number;
      periodsize?: number;
    },
  ): void {
    const h = this.#handle(call);
    alsaLib().snd_pcm_drop(h);
    this.#setup(
      change.rate ?? this.#rate,
      change.channels ?? this.#channels,
      change.format ?? this.#format,
      change.periodsize ?? this.#periodsize,
      this.#periods,
    );
  }

  /**
   * @deprecated Since pyalsaaudio 0.9: pass `channels` to the constructor.
   * @param nchannels Channels.
   * @returns The realized channel count.
   */
  setchannels(nchannels: number): number {
    this.#reconfigure("setchannels", { channels: nchannels });
    return this.#channels;
  }

  /**
   * @deprecated Since pyalsaaudio 0.9: pass `rate` to the constructor.
   * @param rate Rate in Hz.
   * @returns The realized rate.
   */
  setrate(rate: number): number {
    this.#reconfigure("setrate", { rate });
    return this.#rate;
  }

  /**
   * @deprecated Since pyalsaaudio 0.9: pass `format` to the constructor.
   * @param format A `PCM_FORMAT_*` value or name.
   * @returns The realized format.
   */
  setformat(format: number | PcmFormatName): number {
    this.#reconfigure("setformat", { format: formatValue(format) });
    return this.#format;
  }

  /**
   * @deprecated Since pyalsaaudio 0.9: pass `periodsize` to the constructor.
   * @param period Period size in frames.
   * @returns The realized period size.
   */
  setperiodsize(period: number): number {
    this.#reconfigure("setperiodsize", { periodsize: period });
    return this.#periodsize;
  }

  /**
   * Closes the PCM. A playback PCM in normal mode drains first (off the
   * event loop), as pyalsaaudio does. Idempotent; other methods throw afterwards.
   *
   * @throws {AlsaError} When ALSA reports an error while closing.
   */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    const h = this.#h;
    if (h === null) return Promise.resolve();
    if (this.#flushing) return this.#flushing;
    if (this.#type === PCM_PLAYBACK && hasQueued(this)) {
      // Frames writeAll() accepted are played first (close drains, as in
      // pyalsaaudio); the PCM stays usable until they are handed over.
      this.#flushing = flushQueued(this).catch(() => {}).then(() => {
        this.#flushing = null;
        return this.close();
      });
      return this.#flushing;
    }
    this.#closing = (async () => {
      try {
        await this.#pending; // writes finish (their frames get played)
      } catch {
        // a failed read/write does not prevent closing
      }
      await this.#whenIdle(); // a wait() returns within 100 ms
      const a = alsaLib();
      if (
        this.#h !== null && this.#type === PCM_PLAYBACK &&
        this.#mode === PCM_NORMAL
      ) {
        await this.#nb(a.snd_pcm_drain_nb(h));
      }
      this.#h = null;
      registry.unregister(this);
      checkAlsa(a.snd_pcm_close(h), "snd_pcm_close");
    })();
    return this.#closing;
  }

  /**
   * Closes synchronously (a playback PCM in normal mode drains first, blocking).
   *
   * @throws {AlsaError} When ALSA reports an error while closing.
   */
  closeSync(): void {
    const h = this.#h;
    if (h === null || this.#closing !== null) return; // close() owns it
    discardQueued(this); // cannot wait for writeAll()'s queue
    const a = alsaLib();
    this.#h = null;
    registry.unregister(this);
    if (this.#inFlight > 0) {
      // A helper thread is inside ALSA with this handle (a write/read/drain
      // or wait() in progress): refuse use now; those calls end with "PCM
      // closed during ...()", and the handle is freed once they returned.
      this.#closing = this.#whenIdle().then(() => {
        a.snd_pcm_close(h);
      });
      return;
    }
    this.#closing = Promise.resolve();
    if (this.#type === PCM_PLAYBACK && this.#mode === PCM_NORMAL) {
      a.snd_pcm_drain(h);
    }
    checkAlsa(a.snd_pcm_close(h), "snd_pcm_close");
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

/**
 * Resolves a format given by value or name.
 *
 * @param format A `PCM_FORMAT_*` value or a name like `"S16_LE"`.
 * @returns The value.
 * @throws {TypeError} For an unknown format.
 */
export function formatValue(format: number | string): number {
  if (typeof format === "number" && FORMAT_NAMES.has(format)) return format;
  if (typeof format === "string") {
    const name = format.toUpperCase().replace(/^(SND_)?PCM_FORMAT_/, "");
    if (name in PCM_FORMATS) return PCM_FORMATS[name as PcmFormatName];
  }
  throw new TypeError(
    `format: unknown sample format ${
      JSON.stringify(format)
    }; use a PCM_FORMAT_* constant or one of ${
      Object.keys(PCM_FORMATS).join(", ")
    }`,
  );
}
