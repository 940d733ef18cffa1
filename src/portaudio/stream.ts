/**
 * PortAudio streams: `Stream`, `InputStream`, `OutputStream` (typed arrays)
 * and `RawStream`, `RawInputStream`, `RawOutputStream` (bytes), with
 * python-sounddevice's options, properties and lifecycle.
 *
 * Threading rules (measured, see PLATFORM.md): PortAudio's audio thread
 * waits for this isolate while a callback runs, so every call that waits for
 * the audio thread (start, stop, abort, close, blocking read/write) is made
 * through a `nonblocking` FFI declaration and awaited.
 *
 * @module
 */

import {
  PA_STREAM_CALLBACK,
  PA_STREAM_FINISHED_CALLBACK,
  PaAlsaStreamInfo,
  PaStreamCallbackTimeInfo,
  PaStreamInfo,
  PaStreamParameters,
} from "../../ffi/portaudio.ts";
import {
  PaErrorCode,
  PaHostApiTypeId,
  PaSampleFormat,
  PaStreamCallbackResult,
  PaStreamFlags,
  paUseHostApiSpecificDeviceSpecification,
} from "../../ffi/portaudio_constants.ts";
import { readField, writeField } from "../../ffi/struct.ts";
import { AlsaSettings } from "./alsa_settings.ts";
import { discardQueued, flushQueued } from "../realtime/queued.ts";
import {
  CallbackAbort,
  CallbackStop,
  type StreamCallback,
  type StreamTime,
  type TypedSamples,
} from "./callback.ts";
import {
  assertDType,
  assertLatency,
  defaults,
  type DeviceSpec,
  type DType,
  type ExtraSettings,
  type Latency,
  type PairInput,
  type RawDType,
} from "./defaults.ts";
import { type DeviceInfo, queryDevices, selectDevice } from "./devices.ts";
import { PortAudioError } from "./errors.ts";
import { CallbackFlags } from "./flags.ts";
import {
  check,
  paSymbols,
  registerResource,
  unregisterResource,
} from "./library.ts";

const FORMATS: Record<RawDType, { format: number; size: number }> = {
  float32: { format: PaSampleFormat.paFloat32, size: 4 },
  int32: { format: PaSampleFormat.paInt32, size: 4 },
  int24: { format: PaSampleFormat.paInt24, size: 3 },
  int16: { format: PaSampleFormat.paInt16, size: 2 },
  int8: { format: PaSampleFormat.paInt8, size: 1 },
  uint8: { format: PaSampleFormat.paUInt8, size: 1 },
};

type TypedCtor =
  | Float32ArrayConstructor
  | Int32ArrayConstructor
  | Int16ArrayConstructor
  | Int8ArrayConstructor
  | Uint8ArrayConstructor;

const CTORS: Record<DType, TypedCtor> = {
  float32: Float32Array,
  int32: Int32Array,
  int16: Int16Array,
  int8: Int8Array,
  uint8: Uint8Array,
};

/** Options shared by every stream class. Unset options come from {@linkcode defaults}. */
export interface StreamOptionsBase {
  /** Sampling rate in Hz; default: `defaults.samplerate`, else the device's default rate. */
  samplerate?: number;
  /** Frames per callback/buffer; 0 (default) lets the host choose, and it may vary. */
  blocksize?: number;
  /**
   * Invoked once the stream has become inactive: after stop, abort or close of
   * a running stream, CallbackStop/Abort or an error (callback and blocking
   * streams alike, as python-sounddevice's `finished_callback`). An exception
   * it throws is kept in `callbackError` and dispatched as an "error" event.
   */
  finishedCallback?: () => void;
  /** Do not clip out-of-range float samples. */
  clipOff?: boolean;
  /** Do not dither. */
  ditherOff?: boolean;
  /** Duplex streams: never drop overflowed input; the callback gets `outdata` for input-only blocks. */
  neverDropInput?: boolean;
  /** Fill the initial output buffers by calling the callback instead of with silence. */
  primeOutputBuffersUsingStreamCallback?: boolean;
}

/** Options of a duplex {@linkcode Stream}: pair settings are one value or `[input, output]`. */
export interface StreamOptions extends StreamOptionsBase {
  /** Devices: an index, a name query, or `[input, output]`. */
  device?: PairInput<DeviceSpec>;
  /** Channel counts; default: `defaults.channels`, else each device's maximum. */
  channels?: PairInput<number>;
  /** Sample types; default `"float32"`. */
  dtype?: PairInput<DType>;
  /** Latencies: `"low"`, `"high"` (default) or seconds. */
  latency?: PairInput<Latency>;
  /** Host-API settings such as {@linkcode AlsaSettings}. */
  extraSettings?: PairInput<ExtraSettings>;
  /** Callback; without one the stream is a blocking stream (`read`/`write`). */
  callback?: StreamCallback<TypedSamples>;
}

/** Options of {@linkcode InputStream} / {@linkcode OutputStream}: single values. */
export interface OneWayStreamOptions extends StreamOptionsBase {
  /** Device index or name query. */
  device?: DeviceSpec | null;
  /** Channel count; default: `defaults.channels`, else the device's maximum. */
  channels?: number | null;
  /** Sample type; default `"float32"`. */
  dtype?: DType | null;
  /** `"low"`, `"high"` (default) or seconds. */
  latency?: Latency | null;
  /** Host-API settings such as {@linkcode AlsaSettings}. */
  extraSettings?: ExtraSettings | null;
  /** Callback; without one the stream is a blocking stream. */
  callback?: StreamCallback<TypedSamples>;
}

/** Options of {@linkcode RawStream}: like {@linkcode StreamOptions}, bytes in the callback. */
export interface RawStreamOptions
  extends Omit<StreamOptions, "dtype" | "callback"> {
  /** Sample types, including packed 24-bit `"int24"`. */
  dtype?: PairInput<RawDType>;
  /** Callback with `Uint8Array` views. */
  callback?: StreamCallback<Uint8Array>;
}

/** Options of {@linkcode RawInputStream} / {@linkcode RawOutputStream}. */
export interface RawOneWayStreamOptions
  extends Omit<OneWayStreamOptions, "dtype" | "callback"> {
  /** Sample type, including packed 24-bit `"int24"`. */
  dtype?: RawDType | null;
  /** Callback with `Uint8Array` views. */
  callback?: StreamCallback<Uint8Array>;
}

/** Options of `close()`. */
export interface CloseOptions {
  /** Do not throw if PortAudio reports an error while closing. */
  ignoreErrors?: boolean;
}

type Kind = "input" | "output" | "duplex";

interface Direction {
  device: number;
  deviceName: string;
  channels: number;
  dtype: RawDType;
  frameBytes: number;
  params: Uint8Array;
  keepAlive: unknown[];
}

