/**
 * Device and host-API queries and device selection, at python-sounddevice
 * parity (`query_devices`, `query_hostapis`, `DeviceList`).
 *
 * @module
 */

import { PaDeviceInfo, PaHostApiInfo } from "../../ffi/portaudio.ts";
import { readField } from "../../ffi/struct.ts";
import { hostApiTypeName } from "./errors.ts";
import { check, paSymbols } from "./library.ts";
import { defaults, type DeviceSpec } from "./defaults.ts";
import { checkCString, describeValue } from "../options.ts";

/** Direction of a device query. */
export type DeviceKind = "input" | "output";

/** Information about one device (python-sounddevice's device dict). */
export interface DeviceInfo {
  /** Device name as PortAudio reports it. */
  readonly name: string;
  /** Device index (the ID used to open streams). */
  readonly index: number;
  /** Index of the device's host API; see {@linkcode queryHostapis}. */
  readonly hostapi: number;
  /** Maximum number of input channels (0 for output-only devices). */
  readonly maxInputChannels: number;
  /** Maximum number of output channels (0 for input-only devices). */
  readonly maxOutputChannels: number;
  /** Default input latency in seconds for interactive use (`latency: "low"`). */
  readonly defaultLowInputLatency: number;
  /** Default output latency in seconds for interactive use (`latency: "low"`). */
  readonly defaultLowOutputLatency: number;
  /** Default input latency in seconds for robust use (`latency: "high"`). */
  readonly defaultHighInputLatency: number;
  /** Default output latency in seconds for robust use (`latency: "high"`). */
  readonly defaultHighOutputLatency: number;
  /** The device's default sample rate in Hz. */
  readonly defaultSamplerate: number;
}

/** Information about one host API (python-sounddevice's host API dict). */
export interface HostApiInfo {
  /** Host API name, e.g. `"ALSA"`. */
  readonly name: string;
  /** Host API index. */
  readonly index: number;
  /** Type name from `PaHostApiTypeId`, e.g. `"ALSA"`, `"JACK"`, `"OSS"`. */
  readonly type: string;
  /** Indexes of the devices that belong to this host API. */
  readonly devices: readonly number[];
  /** Default input device of this host API, or -1. */
  readonly defaultInputDevice: number;
  /** Default output device of this host API, or -1. */
  readonly defaultOutputDevice: number;
}

/**
 * Why a device could not be selected.
 *
 * @example
 * ```ts ignore
 * import { DeviceSelectionError, queryDevices } from "@audiodev/audiodev";
 * try {
 *   queryDevices("no such device");
 * } catch (e) {
 *   if (e instanceof DeviceSelectionError) console.log(e.reason, e.matches);
 * }
 * ```
 */
export class DeviceSelectionError extends Error {
  /** `"no-match"`, `"multiple-matches"`, `"out-of-range"` or `"wrong-kind"`. */
  readonly reason:
    | "no-match"
    | "multiple-matches"
    | "out-of-range"
    | "wrong-kind";
  /** For `"multiple-matches"`: the matching devices as `[index, "name, host API"]`. */
  readonly matches: readonly (readonly [number, string])[];

  /**
   * Creates the error.
   *
   * @param message Text.
   * @param reason Machine-readable reason.
   * @param matches Matching devices, if several.
   */
  constructor(
    message: string,
    reason: DeviceSelectionError["reason"],
    matches: readonly (readonly [number, string])[] = [],
  ) {
    super(message);
    this.name = "DeviceSelectionError";
    this.reason = reason;
    this.matches = matches;
  }
}

function cString(p: Deno.PointerValue): string {
  return p === null ? "" : Deno.UnsafePointerView.getCString(p);
}

function readDevice(index: number): DeviceInfo {
  const pa = paSymbols();
  const p = pa.Pa_GetDeviceInfo(index);
  if (p === null) {
    throw new DeviceSelectionError(
      `Device index ${index} is out of range (there are ${pa.Pa_GetDeviceCount()} devices)`,
      "out-of-range",
    );
  }
  const v = new Deno.UnsafePointerView(p);
  const f = (
    k: Parameters<typeof readField<keyof typeof PaDeviceInfo.offsets>>[2],
  ) => readField(v, PaDeviceInfo, k);
  return {
    name: cString(f("name") as Deno.PointerValue),
    index,
    hostapi: f("hostApi") as number,
    maxInputChannels: f("maxInputChannels") as number,
    maxOutputChannels: f("maxOutputChannels") as number,
    defaultLowInputLatency: f("defaultLowInputLatency") as number,
    defaultLowOutputLatency: f("defaultLowOutputLatency") as number,
    defaultHighInputLatency: f("defaultHighInputLatency") as number,
    defaultHighOutputLatency: f("defaultHighOutputLatency") as number,
    defaultSamplerate: f("defaultSampleRate") as number,
  };
}

