/**
 * Module-wide stream defaults (python-sounddevice's `sounddevice.default`).
 *
 * As in python-sounddevice, the pair-valued settings (`device`, `channels`,
 * `dtype`, `latency`, `extraSettings`) read as an {@linkcode InputOutputPair}
 * whose items give the value in effect: what was assigned, else the factory
 * default (for `device`, PortAudio's default devices). Assigning one value
 * sets input and output, a two-element array sets each, `null` restores the
 * factory default; items can be read and assigned on their own
 * (`defaults.channels[1] = 4`, `defaults.device.input`). Every value is
 * checked when it is assigned, and assigning a name that is not a setting
 * throws a `TypeError` naming the nearest one, as Python raises
 * `AttributeError`.
 *
 * @module
 */

import { AlsaSettings } from "./alsa_settings.ts";
import { check, paSymbols } from "./library.ts";
import { checkCString, describeValue, nearestName } from "../options.ts";

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
/**
 * A value for a pair setting: one value for both, `[input, output]`, or an
 * {@linkcode InputOutputPair} (its values in effect are copied); `null` =
 * factory default.
 */
export type PairInput<T> =
  | T
  | null
  | readonly [T | null, T | null]
  | InputOutputPair<T | null>;

/** Host-API specific settings (python-sounddevice's `extra_settings`); see `AlsaSettings`. */
export interface ExtraSettings {
  /** Host API the settings belong to. */
  readonly hostApi: "ALSA";
}

/**
 * Wraps `target` so that reading or assigning a property it does not have
 * throws a `TypeError` naming the nearest one, and assigning a read-only one
 * throws too. Getters and methods run on `target` itself (its private fields
 * stay reachable).
 */
function strict<T extends object>(target: T, where: string): T {
  const names = (): string[] => {
    const out = new Set<string>();
    for (
      let o: object | null = target;
      o && o !== Object.prototype;
      o = Object.getPrototypeOf(o)
    ) {
      for (const k of Object.getOwnPropertyNames(o)) {
        if (k !== "constructor") out.add(k);
      }
    }
    return [...out];
  };
  const unknown = (prop: string): TypeError | RangeError => {
    if (/^-?\d+$/.test(prop)) {
      return new RangeError(
        `${where}[${prop}]: a pair has only items 0 (input) and 1 (output)`,
      );
    }
    const settings = names().filter((n) =>
      !/^\d+$/.test(n) && typeof descriptor(n)?.value !== "function"
    );
    const near = nearestName(prop, names());
    return new TypeError(
      `${where} has no setting ${JSON.stringify(prop)}` +
        (near ? ` (did you mean ${JSON.stringify(near)}?)` : "") +
        `; settings: ${settings.join(", ")}`,
    );
  };
  const descriptor = (prop: PropertyKey): PropertyDescriptor | undefined => {
    for (
      let o: object | null = target;
      o;
      o = Object.getPrototypeOf(o)
    ) {
      const d = Object.getOwnPropertyDescriptor(o, prop);
      if (d) return d;
    }
    return undefined;
  };
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(t, prop): unknown {
      // Probes by the language and by printers (await, JSON, inspect) pass.
      if (
        typeof prop === "string" && !(prop in t) && prop !== "then" &&
        prop !== "toJSON" && prop !== "asymmetricMatch" && prop !== "nodeType"
      ) {
        throw unknown(prop);
      }
      const value = Reflect.get(t, prop, t);
      if (typeof value !== "function" || prop === "constructor") return value;
      let b = bound.get(prop);
      if (b === undefined) {
        b = (value as (...a: unknown[]) => unknown).bind(t);
        bound.set(prop, b);
      }
      return b;
    },
    set(t, prop, value): boolean {
      const d = typeof prop === "string" ? descriptor(prop) : undefined;
      if (d === undefined) {
        if (typeof prop === "string") throw unknown(prop);
        return Reflect.set(t, prop, value, t);
      }
      if (d.set) {
        d.set.call(t, value);
        return true;
      }
      if (d.get || !d.writable || typeof d.value === "function") {
        throw new TypeError(
          `${where}.${String(prop)} is read-only`,
        );
      }
      return Reflect.set(t, prop, value, t);
    },
    defineProperty(_t, prop): never {
      throw typeof prop === "string"
        ? unknown(prop)
        : new TypeError(`${where}: properties cannot be defined`);
    },
    deleteProperty(_t, prop): never {
      throw new TypeError(
        `${where}.${
          String(prop)
        } cannot be deleted; assign null for the factory default`,
      );
    },
  });
}