function pick<T>(
  value: PairInput<T> | undefined,
  index: 0 | 1,
): T | null | undefined {
  if (Array.isArray(value)) return value[index] as T | null;
  return value as T | null | undefined;
}

const encoder = new TextEncoder();

function buildDirection(
  kind: "input" | "output",
  index: 0 | 1,
  options: StreamOptions | RawStreamOptions,
  raw: boolean,
): Direction {
  const extra = pick(options.extraSettings, index) ??
    defaults.extraSettings[index];
  const alsa = extra instanceof AlsaSettings ? extra : undefined;
  if (extra && !alsa) {
    throw new TypeError(
      `extraSettings: expected an AlsaSettings object, got ${
        JSON.stringify(extra)
      }`,
    );
  }
  let info: DeviceInfo | undefined;
  let device: number;
  if (alsa?.device) {
    device = paUseHostApiSpecificDeviceSpecification;
  } else {
    const spec = pick(options.device, index) ?? defaults.device[index];
    device = selectDevice(spec, kind);
    info = queryDevices(device, kind);
  }
  const max = info
    ? (kind === "input" ? info.maxInputChannels : info.maxOutputChannels)
    : Infinity;
  const channels = pick(options.channels, index) ?? defaults.channels[index] ??
    (info ? max : 2);
  if (!Number.isInteger(channels) || channels < 1) {
    throw new RangeError(
      `channels: ${channels} is not a channel count (an integer >= 1)`,
    );
  }
  if (channels > max) {
    throw new RangeError(
      `channels: ${channels} ${kind} channels requested, but device ${device} ` +
        `(${JSON.stringify(info!.name)}) has at most ${max}`,
    );
  }
  const dtype = pick(options.dtype as PairInput<RawDType>, index) ??
    defaults.dtype[index];
  assertDType(dtype, "dtype", raw);
  const latencySpec = pick(options.latency, index) ?? defaults.latency[index];
  assertLatency(latencySpec, "latency");
  let latency: number;
  if (typeof latencySpec === "number") latency = latencySpec;
  else if (!info) latency = 0;
  else if (kind === "input") {
    latency = latencySpec === "low"
      ? info.defaultLowInputLatency
      : info.defaultHighInputLatency;
  } else {latency = latencySpec === "low"
      ? info.defaultLowOutputLatency
      : info.defaultHighOutputLatency;}

  const params = new Uint8Array(PaStreamParameters.size);
  const dv = new DataView(params.buffer);
  const keepAlive: unknown[] = [];
  writeField(dv, PaStreamParameters, "device", device);
  writeField(dv, PaStreamParameters, "channelCount", channels);
  writeField(dv, PaStreamParameters, "sampleFormat", FORMATS[dtype].format);
  writeField(dv, PaStreamParameters, "suggestedLatency", latency);
  if (alsa?.device) {
    const name = encoder.encode(alsa.device + "\0");
    const si = new Uint8Array(PaAlsaStreamInfo.size);
    const sdv = new DataView(si.buffer);
    writeField(sdv, PaAlsaStreamInfo, "size", PaAlsaStreamInfo.size);
    writeField(sdv, PaAlsaStreamInfo, "hostApiType", PaHostApiTypeId.paALSA);
    writeField(sdv, PaAlsaStreamInfo, "version", 1);
    writeField(
      sdv,
      PaAlsaStreamInfo,
      "deviceString",
      Deno.UnsafePointer.of(name),
    );
    writeField(
      dv,
      PaStreamParameters,
      "hostApiSpecificStreamInfo",
      Deno.UnsafePointer.of(si),
    );
    keepAlive.push(name, si);
  }
  return {
    device,
    deviceName: info?.name ?? alsa!.device!,
    channels,
    dtype,
    frameBytes: channels * FORMATS[dtype].size,
    params,
    keepAlive,
  };
}

function streamFlags(o: StreamOptionsBase): number {
  let f = 0;
  if (o.clipOff ?? defaults.clipOff) f |= PaStreamFlags.paClipOff;
  if (o.ditherOff ?? defaults.ditherOff) f |= PaStreamFlags.paDitherOff;
  if (o.neverDropInput ?? defaults.neverDropInput) {
    f |= PaStreamFlags.paNeverDropInput;
  }
  if (
    o.primeOutputBuffersUsingStreamCallback ??
      defaults.primeOutputBuffersUsingStreamCallback
  ) {
    f |= PaStreamFlags.paPrimeOutputBuffersUsingStreamCallback;
  }
  return f;
}

function resolveSamplerate(o: StreamOptionsBase, dirs: Direction[]): number {
  const given = o.samplerate ?? defaults.samplerate;
  if (given !== null && given !== undefined) {
    if (typeof given !== "number" || !Number.isFinite(given) || given <= 0) {
      throw new RangeError(
        `samplerate: ${given} is not a sampling rate (a number > 0, in Hz)`,
      );
    }
    return given;
  }
  const rates = dirs.filter((d) => d.device >= 0).map((d) =>
    queryDevices(d.device).defaultSamplerate
  );
  if (rates.length === 0) return 44100;
  if (rates.length === 2 && rates[0] !== rates[1]) {
    throw new RangeError(
      `samplerate: input and output devices have different default rates (${
        rates[0]
      } and ${rates[1]}); give one`,
    );
  }
  return rates[0];
}

function isFormatSupported(
  input: Direction | null,
  output: Direction | null,
  samplerate: number,
): void {
  const pa = paSymbols();
  const code = pa.Pa_IsFormatSupported(
    input ? Deno.UnsafePointer.of(input.params) : null,
    output ? Deno.UnsafePointer.of(output.params) : null,
    samplerate,
  );
  if (code === 0) return;
  const what = [
    input &&
    `input device ${input.device} (${JSON.stringify(input.deviceName)})`,
    output &&
    `output device ${output.device} (${JSON.stringify(output.deviceName)})`,
  ].filter(Boolean).join(" and ");
  const detail = code === PaErrorCode.paInvalidSampleRate
    ? `samplerate ${samplerate} Hz is not supported by ${what}`
    : code === PaErrorCode.paInvalidChannelCount
    ? `the channel count is not supported by ${what}`
    : code === PaErrorCode.paSampleFormatNotSupported
    ? `the sample type is not supported by ${what}`
    : `these settings are not supported by ${what}`;
  check(code, "Pa_IsFormatSupported", detail);
}

/** Settings checked by {@linkcode checkInputSettings} / {@linkcode checkOutputSettings}. */
export interface CheckSettingsOptions {
  /** Device index or name query. */
  device?: DeviceSpec | null;
  /** Channel count. */
  channels?: number | null;
  /** Sample type. */
  dtype?: RawDType | null;
  /** Host-API settings. */
  extraSettings?: ExtraSettings | null;
  /** Sampling rate in Hz. */
  samplerate?: number | null;
}

