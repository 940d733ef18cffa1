/**
 * Module-wide stream defaults (python-sounddevice's `sounddevice.default`).
 *
 * Pair-valued settings follow python-sounddevice: assigning one value sets
 * input and output, assigning a two-element array sets each, and `null`
 * restores the factory default for that direction.
 *
 * @module
 */

/** A device given by index or by a name query (space-separated substrings). */
export type DeviceSpec = number | string;
/** Sample types of typed streams. */
export type DType = "float32" | "int32" | "int16" | "int8" | "uint8";
/** Sample types of raw streams (adds packed 24-bit). */
export type RawDType = DType | "int24";
/** A latency: `"low"`, `"high"`, or seconds. */
export type Latency = "low" | "high" | number;
/** Input/output pair, `[input, output]`. */
export type Pair<T> = readonly [input: T, output: T];
/** A value for a pair setting: one value for both, or `[input, output]`; `null` = factory default. */
export type PairInput<T> = T | null | readonly [T | null, T | null];

/** Host-API specific settings (python-sounddevice's `extra_settings`); see `AlsaSettings`. */
export interface ExtraSettings {
  /** Host API the settings belong to. */
  readonly hostApi: "ALSA";
}

function splitPair<T>(value: PairInput<T>): [T | null, T | null] {
  if (Array.isArray(value)) {
    if (value.length !== 2) {
      throw new RangeError(
        `Expected one value or an [input, output] pair, got ${value.length} values`,
      );
    }
    return [value[0] as T | null, value[1] as T | null];
  }
  return [value as T | null, value as T | null];
}

/**
 * The module-wide defaults used whenever a stream option is not given.
 *
 * @example Set defaults once
 * ```ts
 * import { defaults } from "@audiodev/audiodev";
 * defaults.samplerate = 48000;
 * defaults.channels = 2;
 * defaults.device = ["pulse", null]; // input by name, output: PortAudio's default
 * console.log(defaults.channels); // [2, 2]
 * defaults.reset();
 * ```
 */
export class Defaults {
  #device: [DeviceSpec | null, DeviceSpec | null] = [null, null];
  #channels: [number | null, number | null] = [null, null];
  #dtype: [RawDType | null, RawDType | null] = [null, null];
  #latency: [Latency | null, Latency | null] = [null, null];
  #extraSettings: [ExtraSettings | null, ExtraSettings | null] = [null, null];
  /** Sampling rate in Hz; `null` = the device's default sample rate. */
  samplerate: number | null = null;
  /** Frames per buffer; 0 = host-chosen (may vary between callbacks). */
  blocksize = 0;
  /** Disable clipping of out-of-range float samples. */
  clipOff = false;
  /** Disable dithering. */
  ditherOff = false;
  /** Full-duplex streams: never drop overflowed input, call back with `outdata` null instead. */
  neverDropInput = false;
  /** Fill the initial output buffers by calling the callback instead of with silence. */
  primeOutputBuffersUsingStreamCallback = false;

