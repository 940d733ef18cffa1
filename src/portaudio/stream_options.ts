/**
 * Stream options: their types (the callback typed by `dtype`), the checks
 * every options object goes through (unknown keys, malformed pairs, wrong
 * types), and their translation into PortAudio's `PaStreamParameters`.
 * Also `checkInputSettings()` / `checkOutputSettings()`, which share that
 * translation.
 *
 * @module
 */

import { PaAlsaStreamInfo, PaStreamParameters } from "../../ffi/portaudio.ts";
import {
  PaErrorCode,
  PaHostApiTypeId,
  PaSampleFormat,
  PaStreamFlags,
  paUseHostApiSpecificDeviceSpecification,
} from "../../ffi/portaudio_constants.ts";
import { writeField } from "../../ffi/struct.ts";
import { checkOptions, describeValue } from "../options.ts";
import { AlsaSettings } from "./alsa_settings.ts";
import type {
  DuplexCallback,
  InputCallback,
  OutputCallback,
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
import {
  type DeviceInfo,
  queryDevices,
  queryHostapis,
  selectDevice,
} from "./devices.ts";
import { PortAudioError } from "./errors.ts";
import { check, paSymbols } from "./library.ts";

/** PortAudio's sample format and the size of one sample, per dtype. */
export const FORMATS: Record<RawDType, { format: number; size: number }> = {
  float32: { format: PaSampleFormat.paFloat32, size: 4 },
  int32: { format: PaSampleFormat.paInt32, size: 4 },
  int24: { format: PaSampleFormat.paInt24, size: 3 },
  int16: { format: PaSampleFormat.paInt16, size: 2 },
  int8: { format: PaSampleFormat.paInt8, size: 1 },
  uint8: { format: PaSampleFormat.paUInt8, size: 1 },
};

/** A typed-array constructor of a typed stream. */
export type TypedCtor =
  | Float32ArrayConstructor
  | Int32ArrayConstructor
  | Int16ArrayConstructor
  | Int8ArrayConstructor
  | Uint8ArrayConstructor;

/** The typed-array constructor of each dtype. */
export const CTORS: Record<DType, TypedCtor> = {
  float32: Float32Array,
  int32: Int32Array,
  int16: Int16Array,
  int8: Int8Array,
  uint8: Uint8Array,
};

/** The array type a typed stream hands out for each `dtype`. */
export interface SamplesByDType {
  /** 32-bit floats, -1..1. */
  float32: Float32Array;
  /** 32-bit signed integers. */
  int32: Int32Array;
  /** 16-bit signed integers. */
  int16: Int16Array;
  /** 8-bit signed integers. */
  int8: Int8Array;
  /** 8-bit unsigned integers (silence is 128). */
  uint8: Uint8Array;
}

/** The array type of dtype `D` (`Float32Array` for `"float32"`). */
export type SamplesOf<D extends DType> = SamplesByDType[D];

/**
 * Options shared by every stream class. Unset (or `null`) options come from
 * {@linkcode defaults}. Any other key throws a `TypeError` naming the
 * nearest valid one.
 */
export interface StreamOptionsBase {
  /** Sampling rate in Hz; default: `defaults.samplerate`, else the device's default rate. */
  samplerate?: number | null;
  /** Frames per callback/buffer; 0 (default) lets the host choose, and it may vary. */
  blocksize?: number | null;
  /**
   * Callback streams only (as PortAudio, which calls it when its callback
   * thread ends; a blocking stream's end is when `stop()`/`abort()`/`close()`
   * resolves): invoked once the stream has become inactive, after stop,
   * abort or close of a running stream, CallbackStop/Abort, an exception in
   * the callback, or the loss of the device (python-sounddevice's
   * `finished_callback`). An exception it throws is kept in `callbackError`,
   * dispatched as an `"error"` event (printed to stderr when nobody listens)
   * and rejects `finished`.
   */
  finishedCallback?: (() => void) | null;
  /** Do not clip out-of-range float samples. */
  clipOff?: boolean | null;
  /** Do not dither. */
  ditherOff?: boolean | null;
  /** Duplex streams: never drop overflowed input (input-only blocks then reach the callback with a scratch `outdata`). */
  neverDropInput?: boolean | null;
  /** Fill the initial output buffers by calling the callback instead of with silence. */
  primeOutputBuffersUsingStreamCallback?: boolean | null;
  /**
   * Callback streams with output: fill `outdata` with silence (0, or 128 for
   * `uint8`) before each callback, so whatever the callback leaves unwritten
   * plays as silence (default `true`). `false` skips that fill for speed: the
   * callback must then write every sample of `outdata`, or PortAudio plays
   * whatever its buffer held. A callback that throws plays silence either way.
   */
  prefillSilence?: boolean;
}

/** What one-way streams take besides {@linkcode StreamOptionsBase}: single values, no pairs. */
export interface OneWayStreamOptions<D extends RawDType = "float32">
  extends StreamOptionsBase {
  /** Device index or name query. */
  device?: DeviceSpec | null;
  /** Channel count; default: `defaults.channels`, else the device's maximum. */
  channels?: number | null;
  /**
   * Sample type; default `defaults.dtype`, `"float32"` unless changed. The
   * callback's array type follows a literal `dtype`; without one it is typed
   * for `float32`, so give `dtype` when `defaults.dtype` was changed.
   */
  dtype?: D | null;
  /** `"low"`, `"high"` (default) or seconds. */
  latency?: Latency | null;
  /** Host-API settings such as {@linkcode AlsaSettings}. */
  extraSettings?: ExtraSettings | null;
}

/** Options of an {@linkcode InputStream}: `callback(indata, frames, time, status)`. */
export interface InputStreamOptions<D extends DType = "float32">
  extends OneWayStreamOptions<D> {
  /** Callback; without one the stream is a blocking stream (`read`). */
  callback?: InputCallback<SamplesOf<D>> | null;
}

/** Options of an {@linkcode OutputStream}: `callback(outdata, frames, time, status)`. */
export interface OutputStreamOptions<D extends DType = "float32">
  extends OneWayStreamOptions<D> {
  /** Callback; without one the stream is a blocking stream (`write`). */
  callback?: OutputCallback<SamplesOf<D>> | null;
}

/** Options of a raw one-way stream, without the callback (see the two below). */
export interface RawOneWayStreamOptions extends OneWayStreamOptions<RawDType> {
  /** Sample type, including packed 24-bit `"int24"`. */
  dtype?: RawDType | null;
}

/** Options of a `RawInputStream`: `callback(indata: Uint8Array, frames, time, status)`. */
export interface RawInputStreamOptions extends RawOneWayStreamOptions {
  /** Callback with a `Uint8Array` view of the input bytes. */
  callback?: InputCallback<Uint8Array> | null;
}

/** Options of a `RawOutputStream`: `callback(outdata: Uint8Array, frames, time, status)`. */
export interface RawOutputStreamOptions extends RawOneWayStreamOptions {
  /** Callback with a `Uint8Array` view of the output bytes. */
  callback?: OutputCallback<Uint8Array> | null;
}

/**
 * Options of a duplex {@linkcode Stream}: pair settings are one value for
 * both directions or `[input, output]`.
 */
export interface StreamOptions<I extends DType = "float32", O extends DType = I>
  extends StreamOptionsBase {
  /** Devices: an index, a name query, or `[input, output]`. */
  device?: PairInput<DeviceSpec>;
  /** Channel counts; default: `defaults.channels`, else each device's maximum. */
  channels?: PairInput<number>;
  /** Sample types: one for both or `[input, output]`; the callback's arrays follow it. */
  dtype?: I | readonly [I | null, O | null] | null;
  /** Latencies: `"low"`, `"high"` (default) or seconds. */
  latency?: PairInput<Latency>;
  /** Host-API settings such as {@linkcode AlsaSettings}. */
  extraSettings?: PairInput<ExtraSettings>;
  /** `callback(indata, outdata, frames, time, status)`; without one the stream is a blocking stream. */
  callback?: DuplexCallback<SamplesOf<I>, SamplesOf<O>> | null;
}

/** Options of a `RawStream`: like {@linkcode StreamOptions}, bytes in the callback. */
export interface RawStreamOptions
  extends Omit<StreamOptions, "dtype" | "callback"> {
  /** Sample types, including packed 24-bit `"int24"`. */
  dtype?: PairInput<RawDType>;
  /** `callback(indata, outdata, frames, time, status)` with `Uint8Array` views. */
  callback?: DuplexCallback<Uint8Array, Uint8Array> | null;
}

/** Options of `stop()`, `abort()` and `close()`. */
export interface CloseOptions {
  /** Do not throw if PortAudio reports an error (default `false`). */
  ignoreErrors?: boolean;
}

/** Every stream option, loosely typed: what the classes hand to the base. @internal */
export interface AnyStreamOptions extends StreamOptionsBase {
  device?: unknown;
  channels?: unknown;
  dtype?: unknown;
  latency?: unknown;
  extraSettings?: unknown;
  callback?: unknown;
}

/** The keys every stream class accepts. */
export const STREAM_KEYS: readonly string[] = [
  "samplerate",
  "blocksize",
  "device",
  "channels",
  "dtype",
  "latency",
  "extraSettings",
  "callback",
  "finishedCallback",
  "clipOff",
  "ditherOff",
  "neverDropInput",
  "primeOutputBuffersUsingStreamCallback",
  "prefillSilence",
];

const BOOLEAN_KEYS = [
  "clipOff",
  "ditherOff",
  "neverDropInput",
  "primeOutputBuffersUsingStreamCallback",
  "prefillSilence",
] as const;

/**
 * Checks a stream's options before anything is opened: unknown keys, pair
 * values on one-way streams, pairs that are not `[input, output]`, wrong
 * types of flags and callbacks, and `finishedCallback` without `callback`.
 *
 * @param where The class name, for messages.
 * @param options What the caller passed.
 * @param duplex Whether pair values are allowed.
 * @throws {TypeError|RangeError} Naming the option and what is allowed.
 */
export function checkStreamOptions(
  where: string,
  options: unknown,
  duplex: boolean,
): void {
  checkOptions(where, options, STREAM_KEYS);
  if (options === undefined || options === null) return;
  const o = options as Record<string, unknown>;
  for (const key of BOOLEAN_KEYS) {
    const v = o[key];
    if (v !== undefined && v !== null && typeof v !== "boolean") {
      throw new TypeError(
        `${where}: ${key} must be true or false, got ${describeValue(v)}`,
      );
    }
  }
  for (const key of ["callback", "finishedCallback"]) {
    const v = o[key];
    if (v !== undefined && v !== null && typeof v !== "function") {
      throw new TypeError(
        `${where}: ${key} must be a function, got ${describeValue(v)}`,
      );
    }
  }
  if (
    typeof o.finishedCallback === "function" && typeof o.callback !== "function"
  ) {
    throw new TypeError(
      `${where}: finishedCallback is only called for callback streams (PortAudio calls it when its callback thread ends); ` +
        `give a callback too, or, for a blocking stream, continue after stop()/abort()/close() resolves`,
    );
  }
  for (
    const key of ["device", "channels", "dtype", "latency", "extraSettings"]
  ) {
    const v = o[key];
    if (!Array.isArray(v)) continue;
    if (!duplex) {
      throw new TypeError(
        `${where}: ${key} takes one value on a one-way stream, got ${
          describeValue(v)
        }; [input, output] pairs are for Stream and RawStream`,
      );
    }
    if (v.length !== 2) {
      throw new RangeError(
        `${where}: ${key} must be one value or an [input, output] pair, got ${
          describeValue(v)
        }`,
      );
    }
  }
}

/**
 * Checks the options of `stop()`/`abort()`/`close()`.
 *
 * @param where The method, for messages (`"OutputStream.close"`).
 * @param options What the caller passed.
 * @returns Whether errors are to be ignored.
 * @throws {TypeError} For unknown keys or a non-boolean `ignoreErrors`.
 */
export function checkCloseOptions(where: string, options: unknown): boolean {
  checkOptions(where, options, ["ignoreErrors"]);
  const v = (options as CloseOptions | undefined | null)?.ignoreErrors;
  if (v !== undefined && typeof v !== "boolean") {
    throw new TypeError(
      `${where}: ignoreErrors must be true or false, got ${describeValue(v)}`,
    );
  }
  return v ?? false;
}

/** One direction of a stream, resolved. */
export interface Direction {
  device: number;
  deviceName: string;
  channels: number;
  dtype: RawDType;
  frameBytes: number;
  params: Uint8Array;
  keepAlive: unknown[];
}

/** Item `index` of a pair value (one value, `[input, output]`, or a defaults pair). */
function pick(value: unknown, index: 0 | 1): unknown {
  if (Array.isArray(value)) return value[index];
  if (
    typeof value === "object" && value !== null && "input" in value &&
    "output" in value
  ) {
    return (value as unknown as Record<0 | 1, unknown>)[index];
  }
  return value;
}

const encoder = new TextEncoder();

/** Resolves one direction of a stream against the defaults and the device. */
export function buildDirection(
  kind: "input" | "output",
  index: 0 | 1,
  options: AnyStreamOptions,
  raw: boolean,
): Direction {
  const extra = pick(options.extraSettings, index) ??
    pick(defaults.extraSettings, index);
  const alsa = extra instanceof AlsaSettings ? extra : undefined;
  if (extra && !alsa) {
    throw new TypeError(
      `extraSettings: expected an AlsaSettings object, got ${
        describeValue(extra)
      }`,
    );
  }
  let info: DeviceInfo | undefined;
  let device: number;
  if (alsa?.device) {
    device = paUseHostApiSpecificDeviceSpecification;
  } else {
    const spec = (pick(options.device, index) ??
      pick(defaults.device, index)) as DeviceSpec | null;
    device = selectDevice(spec, kind);
    info = queryDevices(device, kind);
  }
  const max = info
    ? (kind === "input" ? info.maxInputChannels : info.maxOutputChannels)
    : Infinity;
  const channels = (pick(options.channels, index) ??
    pick(defaults.channels, index) ?? (info ? max : 2)) as number;
  if (!Number.isInteger(channels) || channels < 1) {
    throw new RangeError(
      `channels: ${
        describeValue(channels)
      } is not a channel count (an integer >= 1)`,
    );
  }
  if (channels > max) {
    throw new RangeError(
      `channels: ${channels} ${kind} channels requested, but device ${device} ` +
        `(${JSON.stringify(info!.name)}) has at most ${max}`,
    );
  }
  const dtype = pick(options.dtype, index) ?? pick(defaults.dtype, index);
  assertDType(dtype, "dtype", raw);
  const latencySpec = pick(options.latency, index) ??
    pick(defaults.latency, index);
  assertLatency(latencySpec, "latency");
  let latency: number;
  if (typeof latencySpec === "number") latency = latencySpec;
  else if (!info) latency = 0;
  else if (kind === "input") {
    latency = latencySpec === "low"
      ? info.defaultLowInputLatency
      : info.defaultHighInputLatency;
  } else {
    latency = latencySpec === "low"
      ? info.defaultLowOutputLatency
      : info.defaultHighOutputLatency;
  }

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

/** The AlsaSettings among a stream's extra settings, if any. */
export function alsaSettingsOf(
  options: AnyStreamOptions,
): AlsaSettings | undefined {
  return [options.extraSettings].flat().find((e) => e instanceof AlsaSettings);
}

/** PortAudio stream flags from the options and defaults. */
export function streamFlags(o: StreamOptionsBase): number {
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

/**
 * Refuses `neverDropInput` on ALSA devices: PortAudio 19.6's buffer
 * processor aborts the whole process there (assertion `framesToProcess != 0`
 * in `PaUtil_EndBufferProcessing`), in about half the runs of a duplex
 * stream on the pulse device, from C just as from here.
 *
 * @param o The stream's options.
 * @param dirs Its resolved directions.
 * @throws {PortAudioError} `paInvalidFlag`, before the stream is opened.
 */
export function checkNeverDropInput(
  o: StreamOptionsBase,
  dirs: Direction[],
): void {
  if (!(o.neverDropInput ?? defaults.neverDropInput)) return;
  const alsa = dirs.find((d) =>
    d.device < 0 ||
    queryHostapis(queryDevices(d.device).hostapi).type === "ALSA"
  );
  if (alsa === undefined) return;
  throw new PortAudioError(
    `neverDropInput: not available on ALSA device ${
      JSON.stringify(alsa.deviceName)
    }: PortAudio's ALSA host aborts the process with it ` +
      `("PaUtil_EndBufferProcessing: Assertion framesToProcess != 0 failed"); ` +
      `leave it off (input that overflows is then dropped and flagged as inputOverflow)`,
    { code: PaErrorCode.paInvalidFlag, call: "Pa_OpenStream" },
  );
}

/** The sampling rate: given, the default, or the devices' common default rate. */
export function resolveSamplerate(
  o: StreamOptionsBase,
  dirs: Direction[],
): number {
  const given = o.samplerate ?? defaults.samplerate;
  if (given !== null && given !== undefined) {
    if (typeof given !== "number" || !Number.isFinite(given) || given <= 0) {
      throw new RangeError(
        `samplerate: ${
          describeValue(given)
        } is not a sampling rate (a number > 0, in Hz)`,
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

/** Throws a PortAudioError naming the device when PortAudio refuses the settings. */
export function isFormatSupported(
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
  const where = kind === "input" ? "checkInputSettings" : "checkOutputSettings";
  checkOptions(where, o, [
    "device",
    "channels",
    "dtype",
    "extraSettings",
    "samplerate",
  ]);
  o ??= {};
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
  }, true);
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
 * @throws {TypeError} For an unknown option.
 * @example Check a stereo 48 kHz input
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
 * @throws {TypeError} For an unknown option.
 * @example Check 16-bit output at 44.1 kHz
 * ```ts ignore
 * import { checkOutputSettings } from "@audiodev/audiodev";
 * checkOutputSettings({ dtype: "int16", samplerate: 44100 });
 * ```
 */
export function checkOutputSettings(options: CheckSettingsOptions = {}): void {
  checkSettings("output", options);
}