function checkSettings(
  kind: "input" | "output",
  o: CheckSettingsOptions,
): void {
  const idx = kind === "input" ? 0 : 1;
  const pair = <T>(v: T | null | undefined): PairInput<T> | undefined =>
    v === undefined || v === null
      ? undefined
      : (idx === 0 ? [v, null] : [null, v]);
  const dir = buildDirection(kind, idx, {
    device: pair(o.device),
    channels: pair(o.channels),
    dtype: pair(o.dtype),
    extraSettings: pair(o.extraSettings),
  } as RawStreamOptions, true);
  const rate = resolveSamplerate({ samplerate: o.samplerate ?? undefined }, [
    dir,
  ]);
  isFormatSupported(
    kind === "input" ? dir : null,
    kind === "output" ? dir : null,
    rate,
  );
}

/**
 * Checks that input settings are supported; does nothing if they are.
 *
 * @param options Device, channels, dtype, extraSettings, samplerate (unset: defaults).
 * @throws {PortAudioError} When PortAudio says the settings are not supported.
 * @throws {RangeError} For invalid values.
 * @example
 * ```ts ignore
 * import { checkInputSettings } from "@audiodev/audiodev";
 * checkInputSettings({ channels: 2, samplerate: 48000 });
 * ```
 */
export function checkInputSettings(options: CheckSettingsOptions = {}): void {
  checkSettings("input", options);
}

/**
 * Checks that output settings are supported; does nothing if they are.
 *
 * @param options Device, channels, dtype, extraSettings, samplerate (unset: defaults).
 * @throws {PortAudioError} When PortAudio says the settings are not supported.
 * @throws {RangeError} For invalid values.
 * @example
 * ```ts ignore
 * import { checkOutputSettings } from "@audiodev/audiodev";
 * checkOutputSettings({ dtype: "int16", samplerate: 44100 });
 * ```
 */
export function checkOutputSettings(options: CheckSettingsOptions = {}): void {
  checkSettings("output", options);
}

/** Result of a blocking read. */
export interface ReadResult<T> {
  /** The frames read, interleaved. */
  data: T;
  /** `true` if input was lost before this read (an overrun). */
  overflowed: boolean;
}

const registry = new FinalizationRegistry<
  { handle: Deno.PointerObject; closed: { value: boolean } }
>(
  (held) => {
    // Safety net for blocking streams the program dropped without close():
    // no JavaScript callback exists, so a synchronous close cannot deadlock.
    if (!held.closed.value) {
      held.closed.value = true;
      paSymbols().Pa_CloseStream(held.handle);
    }
  },
);

/**
 * What every stream class shares: options, properties, lifecycle.
 * Use {@linkcode Stream}, {@linkcode InputStream}, {@linkcode OutputStream}
 * or their raw variants; this class is not constructed directly.
 *
 * Events: `"finished"` when a callback stream has finished or a running
 * blocking stream was stopped, aborted or closed; `"error"` (an `ErrorEvent`,
 * before `"finished"`) when its callback or `finishedCallback` threw.
 */
export class BaseStream extends EventTarget {
  #handle: Deno.PointerObject | null;
  #closedFlag = { value: false };
  #kind: Kind;
  #raw: boolean;
  #in: Direction | null;
  #out: Direction | null;
  #samplerate: number;
  #blocksize: number;
  #callback: Deno.UnsafeCallback<typeof PA_STREAM_CALLBACK> | null = null;
  #finishedCb: Deno.UnsafeCallback<typeof PA_STREAM_FINISHED_CALLBACK> | null =
    null;
  #userFinished: (() => void) | undefined;
  #finished: Promise<void>;
  #resolveFinished!: () => void;
  #finishedDone = false;
  #callbackError: unknown = undefined;
  #closing: Promise<void> | null = null;
  #pending: Promise<unknown> = Promise.resolve();
  /** Reads and writes queued on `#pending` that have not settled yet. */
  #queued = 0;
  /** Start/stop/abort calls running on a helper thread right now. */
  #busy = 0;
  #lastWriteEnd = 0;
  #stopRequested = false;
  #drainFrames = -1;
  #started = false;
  #interested = false;

  /** @internal */
  constructor(
    kind: Kind,
    raw: boolean,
    options: StreamOptions | RawStreamOptions,
  ) {
    super();
    const pa = paSymbols();
    this.#kind = kind;
    this.#raw = raw;
    const blocksize = options.blocksize ?? defaults.blocksize;
    if (!Number.isInteger(blocksize) || blocksize < 0) {
      throw new RangeError(
        `blocksize: ${blocksize} is not a block size (an integer >= 0; 0 lets the host choose)`,
      );
    }
    if (
      options.callback !== undefined && typeof options.callback !== "function"
    ) {
      throw new TypeError("callback must be a function");
    }
    this.#in = kind !== "output"
      ? buildDirection("input", 0, options, raw)
      : null;
    this.#out = kind !== "input"
      ? buildDirection("output", 1, options, raw)
      : null;
    this.#samplerate = resolveSamplerate(
      options,
      [this.#in, this.#out].filter((d): d is Direction => !!d),
    );
    this.#blocksize = blocksize;
    isFormatSupported(this.#in, this.#out, this.#samplerate);

    const numPeriods = [options.extraSettings].flat().find((e) =>
      e instanceof AlsaSettings
    )?.numPeriods;
    if (numPeriods !== undefined) {
      check(pa.PaAlsa_SetNumPeriods(numPeriods), "PaAlsa_SetNumPeriods");
    }

    this.#finished = new Promise<void>((r) => (this.#resolveFinished = r));
    this.#userFinished = options.finishedCallback;
    if (options.callback) {
      this.#callback = this.#makeCallback(
        options.callback as StreamCallback<unknown>,
      );
    }

    const out = new BigUint64Array(1);
    const code = pa.Pa_OpenStream(
      out,
      this.#in ? this.#in.params : null,
      this.#out ? this.#out.params : null,
      this.#samplerate,
      BigInt(blocksize),
      BigInt(streamFlags(options)),
      this.#callback ? this.#callback.pointer : null,
      null,
    );
    if (numPeriods !== undefined) pa.PaAlsa_SetNumPeriods(4); // restore PortAudio's default
    if (code < 0) {
      this.#callback?.close();
      this.#callback = null;
      check(code, "Pa_OpenStream", "Error opening " + this.constructor.name);
    }
    const handle = Deno.UnsafePointer.create(out[0])!;
    this.#handle = handle;
    if (this.#callback) {
      this.#finishedCb = Deno.UnsafeCallback.threadSafe(
        PA_STREAM_FINISHED_CALLBACK,
        () => this.#onFinished(),
      );
      check(
        pa.Pa_SetStreamFinishedCallback(this.#handle, this.#finishedCb.pointer),
        "Pa_SetStreamFinishedCallback",
      );
      // A running stream must not keep the program alive by itself (Python
      // ends with its main thread too); awaiting `finished` does.
      this.#callback.unref();
      this.#finishedCb.unref();
    } else {
      registry.register(this, {
        handle: this.#handle,
        closed: this.#closedFlag,
      }, this);
    }
    const rt = [options.extraSettings].flat().find((e) =>
      e instanceof AlsaSettings
    );
    if (rt?.realtimeScheduling) {
      pa.PaAlsa_EnableRealtimeScheduling(handle, 1);
    }
    registerResource(this);
  }