function readHostApi(index: number): HostApiInfo {
  const pa = paSymbols();
  const p = pa.Pa_GetHostApiInfo(index);
  if (p === null) {
    throw new RangeError(
      `Host API index ${index} is out of range (there are ${pa.Pa_GetHostApiCount()} host APIs)`,
    );
  }
  const v = new Deno.UnsafePointerView(p);
  const count = readField(v, PaHostApiInfo, "deviceCount") as number;
  const devices: number[] = [];
  for (let i = 0; i < count; i++) {
    devices.push(
      check(
        pa.Pa_HostApiDeviceIndexToDeviceIndex(index, i),
        "Pa_HostApiDeviceIndexToDeviceIndex",
      ),
    );
  }
  return {
    name: cString(readField(v, PaHostApiInfo, "name") as Deno.PointerValue),
    index,
    type: hostApiTypeName(readField(v, PaHostApiInfo, "type") as number),
    devices,
    defaultInputDevice: readField(
      v,
      PaHostApiInfo,
      "defaultInputDevice",
    ) as number,
    defaultOutputDevice: readField(
      v,
      PaHostApiInfo,
      "defaultOutputDevice",
    ) as number,
  };
}

/**
 * Returns information about one host API, or all of them.
 *
 * @param index A host API index; omit for all.
 * @returns One {@linkcode HostApiInfo}, or an array of them.
 * @throws {RangeError} When `index` is out of range.
 * @throws {TypeError} When `index` is not an integer.
 * @example
 * ```ts ignore
 * import { queryHostapis } from "@audiodev/audiodev";
 * for (const h of queryHostapis()) console.log(h.name, h.devices.length);
 * ```
 */
/** Returns information about every host API. */
export function queryHostapis(): HostApiInfo[];
/** Returns information about the host API `index`. */
export function queryHostapis(index: number): HostApiInfo;
export function queryHostapis(index?: number): HostApiInfo | HostApiInfo[] {
  const pa = paSymbols();
  if (index !== undefined) {
    if (typeof index !== "number" || !Number.isInteger(index)) {
      throw new TypeError(
        `queryHostapis(index) must be an integer, got ${describeValue(index)}`,
      );
    }
    const count = check(pa.Pa_GetHostApiCount(), "Pa_GetHostApiCount");
    if (index < 0 || index >= count) {
      throw new RangeError(
        `queryHostapis(index): host API index ${index} is out of range; valid indexes are 0 to ${
          count - 1
        }`,
      );
    }
    return readHostApi(index);
  }
  const n = check(pa.Pa_GetHostApiCount(), "Pa_GetHostApiCount");
  return Array.from({ length: n }, (_, i) => readHostApi(i));
}

/**
 * Index of the default host API (python-sounddevice's `default.hostapi`).
 *
 * @returns The index.
 * @example
 * ```ts ignore
 * import { defaultHostapi, queryHostapis } from "@audiodev/audiodev";
 * console.log(queryHostapis(defaultHostapi()).name);
 * ```
 */
export function defaultHostapi(): number {
  return check(paSymbols().Pa_GetDefaultHostApi(), "Pa_GetDefaultHostApi");
}

/**
 * The devices PortAudio reports, as an array of {@linkcode DeviceInfo} whose
 * `toString()` prints like `python3 -m sounddevice`.
 */