/** Splits a pair-setting value into `[input, output]` (python-sounddevice's `_split`). */
function splitPair<T>(
  value: PairInput<T>,
  where: string,
): [T | null, T | null] {
  if (value instanceof InputOutputPair) return [value[0], value[1]];
  if (Array.isArray(value)) {
    if (value.length !== 2) {
      throw new RangeError(
        `${where}: only one value or an [input, output] pair is allowed, got ${
          describeValue(value)
        }`,
      );
    }
    return [value[0] as T | null, value[1] as T | null];
  }
  return [value as T | null, value as T | null];
}

/**
 * An `[input, output]` pair of a module-wide setting (python-sounddevice's
 * `_InputOutputPair`): item `0`/`input` and `1`/`output` read the value in
 * effect (what was assigned, else the factory default) and can be assigned
 * on their own; `null` restores the factory default of that direction. It
 * iterates like an array (`const [i, o] = defaults.channels`) and prints as
 * `[1, 1]`.
 *
 * @example Read and assign one direction
 * ```ts ignore
 * import { defaults } from "@audiodev/audiodev";
 * defaults.channels[1] = 4; // output only
 * console.log(defaults.channels.output, [...defaults.channels]); // 4 [null, 4]
 * console.log(defaults.device.input); // PortAudio's default input device
 * ```
 */
export class InputOutputPair<T> {
  #values: [T | null, T | null] = [null, null];
  readonly #name: string;
  readonly #fallback: (index: 0 | 1) => T;
  readonly #validate: (value: unknown, where: string) => void;

  /**
   * Creates a pair; used by {@linkcode Defaults}.
   *
   * @param name The setting, for messages (`"defaults.channels"`).
   * @param fallback The factory default of direction `index`.
   * @param validate Throws for a value the setting cannot take (never called with `null`).
   * @returns A pair that refuses unknown properties.
   * @internal
   */
  constructor(
    name: string,
    fallback: (index: 0 | 1) => T,
    validate: (value: unknown, where: string) => void,
  ) {
    this.#name = name;
    this.#fallback = fallback;
    this.#validate = validate;
    // A misspelt item (`pair.inptu = 1`, `pair[2] = 1`) must not be a silent no-op.
    return strict(this, name);
  }