  #makeCallback(
    user: StreamCallback<unknown>,
  ): Deno.UnsafeCallback<typeof PA_STREAM_CALLBACK> {
    const inDir = this.#in;
    const outDir = this.#out;
    const raw = this.#raw;
    const inCtor = inDir && !raw ? CTORS[inDir.dtype as DType] : Uint8Array;
    const outCtor = outDir && !raw ? CTORS[outDir.dtype as DType] : Uint8Array;
    const status = new CallbackFlags();
    const time: StreamTime = {
      inputBufferAdcTime: 0,
      outputBufferDacTime: 0,
      currentTime: 0,
    };
    let inPtr: Deno.PointerObject | null = null;
    let inFrames = -1;
    let inView: unknown = null;
    let outPtr: Deno.PointerObject | null = null;
    let outFrames = -1;
    let outView: TypedSamples | null = null;
    let timePtr: Deno.PointerObject | null = null;
    let timeView: Deno.UnsafePointerView | null = null;
    const oT = PaStreamCallbackTimeInfo.offsets;
    return Deno.UnsafeCallback.threadSafe(
      PA_STREAM_CALLBACK,
      (ip, op, frameCount, tp, flags): number => {
        const frames = Number(frameCount);
        // Zero-copy views, re-created only when PortAudio hands other buffers.
        let indata: unknown = null;
        if (ip !== null && inDir) {
          if (
            inPtr === null || frames !== inFrames ||
            !Deno.UnsafePointer.equals(ip, inPtr)
          ) {
            inPtr = ip;
            inFrames = frames;
            inView = new inCtor(
              Deno.UnsafePointerView.getArrayBuffer(
                ip,
                frames * inDir.frameBytes,
              ),
            );
          }
          indata = inView;
        }
        let outdata: TypedSamples | null = null;
        if (op !== null && outDir) {
          if (
            outPtr === null || frames !== outFrames ||
            !Deno.UnsafePointer.equals(op, outPtr)
          ) {
            outPtr = op;
            outFrames = frames;
            outView = new outCtor(
              Deno.UnsafePointerView.getArrayBuffer(
                op,
                frames * outDir.frameBytes,
              ),
            );
          }
          outdata = outView;
        }
        if (tp !== null) {
          if (timePtr === null || !Deno.UnsafePointer.equals(tp, timePtr)) {
            timePtr = tp;
            timeView = new Deno.UnsafePointerView(tp);
          }
          time.inputBufferAdcTime = timeView!.getFloat64(oT.inputBufferAdcTime);
          time.outputBufferDacTime = timeView!.getFloat64(
            oT.outputBufferDacTime,
          );
          time.currentTime = timeView!.getFloat64(oT.currentTime);
        }
        status.assign(Number(flags));
        // Playing out: after stop() or CallbackStop, send silence until what
        // was queued has reached the speaker, then complete.
        if (this.#drainFrames >= 0 || this.#stopRequested) {
          if (outdata) outdata.fill(outDir!.dtype === "uint8" ? 0x80 : 0);
          if (this.#drainFrames < 0) this.#drainFrames = this.#playoutFrames();
          this.#drainFrames -= frames;
          return this.#drainFrames <= 0 || !outdata
            ? PaStreamCallbackResult.paComplete
            : PaStreamCallbackResult.paContinue;
        }
        try {
          user(indata, outdata, frames, time, status);
          return PaStreamCallbackResult.paContinue;
        } catch (e) {
          if (e instanceof CallbackStop) {
            if (!outdata) return PaStreamCallbackResult.paComplete;
            this.#drainFrames = this.#playoutFrames();
            return PaStreamCallbackResult.paContinue;
          }
          if (e instanceof CallbackAbort) return PaStreamCallbackResult.paAbort;
          this.#callbackError = e;
          return PaStreamCallbackResult.paAbort;
        }
      },
    );
  }

  /** Frames of silence that cover the output latency (what is queued downstream). */
  #playoutFrames(): number {
    const latency = this.#handle && !this.#closing
      ? this.#info().outputLatency
      : 0;
    return Math.ceil((latency + 0.05) * this.#samplerate);
  }

  #onFinished(): void {
    if (this.#finishedDone) return;
    this.#finishedDone = true;
    this.#callback?.unref();
    this.#finishedCb?.unref();
    this.#runUserFinished();
    const err = this.#callbackError;
    this.#resolveFinished();
    if (err !== undefined) {
      this.dispatchEvent(
        new ErrorEvent("error", { error: err, message: String(err) }),
      );
    }
    this.dispatchEvent(new Event("finished"));
  }

  /**
   * Calls the user's `finishedCallback`. An exception from it must not
   * escape into a native callback (Deno would report it as illegal): it is
   * kept in `callbackError` (unless an earlier one is there) and reported
   * like a stream callback's.
   */
  #runUserFinished(): void {
    try {
      this.#userFinished?.();
    } catch (e) {
      if (this.#callbackError === undefined) this.#callbackError = e;
    }
  }

  /** A blocking stream that was running became inactive: PortAudio's finished callback, run here. */
  #blockingFinished(): void {
    this.#runUserFinished();
    const err = this.#callbackError;
    if (err !== undefined) {
      this.dispatchEvent(
        new ErrorEvent("error", { error: err, message: String(err) }),
      );
    }
    this.dispatchEvent(new Event("finished"));
  }

  /**
   * The handle for a call, refused once close() has begun: Pa_CloseStream runs
   * on another thread and frees the stream, so no call may race with it.
   */
  #h(call: string): Deno.PointerObject {
    if (this.#handle === null || this.#closing !== null) {
      throw new PortAudioError(
        `${this.constructor.name} is closed: ${call}() is not allowed after close()`,
        {
          code: PaErrorCode.paBadStreamPtr,
          call,
        },
      );
    }
    return this.#handle;
  }

  #info(): { inputLatency: number; outputLatency: number; sampleRate: number } {
    const p = paSymbols().Pa_GetStreamInfo(this.#h("info"));
    if (p === null) {
      return {
        inputLatency: 0,
        outputLatency: 0,
        sampleRate: this.#samplerate,
      };
    }
    const v = new Deno.UnsafePointerView(p);
    return {
      inputLatency: readField(v, PaStreamInfo, "inputLatency") as number,
      outputLatency: readField(v, PaStreamInfo, "outputLatency") as number,
      sampleRate: readField(v, PaStreamInfo, "sampleRate") as number,
    };
  }

  #pair<T>(i: T | undefined, o: T | undefined): T | [T, T] {
    if (this.#kind === "duplex") return [i!, o!];
    return (this.#kind === "input" ? i : o)!;
  }

  /** The raw `PaStream*`, for calls this package does not wrap. Unsafe: invalid after close(). */
  get unsafeHandle(): Deno.PointerObject {
    return this.#h("unsafeHandle");
  }

  /** `true` once close() has been called (the stream can no longer be used). */
  get closed(): boolean {
    return this.#handle === null || this.#closing !== null;
  }

  /** `true` while audio is being processed (started and not finished). */
  get active(): boolean {
    if (
      this.#handle === null || this.#closing !== null || this.#finishedDone
    ) return false;
    return check(
      paSymbols().Pa_IsStreamActive(this.#handle),
      "Pa_IsStreamActive",
    ) === 1;
  }

  /** `true` when the stream is stopped (never started, or stop/abort done). */
  get stopped(): boolean {
    if (this.#handle === null || this.#closing !== null) return true;
    return check(
      paSymbols().Pa_IsStreamStopped(this.#handle),
      "Pa_IsStreamStopped",
    ) === 1;
  }

  /** CPU load of the callback, 0.0-1.0 (0 for blocking streams). */
  get cpuLoad(): number {
    return paSymbols().Pa_GetStreamCpuLoad(this.#h("cpuLoad"));
  }

  /** The stream's clock in seconds (the clock of the callback's `time`). */
  get time(): number {
    return paSymbols().Pa_GetStreamTime(this.#h("time"));
  }

  /** Actual latency in seconds; `[input, output]` for duplex streams. */
  get latency(): number | [number, number] {
    const info = this.#info();
    return this.#pair(info.inputLatency, info.outputLatency);
  }

  /** Actual sampling rate in Hz. */
  get samplerate(): number {
    return this.#handle ? this.#info().sampleRate : this.#samplerate;
  }

  /** Frames per block as requested (0: host-chosen, variable). */
  get blocksize(): number {
    return this.#blocksize;
  }

  /** Channel count; `[input, output]` for duplex streams. */
  get channels(): number | [number, number] {
    return this.#pair(this.#in?.channels, this.#out?.channels);
  }

  /** Sample type; `[input, output]` for duplex streams. */
  get dtype(): RawDType | [RawDType, RawDType] {
    return this.#pair(this.#in?.dtype, this.#out?.dtype);
  }

  /** Bytes per sample; `[input, output]` for duplex streams. */
  get samplesize(): number | [number, number] {
    return this.#pair(
      this.#in ? FORMATS[this.#in.dtype].size : undefined,
      this.#out ? FORMATS[this.#out.dtype].size : undefined,
    );
  }

  /** Device index (-2 for an ALSA device string); `[input, output]` for duplex streams. */
  get device(): number | [number, number] {
    return this.#pair(this.#in?.device, this.#out?.device);
  }

  /** Frames that can be read without waiting (blocking input streams). */
  get readAvailable(): number {
    if (!this.#in) {
      throw new TypeError("readAvailable: this stream has no input");
    }
    return Number(
      check(
        Number(paSymbols().Pa_GetStreamReadAvailable(this.#h("readAvailable"))),
        "Pa_GetStreamReadAvailable",
      ),
    );
  }

  /** Frames that can be written without waiting (blocking output streams). */
  get writeAvailable(): number {
    if (!this.#out) {
      throw new TypeError("writeAvailable: this stream has no output");
    }
    return Number(
      check(
        Number(
          paSymbols().Pa_GetStreamWriteAvailable(this.#h("writeAvailable")),
        ),
        "Pa_GetStreamWriteAvailable",
      ),
    );
  }

  /**
   * The exception that ended a callback stream (not CallbackStop/CallbackAbort),
   * else one thrown by `finishedCallback`, or `undefined`. Reset by start().
   */
  get callbackError(): unknown {
    return this.#callbackError;
  }

  /**
   * Resolves when a callback stream has finished (CallbackStop, CallbackAbort,
   * an exception in the callback, stop, abort or close). Blocking streams
   * resolve it on stop, abort and close. Awaiting it keeps the program alive
   * until then.
   */
  get finished(): Promise<void> {
    if (
      !this.#interested && !this.#finishedDone && this.#started &&
      this.#callback
    ) {
      this.#interested = true;
      this.#callback.ref();
    }
    this.#interested = true;
    return this.#finished;
  }

  /** `true` for callback streams. */
  get hasCallback(): boolean {
    return this.#callback !== null;
  }

  /**
   * Starts audio processing.
   *
   * @throws {PortAudioError} When PortAudio cannot start the stream, or it is closed.
   */
  async start(): Promise<void> {
    let h = this.#h("start");
    await this.#pending;
    h = this.#h("start"); // refused if close() began while we waited
    if (this.#finishedDone && this.#callback) {
      // Restarting a finished callback stream: a new `finished` promise.
      this.#finishedDone = false;
      this.#finished = new Promise<void>((r) => (this.#resolveFinished = r));
    }
    this.#stopRequested = false;
    this.#drainFrames = -1;
    this.#callbackError = undefined;
    if (this.#interested && this.#callback) this.#callback.ref();
    const code = await this.#whileBusy(paSymbols().Pa_StartStream_nb(h));
    check(code, "Pa_StartStream", "Error starting stream");
    this.#started = true;
  }

  /**
   * Stops the stream after every pending output frame has been played
   * (callback streams stop calling the callback at once).
   *
   * @param options `ignoreErrors`.
   * @throws {PortAudioError} When PortAudio reports an error (unless ignored).
   */
  async stop(options: CloseOptions = {}): Promise<void> {
    const h = this.#h("stop");
    // frames writeAll() accepted reach the device first
    if (this.#out && !this.#callback) await flushQueued(this);
    await this.#pending;
    if (this.#closing !== null) return; // close() began: it stops the stream
    const pa = paSymbols();
    if (this.#callback && this.#out && this.active) {
      // Let the callback send silence until the queued audio is out, then complete.
      this.#stopRequested = true;
      const deadline = Date.now() + 1000 * (this.#info().outputLatency + 1);
      while (this.active && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
      }
    } else if (this.#out && !this.#callback && this.#lastWriteEnd > 0) {
      const wait = this.#lastWriteEnd +
        1000 * (this.#info().outputLatency + 0.02) - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    // close() began while we waited: it stops the stream itself, and the
    // handle must not be used alongside Pa_CloseStream.
    if (this.#closing !== null) return;
    const wasRunning = pa.Pa_IsStreamStopped(h) !== 1;
    const code = wasRunning ? await this.#whileBusy(pa.Pa_StopStream_nb(h)) : 0;
    this.#afterStop(wasRunning);
    if (!options.ignoreErrors) {
      check(code, "Pa_StopStream", "Error stopping stream");
    }
  }

  /**
   * Stops the stream at once, discarding pending output.
   *
   * @param options `ignoreErrors`.
   * @throws {PortAudioError} When PortAudio reports an error (unless ignored).
   */
  async abort(options: CloseOptions = {}): Promise<void> {
    const h = this.#h("abort");
    const pa = paSymbols();
    this.#stopRequested = true;
    discardQueued(this); // what writeAll() queued is not played
    await this.#pending;
    if (this.#closing !== null) return; // close() began: it aborts the stream
    const wasRunning = pa.Pa_IsStreamStopped(h) !== 1;
    const code = wasRunning
      ? await this.#whileBusy(pa.Pa_AbortStream_nb(h))
      : 0;
    this.#afterStop(wasRunning);
    if (!options.ignoreErrors) {
      check(code, "Pa_AbortStream", "Error aborting stream");
    }
  }

  /** Counts a start/stop/abort running on a helper thread until it returns. */
  async #whileBusy(call: Promise<number>): Promise<number> {
    this.#busy++;
    try {
      return await call;
    } finally {
      this.#busy--;
    }
  }

  #afterStop(wasRunning: boolean): void {
    this.#lastWriteEnd = 0;
    if (!this.#callback) {
      this.#resolveFinished();
      if (wasRunning) this.#blockingFinished();
    }
  }

  /**
   * Closes the stream (discarding pending output of an active stream, as
   * python-sounddevice does) and frees it. Closing twice is harmless; every
   * other method throws afterwards.
   *
   * @param options `ignoreErrors`.
   * @throws {PortAudioError} When PortAudio reports an error (unless ignored).
   */
  close(options: CloseOptions = {}): Promise<void> {
    if (this.#closing) return this.#closing;
    discardQueued(this); // close discards pending output
    this.#closing = (async () => {
      const h = this.#handle;
      if (h === null) return;
      this.#stopRequested = true;
      try {
        await this.#pending;
      } catch {
        // A failed read/write does not prevent closing.
      }
      const wasRunning = !this.#callback &&
        paSymbols().Pa_IsStreamStopped(h) === 0;
      const code = await paSymbols().Pa_CloseStream_nb(h);
      this.#handle = null;
      this.#closedFlag.value = true;
      registry.unregister(this);
      unregisterResource(this);
      // PortAudio no longer calls us: now the native callbacks can go.
      if (this.#callback && !this.#finishedDone) this.#onFinished();
      if (wasRunning) this.#blockingFinished();
      this.#resolveFinished();
      this.#callback?.close();
      this.#finishedCb?.close();
      this.#callback = null;
      this.#finishedCb = null;
      if (!options.ignoreErrors) {
        check(code, "Pa_CloseStream", "Error closing stream");
      }
    })();
    return this.#closing;
  }

  /** `await using stream = ...`: stops (playing out pending output) and closes, like Python's `with`. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#handle === null) return;
    try {
      if (!this.stopped) await this.stop({ ignoreErrors: true });
    } finally {
      await this.close();
    }
  }

  // --- blocking I/O ---------------------------------------------------------

  #checkData(data: ArrayBufferView, call: string): number {
    const dir = this.#out!;
    if (!this.#raw) {
      const ctor = CTORS[dir.dtype as DType];
      if (!(data instanceof ctor)) {
        throw new TypeError(
          `${call}: data must be a ${ctor.name} for dtype "${dir.dtype}", got ${
            data?.constructor?.name ?? typeof data
          }`,
        );
      }
    } else if (!ArrayBuffer.isView(data)) {
      throw new TypeError(
        `${call}: data must be a Uint8Array or another ArrayBufferView of bytes`,
      );
    }
    if (data.byteLength % dir.frameBytes !== 0) {
      const unit = this.#raw ? "bytes" : "samples";
      const per = this.#raw ? dir.frameBytes : dir.channels;
      const have = this.#raw ? data.byteLength : (data as TypedSamples).length;
      throw new RangeError(
        `${call}: ${have} ${unit} is not a whole number of frames of ${per} ${unit} (${dir.channels} channels)`,
      );
    }
    return data.byteLength / dir.frameBytes;
  }

  /**
   * Moves `frames` frames between `bytes` and the device: what fits now with
   * a synchronous call that does not wait, the rest in awaited chunks off the
   * event loop. Resolves to the xrun flag (output underflow / input overflow).
   */
  async #transfer(
    write: boolean,
    h: Deno.PointerObject,
    bytes: Uint8Array,
    frames: number,
    frameBytes: number,
  ): Promise<boolean> {
    const pa = paSymbols();
    const xrunCode = write
      ? PaErrorCode.paOutputUnderflowed
      : PaErrorCode.paInputOverflowed;
    // Frames per awaited helper-thread call once the buffer is full: a read
    // hands up to 100 ms to Pa_ReadStream; a write hands up to 250 ms to
    // Pa_WriteStream, which waits inside PortAudio as C does (one event-loop
    // wake-up per 250 ms, not one per period; close() waits for it).
    const chunk = Math.max(
      64,
      Math.ceil(this.#samplerate * (write ? 0.25 : 0.1)),
    );
    let xrun = false;
    for (let done = 0; done < frames;) {
      // close() has begun: stop before touching the stream again. A write
      // ends quietly (close discards pending output anyway); a read cannot
      // deliver what was asked, so it says so.
      if (this.#handle === null || this.#closing !== null) {
        if (write) break;
        throw new PortAudioError(
          `${this.constructor.name} was closed during read(): ${done} of ${frames} frames read`,
          { code: PaErrorCode.paBadStreamPtr, call: "Pa_ReadStream" },
        );
      }
      const avail = Number(
        write
          ? pa.Pa_GetStreamWriteAvailable(h)
          : pa.Pa_GetStreamReadAvailable(h),
      );
      const n = Math.min(frames - done, avail > 0 ? avail : chunk);
      const view = bytes.subarray(done * frameBytes, (done + n) * frameBytes);
      const count = BigInt(n);
      const code = avail > 0
        ? (write
          ? pa.Pa_WriteStream(h, view, count)
          : pa.Pa_ReadStream(h, view, count))
        : await (write
          ? pa.Pa_WriteStream_nb(h, view, count)
          : pa.Pa_ReadStream_nb(h, view, count));
      if (code === xrunCode) xrun = true;
      else {check(
          code,
          write ? "Pa_WriteStream" : "Pa_ReadStream",
          write ? "Error writing to stream" : "Error reading from stream",
        );}
      done += n;
    }
    return xrun;
  }

  /** @internal Writes interleaved frames; resolves to `true` if an underflow happened. */
  protected writeFrames(data: ArrayBufferView): Promise<boolean> {
    const h = this.#h("write");
    if (!this.#out) throw new TypeError("write: this stream has no output");
    if (this.#callback) {
      throw new PortAudioError(
        "write: not allowed on a callback stream (use the callback)",
        {
          code: PaErrorCode.paCanNotWriteToACallbackStream,
          call: "Pa_WriteStream",
        },
      );
    }
    const frames = this.#checkData(data, "write");
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const frameBytes = this.#out.frameBytes;
    this.#queued++;
    const job = this.#pending.then(async () => {
      const underflowed = await this.#transfer(
        true,
        h,
        bytes,
        frames,
        frameBytes,
      );
      this.#lastWriteEnd = performance.now();
      return underflowed;
    }).finally(() => this.#queued--);
    this.#pending = job.catch(() => {});
    return job;
  }

  /**
   * @internal The I/O helpers' fast path: writes `data` with one synchronous
   * `Pa_WriteStream` when that cannot wait, i.e. nothing is queued before
   * it, the stream is open, and it holds at most `available` frames, a
   * `writeAvailable` the caller read in this same synchronous turn (the
   * device only frees more space meanwhile). Saves the second
   * `Pa_GetStreamWriteAvailable` and the promise chain of `write()`.
   *
   * @returns The underflow flag, or `null` when the write must go through
   *   `write()` instead.
   */
  tryWriteNow(data: ArrayBufferView, available: number): boolean | null {
    const h = this.#handle;
    const out = this.#out;
    if (
      h === null || this.#closing !== null || this.#queued > 0 ||
      this.#busy > 0 || out === null || this.#callback
    ) {
      return null;
    }
    const frames = this.#checkData(data, "write");
    if (frames === 0 || frames > available) return null;
    const code = paSymbols().Pa_WriteStream(
      h,
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      BigInt(frames),
    );
    this.#lastWriteEnd = performance.now();
    if (code === PaErrorCode.paOutputUnderflowed) return true;
    check(code, "Pa_WriteStream", "Error writing to stream");
    return false;
  }

  /** @internal Reads `frames` interleaved frames into a new buffer. */
  protected readFrames(frames: number): Promise<ReadResult<Uint8Array>> {
    const h = this.#h("read");
    if (!this.#in) throw new TypeError("read: this stream has no input");
    if (this.#callback) {
      throw new PortAudioError(
        "read: not allowed on a callback stream (use the callback)",
        {
          code: PaErrorCode.paCanNotReadFromACallbackStream,
          call: "Pa_ReadStream",
        },
      );
    }
    if (!Number.isInteger(frames) || frames < 0) {
      throw new RangeError(
        `read: frames must be an integer >= 0, got ${frames}`,
      );
    }
    const frameBytes = this.#in.frameBytes;
    const bytes = new Uint8Array(frames * frameBytes);
    this.#queued++;
    const job = this.#pending.then(async () => {
      const overflowed = await this.#transfer(
        false,
        h,
        bytes,
        frames,
        frameBytes,
      );
      return { data: bytes, overflowed };
    }).finally(() => this.#queued--);
    this.#pending = job.catch(() => {});
    return job;
  }

  /** @internal The input direction's typed-array constructor. */
  protected inputCtor(): TypedCtor {
    return CTORS[this.#in!.dtype as DType];
  }
}

/**
 * A duplex stream of typed arrays (python-sounddevice's `Stream`).
 *
 * @example Pass input through to output
 * ```ts ignore
 * import { Stream } from "@audiodev/audiodev";
 * const s = new Stream({ channels: 2, callback: (indata, outdata) => outdata!.set(indata!) });
 * await s.start();
 * await new Promise((r) => setTimeout(r, 5000));
 * await s.close();
 * ```
 */
export class Stream extends BaseStream {
  /**
   * Opens the stream.
   *
   * @param options Stream options; unset ones come from {@linkcode defaults}.
   * @throws {RangeError|TypeError} For invalid options, before PortAudio is called.
   * @throws {PortAudioError} When PortAudio refuses the settings.
   */
  constructor(options: StreamOptions = {}) {
    super("duplex", false, options);
  }

  /**
   * Reads frames (blocking streams). Resolves when all have been read.
   *
   * @param frames Number of frames.
   * @returns Interleaved samples of the input dtype and the overflow flag.
   * @throws {PortAudioError} On a callback stream, after close, or on PortAudio errors.
   */
  async read(frames: number): Promise<ReadResult<TypedSamples>> {
    const r = await this.readFrames(frames);
    return {
      data: new (this.inputCtor())(r.data.buffer as ArrayBuffer),
      overflowed: r.overflowed,
    };
  }

  /**
   * Writes interleaved frames (blocking streams); what fits is written at
   * once, the rest waits off the event loop.
   *
   * @param data Interleaved samples of the output dtype.
   * @returns `true` if an output underflow happened before this write.
   * @throws {TypeError|RangeError} Wrong dtype or not whole frames.
   * @throws {PortAudioError} On a callback stream, after close, or on PortAudio errors.
   */
  write(data: TypedSamples): Promise<boolean> {
    return this.writeFrames(data);
  }
}

/**
 * An input stream of typed arrays (python-sounddevice's `InputStream`).
 *
 * @example Record one second, blocking style
 * ```ts ignore
 * import { InputStream } from "@audiodev/audiodev";
 * await using s = new InputStream({ channels: 1, samplerate: 44100 });
 * await s.start();
 * const { data, overflowed } = await s.read(44100);
 * ```
 */
export class InputStream extends BaseStream {
  /**
   * Opens the stream.
   *
   * @param options Stream options; unset ones come from {@linkcode defaults}.
   * @throws {RangeError|TypeError} For invalid options, before PortAudio is called.
   * @throws {PortAudioError} When PortAudio refuses the settings.
   */
  constructor(options: OneWayStreamOptions = {}) {
    super("input", false, options as StreamOptions);
  }

  /**
   * Reads frames (blocking streams). Resolves when all have been read.
   *
   * @param frames Number of frames.
   * @returns Interleaved samples of the dtype and the overflow flag.
   * @throws {PortAudioError} On a callback stream, after close, or on PortAudio errors.
   */
  async read(frames: number): Promise<ReadResult<TypedSamples>> {
    const r = await this.readFrames(frames);
    return {
      data: new (this.inputCtor())(r.data.buffer as ArrayBuffer),
      overflowed: r.overflowed,
    };
  }
}

/**
 * An output stream of typed arrays (python-sounddevice's `OutputStream`).
 *
 * @example Play a second of a 440 Hz tone, blocking style
 * ```ts ignore
 * import { OutputStream } from "@audiodev/audiodev";
 * await using s = new OutputStream({ channels: 1, samplerate: 44100 });
 * const tone = Float32Array.from({ length: 44100 }, (_, i) => 0.2 * Math.sin(2 * Math.PI * 440 * i / 44100));
 * await s.start();
 * await s.write(tone);
 * ```
 */
export class OutputStream extends BaseStream {
  /**
   * Opens the stream.
   *
   * @param options Stream options; unset ones come from {@linkcode defaults}.
   * @throws {RangeError|TypeError} For invalid options, before PortAudio is called.
   * @throws {PortAudioError} When PortAudio refuses the settings.
   */
  constructor(options: OneWayStreamOptions = {}) {
    super("output", false, options as StreamOptions);
  }

  /**
   * Writes interleaved frames (blocking streams).
   *
   * @param data Interleaved samples of the dtype.
   * @returns `true` if an output underflow happened before this write.
   * @throws {TypeError|RangeError} Wrong dtype or not whole frames.
   * @throws {PortAudioError} On a callback stream, after close, or on PortAudio errors.
   */
  write(data: TypedSamples): Promise<boolean> {
    return this.writeFrames(data);
  }
}

/**
 * A duplex stream of bytes (python-sounddevice's `RawStream`); supports `"int24"`.
 *
 * @example
 * ```ts ignore
 * import { RawStream } from "@audiodev/audiodev";
 * const s = new RawStream({ channels: 1, dtype: "int24", callback: (i, o) => o!.set(i!) });
 * ```
 */
export class RawStream extends BaseStream {
  /**
   * Opens the stream.
   *
   * @param options Stream options.
   * @throws {RangeError|TypeError} For invalid options.
   * @throws {PortAudioError} When PortAudio refuses the settings.
   */
  constructor(options: RawStreamOptions = {}) {
    super("duplex", true, options);
  }

  /**
   * Reads frames as bytes.
   *
   * @param frames Number of frames.
   * @returns The bytes and the overflow flag.
   * @throws {PortAudioError} On a callback stream, after close, or on PortAudio errors.
   */
  read(frames: number): Promise<ReadResult<Uint8Array>> {
    return this.readFrames(frames);
  }

  /**
   * Writes whole frames of bytes.
   *
   * @param data The bytes.
   * @returns `true` if an output underflow happened.
   * @throws {RangeError} Not whole frames.
   * @throws {PortAudioError} On a callback stream, after close, or on PortAudio errors.
   */
  write(data: ArrayBufferView): Promise<boolean> {
    return this.writeFrames(data);
  }
}

/**
 * An input stream of bytes (python-sounddevice's `RawInputStream`).
 *
 * @example
 * ```ts ignore
 * import { RawInputStream } from "@audiodev/audiodev";
 * await using s = new RawInputStream({ channels: 2, dtype: "int16" });
 * await s.start();
 * const { data } = await s.read(1024); // 4096 bytes
 * ```
 */
export class RawInputStream extends BaseStream {
  /**
   * Opens the stream.
   *
   * @param options Stream options.
   * @throws {RangeError|TypeError} For invalid options.
   * @throws {PortAudioError} When PortAudio refuses the settings.
   */
  constructor(options: RawOneWayStreamOptions = {}) {
    super("input", true, options as RawStreamOptions);
  }

  /**
   * Reads frames as bytes.
   *
   * @param frames Number of frames.
   * @returns The bytes and the overflow flag.
   * @throws {PortAudioError} On a callback stream, after close, or on PortAudio errors.
   */
  read(frames: number): Promise<ReadResult<Uint8Array>> {
    return this.readFrames(frames);
  }
}

/**
 * An output stream of bytes (python-sounddevice's `RawOutputStream`).
 *
 * @example
 * ```ts ignore
 * import { RawOutputStream } from "@audiodev/audiodev";
 * await using s = new RawOutputStream({ channels: 2, dtype: "int16" });
 * await s.start();
 * await s.write(new Uint8Array(4 * 44100)); // one second of silence
 * ```
 */
export class RawOutputStream extends BaseStream {
  /**
   * Opens the stream.
   *
   * @param options Stream options.
   * @throws {RangeError|TypeError} For invalid options.
   * @throws {PortAudioError} When PortAudio refuses the settings.
   */
  constructor(options: RawOneWayStreamOptions = {}) {
    super("output", true, options as RawStreamOptions);
  }

  /**
   * Writes whole frames of bytes.
   *
   * @param data The bytes.
   * @returns `true` if an output underflow happened.
   * @throws {RangeError} Not whole frames.
   * @throws {PortAudioError} On a callback stream, after close, or on PortAudio errors.
   */
  write(data: ArrayBufferView): Promise<boolean> {
    return this.writeFrames(data);
  }
}

/**
 * Copies one channel out of interleaved samples (allocation-free with `out`).
 *
 * @param data Interleaved samples.
 * @param channels Channels per frame.
 * @param channel Channel index, from 0.
 * @param out Optional destination of at least `data.length / channels` samples.
 * @returns The channel's samples.
 * @throws {RangeError} For a channel out of range.
 * @example
 * ```ts
 * import { getChannel } from "@audiodev/audiodev";
 * const left = getChannel(new Float32Array([1, 2, 3, 4]), 2, 0); // [1, 3]
 * ```
 */
export function getChannel<T extends TypedSamples>(
  data: T,
  channels: number,
  channel: number,
  out?: T,
): T {
  if (!Number.isInteger(channel) || channel < 0 || channel >= channels) {
    throw new RangeError(
      `channel ${channel} is out of range 0..${channels - 1}`,
    );
  }
  const frames = Math.floor(data.length / channels);
  const dst = out ?? (new (data.constructor as new (n: number) => T)(frames));
  for (let i = 0, j = channel; i < frames; i++, j += channels) dst[i] = data[j];
  return dst;
}

/**
 * Writes one channel into interleaved samples (e.g. `outdata` in a callback).
 *
 * @param data Interleaved samples to fill.
 * @param channels Channels per frame.
 * @param channel Channel index, from 0.
 * @param src The channel's samples (one per frame), or a number for all frames.
 * @throws {RangeError} For a channel out of range.
 * @example
 * ```ts
 * import { setChannel } from "@audiodev/audiodev";
 * const frames = new Float32Array(4);
 * setChannel(frames, 2, 1, new Float32Array([0.5, 0.25])); // [0, 0.5, 0, 0.25]
 * ```
 */
export function setChannel<T extends TypedSamples>(
  data: T,
  channels: number,
  channel: number,
  src: ArrayLike<number> | number,
): void {
  if (!Number.isInteger(channel) || channel < 0 || channel >= channels) {
    throw new RangeError(
      `channel ${channel} is out of range 0..${channels - 1}`,
    );
  }
  const frames = Math.floor(data.length / channels);
  for (let i = 0, j = channel; i < frames; i++, j += channels) {
    data[j] = typeof src === "number" ? src : src[i];
  }
}