export class DeviceList extends Array<DeviceInfo> {
  /**
   * One line per device: a marker (`>` default input, `<` default output,
   * `*` both), the index, the name, the host API name and the channel counts.
   *
   * @returns The table.
   * @example
   * ```ts ignore
   * import { queryDevices } from "@audiodev/audiodev";
   * console.log(queryDevices().toString());
   * // * 1 default, ALSA (32 in, 32 out)
   * ```
   */
  override toString(): string {
    const idev = defaultDeviceIndex("input");
    const odev = defaultDeviceIndex("output");
    const digits = String(Math.max(this.length - 1, 0)).length;
    const hostapiNames = queryHostapis().map((h) => h.name);
    return this.map((d) => {
      const mark = [
        " ",
        ">",
        "<",
        "*",
      ][(d.index === idev ? 1 : 0) + (d.index === odev ? 2 : 0)];
      const idx = String(d.index).padStart(digits);
      return `${mark} ${idx} ${d.name}, ${
        hostapiNames[d.hostapi]
      } (${d.maxInputChannels} in, ${d.maxOutputChannels} out)`;
    }).join("\n");
  }

  /** Node's `util.inspect` / Deno's `console.log` show the table. @internal */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** Array methods (map, filter, ...) return plain arrays. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

function checkKind(kind: unknown, where: string, optional: boolean): void {
  if (kind === "input" || kind === "output") return;
  if (optional && kind === undefined) return;
  throw new TypeError(
    `${where}: kind must be "input" or "output"${
      optional ? " (or omitted)" : ""
    }, got ${describeValue(kind)}`,
  );
}

/**
 * The device index used when no device is given for `kind`: `defaults.device`
 * if set (resolved by name if it is a query), else PortAudio's default.
 *
 * @param kind `"input"` or `"output"`.
 * @returns A device index, or -1 when there is no default (or the name
 *   query in `defaults.device` matches no single device).
 * @throws {DeviceSelectionError} When `defaults.device` holds a number that
 *   is no device index (python-sounddevice fails when such a default is used).
 * @example The default output device
 * ```ts ignore
 * import { defaultDeviceIndex } from "@audiodev/audiodev";
 * console.log(defaultDeviceIndex("output")); // 1 on a PulseAudio machine
 * ```
 */
export function defaultDeviceIndex(kind: DeviceKind): number {
  checkKind(kind, "defaultDeviceIndex", false);
  const pa = paSymbols();
  const d = defaults.device[kind === "input" ? 0 : 1];
  if (d === -1) {
    return kind === "input"
      ? pa.Pa_GetDefaultInputDevice()
      : pa.Pa_GetDefaultOutputDevice();
  }
  if (typeof d === "number") {
    const count = check(pa.Pa_GetDeviceCount(), "Pa_GetDeviceCount");
    if (!Number.isInteger(d) || d < 0 || d >= count) {
      throw new DeviceSelectionError(
        `defaults.device (${kind}) is ${
          describeValue(d)
        }: not a device index (0 to ${
          count - 1
        }, or -1 for PortAudio's default)`,
        "out-of-range",
      );
    }
    return d === 0 ? 0 : d; // -0 is 0 (FFI integers refuse -0)
  }
  try {
    return selectDevice(d, kind);
  } catch {
    return -1;
  }
}

/**
 * Resolves a device given by index or by name query to a device index.
 *
 * A query is a case-insensitive, space-separated list of substrings that
 * must appear in that order in `"<device name>, <host API name>"`; only
 * devices with channels of the wanted `kind` are considered. When several
 * devices match, a single exact match wins: the whole query equal
 * (ignoring case) to the device name or to `"<device name>, <host API
 * name>"` (python-sounddevice 0.4.4+: `"mic, alsa"` picks "Mic" on "ALSA"
 * over "Mic" on "ALSA Loopback").
 *
 * @param device Index, query, or `null`/`undefined` for the default device.
 * @param kind Restrict to input or output devices; omit for either.
 * @returns The device index.
 * @throws {DeviceSelectionError} No match, several matches (listed), an index
 *   out of range, or a device without channels of `kind`.
 * @throws {TypeError} For a `kind` other than `"input"`/`"output"`, or a
 *   device that is neither an index nor a string (or a string with NUL).
 * @example Pick a device by name
 * ```ts ignore
 * import { selectDevice } from "@audiodev/audiodev";
 * const index = selectDevice("pulse", "output");
 * ```
 */
export function selectDevice(
  device: DeviceSpec | null | undefined,
  kind?: DeviceKind,
): number {
  checkKind(kind, "selectDevice", true);
  const pa = paSymbols();
  // -1 is PortAudio's paNoDevice: what defaults.device reads as when
  // PortAudio has no default device of a kind.
  if (device === null || device === undefined || device === -1) {
    if (!kind) {
      const [i, o] = [
        defaultDeviceIndex("input"),
        defaultDeviceIndex("output"),
      ];
      if (i !== o && i >= 0 && o >= 0) {
        throw new DeviceSelectionError(
          `Input and output default devices differ (${i} and ${o}); say which kind you want`,
          "multiple-matches",
        );
      }
      return i >= 0 ? i : o;
    }
    const idx = defaultDeviceIndex(kind);
    if (idx < 0) {
      throw new DeviceSelectionError(`No default ${kind} device`, "no-match");
    }
    return idx;
  }
  const count = check(pa.Pa_GetDeviceCount(), "Pa_GetDeviceCount");
  if (typeof device === "number") {
    if (!Number.isInteger(device) || device < 0 || device >= count) {
      throw new DeviceSelectionError(
        `Device index ${device} is out of range; valid indexes are 0 to ${
          count - 1
        }`,
        "out-of-range",
      );
    }
    return device === 0 ? 0 : device; // -0 is 0 (FFI integers refuse -0)
  }
  if (typeof device !== "string") {
    throw new TypeError(
      `device must be an index or a name query, got ${describeValue(device)}`,
    );
  }
  checkCString("device", device);
  const hostapiNames = queryHostapis().map((h) => h.name);
  const candidates: DeviceCandidate[] = [];
  for (let i = 0; i < count; i++) {
    const info = readDevice(i);
    if (kind === "input" && info.maxInputChannels <= 0) continue;
    if (kind === "output" && info.maxOutputChannels <= 0) continue;
    candidates.push({
      index: i,
      name: info.name,
      hostapiName: hostapiNames[info.hostapi],
    });
  }
  return matchDeviceQuery(device, candidates, kind);
}

/** A device as seen by {@linkcode matchDeviceQuery}. */
export interface DeviceCandidate {
  /** Device index. */
  readonly index: number;
  /** Device name. */
  readonly name: string;
  /** Name of the device's host API. */
  readonly hostapiName: string;
}

/**
 * The name-query rule of {@linkcode selectDevice}, on an explicit candidate
 * list: case-insensitive, space-separated substrings found in order in
 * `"<name>, <host API>"`; among several matches, a single one whose name or
 * whole `"<name>, <host API>"` equals the query (ignoring case) wins.
 *
 * @param query The query string.
 * @param candidates Devices to search (already restricted to one kind).
 * @param kind Only used in error messages.
 * @returns The matching device index.
 * @throws {DeviceSelectionError} No match, or several matches and no single exact one.
 * @throws {TypeError} When `query` is not a string (or has a NUL byte),
 *   `candidates` is not an array of candidates, or `kind` is unknown.
 * @example
 * ```ts
 * import { matchDeviceQuery } from "@audiodev/audiodev";
 * const devices = [
 *   { index: 0, name: "USB Mic", hostapiName: "ALSA" },
 *   { index: 1, name: "default", hostapiName: "ALSA" },
 * ];
 * console.assert(matchDeviceQuery("usb alsa", devices) === 0);
 * // the whole "name, host API" matches exactly: "Mic" on "ALSA" wins
 * const mics = [
 *   { index: 0, name: "Mic", hostapiName: "ALSA Loopback" },
 *   { index: 1, name: "Mic", hostapiName: "ALSA" },
 * ];
 * console.assert(matchDeviceQuery("mic, alsa", mics) === 1);
 * ```
 */
export function matchDeviceQuery(
  query: string,
  candidates: readonly DeviceCandidate[],
  kind?: DeviceKind,
): number {
  checkCString("matchDeviceQuery(query)", query);
  if (!Array.isArray(candidates)) {
    throw new TypeError(
      `matchDeviceQuery(candidates) must be an array of { index, name, hostapiName }, got ${
        describeValue(candidates)
      }`,
    );
  }
  candidates.forEach((c: unknown, i) => {
    const d = c as Partial<DeviceCandidate> | null;
    if (
      typeof d !== "object" || d === null || typeof d.name !== "string" ||
      typeof d.hostapiName !== "string" || typeof d.index !== "number"
    ) {
      throw new TypeError(
        `matchDeviceQuery(candidates): element ${i} must be { index: number, name: string, hostapiName: string }, got ${
          describeValue(c)
        }`,
      );
    }
  });
  if (kind !== undefined && kind !== "input" && kind !== "output") {
    throw new TypeError(
      `matchDeviceQuery(kind) must be "input" or "output", got ${
        describeValue(kind)
      }`,
    );
  }
  const lowerQuery = query.toLowerCase();
  const parts = lowerQuery.split(/\s+/).filter((s) => s.length > 0);
  const matches: [number, string][] = [];
  const exact: number[] = [];
  for (const c of candidates) {
    const full = `${c.name}, ${c.hostapiName}`;
    const lower = full.toLowerCase();
    let pos = 0;
    let ok = true;
    for (const part of parts) {
      const at = lower.indexOf(part, pos);
      if (at < 0) {
        ok = false;
        break;
      }
      pos = at + part.length;
    }
    if (!ok) continue;
    matches.push([c.index, full]);
    if (c.name.toLowerCase() === lowerQuery || lower === lowerQuery) {
      exact.push(c.index);
    }
  }
  const what = kind ?? "input/output";
  if (matches.length === 0) {
    throw new DeviceSelectionError(
      `No ${what} device matching ${
        JSON.stringify(query)
      }; see queryDevices() for the list`,
      "no-match",
    );
  }
  if (matches.length > 1) {
    if (exact.length === 1) return exact[0];
    throw new DeviceSelectionError(
      `Multiple ${what} devices found for ${JSON.stringify(query)}:\n` +
        matches.map(([i, n]) => `[${i}] ${n}`).join("\n"),
      "multiple-matches",
      matches,
    );
  }
  return matches[0][0];
}

/**
 * Returns information about devices.
 *
 * - `queryDevices()`: every device, as a {@linkcode DeviceList}.
 * - `queryDevices(device)`: one device, by index or name query.
 * - `queryDevices(device, kind)` / `queryDevices(undefined, kind)`: one device
 *   of that kind (the default one when `device` is omitted).
 *
 * @param device Index or name query.
 * @param kind `"input"` or `"output"`.
 * @returns A list, or one device's info.
 * @throws {DeviceSelectionError} When the device cannot be found, or has no
 *   channels of `kind`.
 * @example List devices like `python3 -m sounddevice`
 * ```ts ignore
 * import { queryDevices } from "@audiodev/audiodev";
 * console.log(queryDevices().toString());
 * console.log(queryDevices(undefined, "output").name);
 * ```
 */
export function queryDevices(): DeviceList;
/**
 * Returns one device, by index or name query, optionally of one kind.
 *
 * @param device Index or name query.
 * @param kind `"input"` or `"output"`.
 * @returns The device's info.
 * @throws {DeviceSelectionError} When the device cannot be found, or has no channels of `kind`.
 */
export function queryDevices(device: DeviceSpec, kind?: DeviceKind): DeviceInfo;
/**
 * Returns the default device of `kind` (`defaults.device`, else PortAudio's default).
 *
 * @param device `undefined` or `null`.
 * @param kind `"input"` or `"output"`.
 * @returns The device's info.
 * @throws {DeviceSelectionError} When there is no default device of `kind`.
 */
export function queryDevices(
  device: undefined | null,
  kind: DeviceKind,
): DeviceInfo;
export function queryDevices(
  device?: DeviceSpec | null,
  kind?: DeviceKind,
): DeviceList | DeviceInfo {
  if (kind !== undefined && kind !== "input" && kind !== "output") {
    throw new TypeError(
      `queryDevices(kind) must be "input" or "output", got ${
        describeValue(kind)
      }`,
    );
  }
  const pa = paSymbols();
  if ((device === undefined || device === null) && kind === undefined) {
    const n = check(pa.Pa_GetDeviceCount(), "Pa_GetDeviceCount");
    const list = new DeviceList();
    for (let i = 0; i < n; i++) list.push(readDevice(i));
    return list;
  }
  const index = selectDevice(device, kind);
  const info = readDevice(index);
  if (
    kind &&
    (kind === "input" ? info.maxInputChannels : info.maxOutputChannels) <= 0
  ) {
    throw new DeviceSelectionError(
      `Not an ${kind} device: ${JSON.stringify(info.name)}`,
      "wrong-kind",
    );
  }
  return info;
}