  #get(index: 0 | 1): T {
    const v = this.#values[index];
    return v === null ? this.#fallback(index) : v;
  }

  #set(index: 0 | 1, value: T | null): void {
    const where = `${this.#name}[${index}]`;
    if (value === undefined) {
      throw new TypeError(
        `${where}: undefined is not a setting; assign null for the factory default`,
      );
    }
    if (value !== null) this.#validate(value, where);
    this.#values[index] = value;
  }

  /** The input value in effect. */
  get 0(): T {
    return this.#get(0);
  }
  set 0(value: T | null) {
    this.#set(0, value);
  }
  /** The output value in effect. */
  get 1(): T {
    return this.#get(1);
  }
  set 1(value: T | null) {
    this.#set(1, value);
  }
  /** The input value in effect (the same as item `0`). */
  get input(): T {
    return this.#get(0);
  }
  set input(value: T | null) {
    this.#set(0, value);
  }
  /** The output value in effect (the same as item `1`). */
  get output(): T {
    return this.#get(1);
  }
  set output(value: T | null) {
    this.#set(1, value);
  }
  /** Always 2. */
  get length(): 2 {
    return 2;
  }

  /**
   * Assigns both directions at once, checking both before either changes.
   *
   * @param value One value for both, a pair, or `null`.
   * @throws {RangeError} For an array that is not a pair.
   * @throws {TypeError} For a value the setting cannot take.
   * @internal
   */
  assign(value: PairInput<T>): void {
    const [i, o] = splitPair(value, this.#name);
    for (const [k, v] of [[0, i], [1, o]] as const) {
      if (v === undefined) {
        throw new TypeError(
          `${this.#name}[${k}]: undefined is not a setting; assign null for the factory default`,
        );
      }
      if (v !== null) this.#validate(v, this.#name);
    }
    this.#values = [i, o];
  }

  /**
   * The input and output values in effect.
   *
   * @returns An iterator over `[input, output]`.
   */
  *[Symbol.iterator](): IterableIterator<T> {
    yield this.#get(0);
    yield this.#get(1);
  }

  /**
   * The values in effect as a plain array.
   *
   * @returns `[input, output]`.
   */
  toJSON(): [T, T] {
    return [this.#get(0), this.#get(1)];
  }

  /**
   * Prints like Python's repr of the pair: `[1, 1]`, `['float32', 'float32']`
   * becomes `["float32", "float32"]`.
   *
   * @returns The text.
   */
  toString(): string {
    const show = (v: unknown): string =>
      v === null
        ? "null"
        : typeof v === "string"
        ? JSON.stringify(v)
        : typeof v === "object"
        ? (v as object).constructor?.name ?? "an object"
        : String(v);
    return `[${show(this.#get(0))}, ${show(this.#get(1))}]`;
  }

  /** `console.log` shows {@linkcode toString}. @internal */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

function checkDevice(d: unknown, where: string): void {
  if (typeof d === "string") {
    checkCString(where, d);
    if (d.trim() === "") {
      throw new TypeError(
        `${where}: an empty name query matches every device; give a device name, an index, or null`,
      );
    }
    return;
  }
  if (typeof d !== "number") {
    throw new TypeError(
      `${where}: expected a device index, a name query or null, got ${
        describeValue(d)
      }`,
    );
  }
  if (!Number.isInteger(d) || d < -1) {
    throw new RangeError(
      `${where}: ${d} is not a device index (an integer >= 0)`,
    );
  }
}

function checkChannels(c: unknown, where: string): void {
  if (typeof c !== "number") {
    throw new TypeError(
      `${where}: expected a channel count or null, got ${describeValue(c)}`,
    );
  }
  if (!Number.isInteger(c) || c < 1) {
    throw new RangeError(
      `${where}: ${c} is not a channel count (an integer >= 1)`,
    );
  }
}

function checkExtraSettings(e: unknown, where: string): void {
  if (e instanceof AlsaSettings) return;
  throw new TypeError(
    `${where}: expected an AlsaSettings object or null, got ${
      describeValue(e)
    }`,
  );
}

/**
 * The module-wide defaults used whenever a stream option is not given
 * (python-sounddevice's `default`). Use the shared instance
 * {@linkcode defaults}.
 *
 * @example Set defaults once
 * ```ts ignore
 * import { defaults } from "@audiodev/audiodev";
 * defaults.samplerate = 48000;
 * defaults.channels = [1, 2];
 * defaults.channels[1] = 4; // output only
 * console.log([...defaults.channels]); // [1, 4]
 * console.log(defaults.device.output); // PortAudio's default output device
 * defaults.sampleRate = 44100; // TypeError: ... (did you mean "samplerate"?)
 * defaults.reset();
 * ```
 */
export class Defaults {
  #device!: InputOutputPair<DeviceSpec>;
  #channels!: InputOutputPair<number | null>;
  #dtype!: InputOutputPair<RawDType>;
  #latency!: InputOutputPair<Latency>;
  #extraSettings!: InputOutputPair<ExtraSettings | null>;
  #samplerate: number | null = null;
  #blocksize = 0;
  #clipOff = false;
  #ditherOff = false;
  #neverDropInput = false;
  #prime = false;

  /**
   * Creates a set of factory defaults. The package uses one shared
   * instance, {@linkcode defaults}.
   *
   * @returns Defaults that refuse unknown settings.
   */
  constructor() {
    this.#pairs();
    return strict(this, "defaults");
  }

  #pairs(): void {
    const pa = (index: 0 | 1): number => {
      const p = paSymbols();
      return index === 0
        ? p.Pa_GetDefaultInputDevice()
        : p.Pa_GetDefaultOutputDevice();
    };
    this.#device = new InputOutputPair<DeviceSpec>(
      "defaults.device",
      pa,
      checkDevice,
    );
    this.#channels = new InputOutputPair<number | null>(
      "defaults.channels",
      () => null,
      checkChannels,
    );
    this.#dtype = new InputOutputPair<RawDType>(
      "defaults.dtype",
      () => "float32",
      (d, where) => assertDType(d, where, true),
    );
    this.#latency = new InputOutputPair<Latency>(
      "defaults.latency",
      () => "high",
      assertLatency,
    );
    this.#extraSettings = new InputOutputPair<ExtraSettings | null>(
      "defaults.extraSettings",
      () => null,
      checkExtraSettings,
    );
  }

  /**
   * Default devices `[input, output]`, by index or name query. Unset
   * directions read as PortAudio's default device (`-1` when there is none).
   * Assign an index, a name query, a pair, or `null`.
   */
  get device(): InputOutputPair<DeviceSpec> {
    return this.#device;
  }
  set device(value: PairInput<DeviceSpec>) {
    this.#device.assign(value);
  }

  /** Default channel counts `[input, output]`; `null` = the device's maximum. */
  get channels(): InputOutputPair<number | null> {
    return this.#channels;
  }
  set channels(value: PairInput<number>) {
    this.#channels.assign(value);
  }

  /** Default sample types `[input, output]`; factory default `"float32"`. */
  get dtype(): InputOutputPair<RawDType> {
    return this.#dtype;
  }
  set dtype(value: PairInput<RawDType>) {
    this.#dtype.assign(value);
  }

  /** Default latencies `[input, output]`; factory default `"high"`. */
  get latency(): InputOutputPair<Latency> {
    return this.#latency;
  }
  set latency(value: PairInput<Latency>) {
    this.#latency.assign(value);
  }

  /** Default host-API specific settings `[input, output]` ({@linkcode AlsaSettings}). */
  get extraSettings(): InputOutputPair<ExtraSettings | null> {
    return this.#extraSettings;
  }
  set extraSettings(value: PairInput<ExtraSettings>) {
    this.#extraSettings.assign(value);
  }

  /** Sampling rate in Hz; `null` = the device's default sample rate. */
  get samplerate(): number | null {
    return this.#samplerate;
  }
  set samplerate(value: number | null) {
    if (
      value !== null &&
      (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
    ) {
      throw new TypeError(
        `defaults.samplerate: expected a sampling rate in Hz (a number > 0) or null, got ${
          describeValue(value)
        }`,
      );
    }
    this.#samplerate = value;
  }

  /** Frames per buffer; 0 = host-chosen (may vary between callbacks). */
  get blocksize(): number {
    return this.#blocksize;
  }
  set blocksize(value: number) {
    if (
      typeof value !== "number" || !Number.isInteger(value) || value < 0 ||
      value > 2 ** 24
    ) {
      throw new TypeError(
        `defaults.blocksize: expected an integer from 0 (host-chosen) to 2^24, got ${
          describeValue(value)
        }`,
      );
    }
    this.#blocksize = value;
  }

  /** Disable clipping of out-of-range float samples. */
  get clipOff(): boolean {
    return this.#clipOff;
  }
  set clipOff(value: boolean) {
    this.#clipOff = checkBoolean(value, "defaults.clipOff");
  }

  /** Disable dithering. */
  get ditherOff(): boolean {
    return this.#ditherOff;
  }
  set ditherOff(value: boolean) {
    this.#ditherOff = checkBoolean(value, "defaults.ditherOff");
  }

  /** Full-duplex streams: never drop overflowed input, call back with `outdata` null instead. */
  get neverDropInput(): boolean {
    return this.#neverDropInput;
  }
  set neverDropInput(value: boolean) {
    this.#neverDropInput = checkBoolean(value, "defaults.neverDropInput");
  }

  /** Fill the initial output buffers by calling the callback instead of with silence. */
  get primeOutputBuffersUsingStreamCallback(): boolean {
    return this.#prime;
  }
  set primeOutputBuffersUsingStreamCallback(value: boolean) {
    this.#prime = checkBoolean(
      value,
      "defaults.primeOutputBuffersUsingStreamCallback",
    );
  }

  /**
   * Index of the default host API (read-only), as PortAudio reports it.
   *
   * @throws {PortAudioError} When PortAudio has no host API.
   */
  get hostapi(): number {
    return check(paSymbols().Pa_GetDefaultHostApi(), "Pa_GetDefaultHostApi");
  }

  /**
   * Every setting in effect, one per line.
   *
   * @returns The text, e.g. `device: [1, 1]` ... `hostapi: 0`.
   */
  toString(): string {
    const lines: string[] = [];
    const show = (v: unknown): string => {
      try {
        return v instanceof InputOutputPair ? v.toString() : JSON.stringify(v);
      } catch (e) {
        return `(${(e as Error).message})`; // e.g. PortAudio cannot be loaded
      }
    };
    for (
      const k of [
        "device",
        "channels",
        "dtype",
        "latency",
        "extraSettings",
        "samplerate",
        "blocksize",
        "clipOff",
        "ditherOff",
        "neverDropInput",
        "primeOutputBuffersUsingStreamCallback",
      ] as const
    ) {
      lines.push(`${k}: ${show(this[k])}`);
    }
    let hostapi: string;
    try {
      hostapi = String(this.hostapi);
    } catch (e) {
      hostapi = `(${(e as Error).message})`;
    }
    lines.push(`hostapi: ${hostapi}`);
    return lines.join("\n");
  }

  /** `console.log(defaults)` shows {@linkcode toString}. @internal */
  [Symbol.for("Deno.customInspect")](): string {
    return `Defaults {\n  ${this.toString().replaceAll("\n", "\n  ")}\n}`;
  }

  /**
   * Restores every setting to its factory default. As in python-sounddevice,
   * the pair settings get new pair objects; a pair read before keeps its
   * values.
   *
   * @example Reset
   * ```ts ignore
   * import { defaults } from "@audiodev/audiodev";
   * defaults.blocksize = 256;
   * defaults.reset();
   * console.assert(defaults.blocksize === 0);
   * ```
   */
  reset(): void {
    this.#pairs();
    this.#samplerate = null;
    this.#blocksize = 0;
    this.#clipOff = false;
    this.#ditherOff = false;
    this.#neverDropInput = false;
    this.#prime = false;
  }
}

function checkBoolean(value: unknown, where: string): boolean {
  if (typeof value !== "boolean") {
    throw new TypeError(
      `${where}: expected true or false, got ${describeValue(value)}`,
    );
  }
  return value;
}

/**
 * The module-wide defaults (python-sounddevice's `sounddevice.default`).
 *
 * @example Port `sd.default.device = 'pulse'; sd.default.channels = 1, 2`
 * ```ts ignore
 * import { defaults } from "@audiodev/audiodev";
 * defaults.device = "pulse";
 * defaults.channels = [1, 2];
 * console.log(String(defaults.device), String(defaults.channels)); // ["pulse", "pulse"] [1, 2]
 * ```
 */
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
    `${option}: unsupported sample type ${describeValue(d)}; use one of ${
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
      describeValue(l)
    } is not a latency; use "low", "high" or seconds >= 0`,
  );
}