  /**
   * Default devices `[input, output]`; `null` means PortAudio's default device.
   * Assign an index, a name query, a pair, or `null`.
   */
  get device(): Pair<DeviceSpec | null> {
    return [this.#device[0], this.#device[1]];
  }
  set device(value: PairInput<DeviceSpec>) {
    const [i, o] = splitPair(value);
    for (const d of [i, o]) {
      if (d !== null && typeof d !== "number" && typeof d !== "string") {
        throw new TypeError(
          `defaults.device: expected a device index, a name or null, got ${typeof d}`,
        );
      }
      if (typeof d === "number" && (!Number.isInteger(d) || d < -1)) {
        throw new RangeError(
          `defaults.device: ${d} is not a device index (an integer >= 0)`,
        );
      }
    }
    this.#device = [i, o];
  }

  /** Default channel counts `[input, output]`; `null` = the device's maximum. */
  get channels(): Pair<number | null> {
    return [this.#channels[0], this.#channels[1]];
  }
  set channels(value: PairInput<number>) {
    const [i, o] = splitPair(value);
    for (const c of [i, o]) {
      if (c !== null && (!Number.isInteger(c) || c < 1)) {
        throw new RangeError(
          `defaults.channels: ${c} is not a channel count (an integer >= 1)`,
        );
      }
    }
    this.#channels = [i, o];
  }

  /** Default sample types `[input, output]`; factory default `"float32"`. */
  get dtype(): Pair<RawDType> {
    return [this.#dtype[0] ?? "float32", this.#dtype[1] ?? "float32"];
  }
  set dtype(value: PairInput<RawDType>) {
    const [i, o] = splitPair(value);
    for (const d of [i, o]) {
      if (d !== null) assertDType(d, "defaults.dtype", true);
    }
    this.#dtype = [i, o];
  }

  /** Default latencies `[input, output]`; factory default `"high"`. */
  get latency(): Pair<Latency> {
    return [this.#latency[0] ?? "high", this.#latency[1] ?? "high"];
  }
  set latency(value: PairInput<Latency>) {
    const [i, o] = splitPair(value);
    for (const l of [i, o]) {
      if (l !== null) assertLatency(l, "defaults.latency");
    }
    this.#latency = [i, o];
  }

  /** Default host-API specific settings `[input, output]`. */
  get extraSettings(): Pair<ExtraSettings | null> {
    return [this.#extraSettings[0], this.#extraSettings[1]];
  }
  set extraSettings(value: PairInput<ExtraSettings>) {
    this.#extraSettings = splitPair(value);
  }

  /**
   * Restores every setting to its factory default.
   *
   * @example
   * ```ts
   * import { defaults } from "@audiodev/audiodev";
   * defaults.blocksize = 256;
   * defaults.reset();
   * console.assert(defaults.blocksize === 0);
   * ```
   */
  reset(): void {
    this.#device = [null, null];
    this.#channels = [null, null];
    this.#dtype = [null, null];
    this.#latency = [null, null];
    this.#extraSettings = [null, null];
    this.samplerate = null;
    this.blocksize = 0;
    this.clipOff = false;
    this.ditherOff = false;
    this.neverDropInput = false;
    this.primeOutputBuffersUsingStreamCallback = false;
  }
}

/** The module-wide defaults (python-sounddevice's `sounddevice.default`). */
export const defaults: Defaults = new Defaults();

const DTYPES: readonly string[] = [
  "float32",
  "int32",
  "int16",
  "int8",
  "uint8",
];

/**
 * Throws unless `d` is a supported sample type.
 *
 * @param d Candidate.
 * @param option Option name for the message.
 * @param raw Whether `"int24"` is allowed.
 * @throws {TypeError} For anything else.
 */
export function assertDType(
  d: unknown,
  option: string,
  raw: boolean,
): asserts d is RawDType {
  if (typeof d === "string" && (DTYPES.includes(d) || (raw && d === "int24"))) {
    return;
  }
  const allowed = raw ? [...DTYPES, "int24"] : DTYPES;
  throw new TypeError(
    `${option}: unsupported sample type ${JSON.stringify(d)}; use one of ${
      allowed.join(", ")
    }` +
      (!raw && d === "int24" ? ' ("int24" is for raw streams only)' : ""),
  );
}

/**
 * Throws unless `l` is `"low"`, `"high"` or a non-negative number of seconds.
 *
 * @param l Candidate.
 * @param option Option name for the message.
 * @throws {TypeError} For anything else.
 */
export function assertLatency(
  l: unknown,
  option: string,
): asserts l is Latency {
  if (l === "low" || l === "high") return;
  if (typeof l === "number" && Number.isFinite(l) && l >= 0) return;
  throw new TypeError(
    `${option}: ${
      JSON.stringify(l)
    } is not a latency; use "low", "high" or seconds >= 0`,
  );
}
