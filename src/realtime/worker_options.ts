/**
 * The checks of a `WorkerStream`'s options (internal), made in its
 * constructor before a worker starts: every mistake the worker's stream
 * would find later throws here, as a `TypeError` or `RangeError` naming
 * `WorkerStream`, the option and what is allowed. The checks of the
 * main-isolate stream classes are reused where they apply.
 *
 * @module
 */

import type { RingDType } from "./ringbuffer.ts";
import type { WorkerStreamKind } from "./messages.ts";
import { REALTIME_KEYS, realtimeRequest } from "./thread_priority.ts";
import type { RealtimeOptions } from "./thread_priority.ts";
import { checkOptions, describeValue } from "../options.ts";
import { assertDType, assertLatency } from "../portaudio/defaults.ts";
import {
  AlsaSettings,
  type AlsaSettingsOptions,
} from "../portaudio/alsa_settings.ts";
import {
  checkStreamOptions,
  resolveSamplerate,
  STREAM_KEYS,
} from "../portaudio/stream_options.ts";

/** The options `WorkerStream` takes itself. */
export const WORKER_OPTION_KEYS = [
  "module",
  "kind",
  "samplerate",
  "blocksize",
  "device",
  "channels",
  "dtype",
  "latency",
  "extra",
  "ringFrames",
  "workerData",
  "realtime",
] as const;

/**
 * Stream options `extra` may carry: those of the stream classes that cross
 * to a worker (functions do not; `WorkerStream` sets the callbacks itself)
 * and that `WorkerStream` does not take under its own name.
 */
const EXTRA_KEYS = STREAM_KEYS.filter((k) =>
  k !== "callback" && k !== "finishedCallback" &&
  !(WORKER_OPTION_KEYS as readonly string[]).includes(k)
);

/** Bytes per sample of each ring type. */
export const RING_BYTES: Record<RingDType, number> = {
  float32: 4,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
};

/** Largest ring: 2^24 frames (about 6 minutes at 48 kHz). */
const MAX_RING_FRAMES = 2 ** 24;
/** Largest ring in bytes (what `SharedRingBuffer` allows). */
const MAX_RING_BYTES = 2 ** 30;

/** The options of a `WorkerStream`, checked and resolved. */
export interface CheckedWorkerOptions {
  kind: WorkerStreamKind;
  blocksize: number;
  inCh: number;
  outCh: number;
  inType: RingDType;
  outType: RingDType;
  ringFrames: number;
  /** The module's URL, absolute (absent: pass-through callback). */
  module: string | undefined;
  realtime: ReturnType<typeof realtimeRequest>;
  /** What the worker's stream class is opened with. */
  streamOptions: Record<string, unknown>;
}

const WHERE = "WorkerStream";

/** Runs a main-isolate check, putting `WorkerStream: ` before its message. */
function named(check: () => void): void {
  try {
    check();
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) {
      const Cls = e instanceof RangeError ? RangeError : TypeError;
      throw new Cls(
        e.message.startsWith(WHERE) ? e.message : `${WHERE}: ${e.message}`,
        { cause: e.cause },
      );
    }
    throw e;
  }
}

function pairOf(v: unknown, i: 0 | 1): unknown {
  return Array.isArray(v) ? v[i] : v;
}

function checkKind(kind: unknown): WorkerStreamKind {
  if (kind === "output" || kind === "input" || kind === "duplex") return kind;
  throw new TypeError(
    `${WHERE}: kind must be "output", "input" or "duplex", got ${
      describeValue(kind)
    }`,
  );
}

function checkInteger(
  option: string,
  value: unknown,
  min: number,
  max: number,
  what: string,
): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `${WHERE}: ${option} must be ${what}, got ${describeValue(value)}`,
    );
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `${WHERE}: ${option} must be ${what}, got ${describeValue(value)}`,
    );
  }
  return value;
}

/** A channel count (or one of a pair), checked as the stream classes do. */
function checkChannels(value: unknown, option: string): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `${WHERE}: ${option}: ${
        describeValue(value)
      } is not a channel count (an integer >= 1)`,
    );
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(
      `${WHERE}: ${option}: ${
        describeValue(value)
      } is not a channel count (an integer >= 1)`,
    );
  }
  return value;
}

function checkDevice(value: unknown, option: string): void {
  if (
    value === undefined || value === null || typeof value === "string" ||
    (typeof value === "number" && Number.isInteger(value) && value >= 0)
  ) {
    if (typeof value === "string" && value.includes("\0")) {
      throw new TypeError(
        `${WHERE}: ${option} contains a NUL byte: ${describeValue(value)}`,
      );
    }
    return;
  }
  throw new TypeError(
    `${WHERE}: ${option} must be a device index (an integer >= 0), a name query or null, got ${
      describeValue(value)
    }`,
  );
}

/**
 * The module as an absolute URL string. A `file:` module is looked up now
 * (when reading is permitted) so that a typo fails here, naming the path.
 */
function checkModule(module: unknown): string | undefined {
  if (module === undefined || module === null) return undefined;
  let url: URL;
  if (module instanceof URL) url = module;
  else if (typeof module === "string") {
    if (module.includes("\0")) {
      throw new TypeError(
        `${WHERE}: module contains a NUL byte: ${describeValue(module)}`,
      );
    }
    try {
      url = new URL(module);
    } catch {
      throw new TypeError(
        `${WHERE}: module must be a URL or an absolute URL string ` +
          `(e.g. new URL("./dsp_worker.ts", import.meta.url)), got ${
            describeValue(module)
          }`,
      );
    }
  } else {
    throw new TypeError(
      `${WHERE}: module must be a URL or an absolute URL string ` +
        `(e.g. new URL("./dsp_worker.ts", import.meta.url)), got ${
          describeValue(module)
        }`,
    );
  }
  if (url.protocol === "file:") {
    let stat: Deno.FileInfo | undefined;
    try {
      stat = Deno.statSync(url);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) {
        throw new TypeError(
          `${WHERE}: module ${url.href} does not exist (the worker module must be a file holding the callback)`,
        );
      }
      // not permitted to look: the worker reports what it finds
    }
    if (stat !== undefined && !stat.isFile) {
      throw new TypeError(
        `${WHERE}: module ${url.href} is not a file (the worker module must be a file holding the callback)`,
      );
    }
  }
  return url.href;
}

/**
 * `extra.extraSettings` as data a worker can receive: an `AlsaSettings`
 * object loses its class on the way, so its fields go instead and the
 * worker builds it again (see {@linkcode settingsFromWorkerData}).
 */
function extraSettingsData(value: unknown): unknown {
  const one = (v: unknown, where: string): unknown => {
    if (v === undefined || v === null) return null;
    if (v instanceof AlsaSettings) {
      const alsa: AlsaSettingsOptions = {
        realtimeScheduling: v.realtimeScheduling,
      };
      if (v.device !== undefined) alsa.device = v.device;
      if (v.numPeriods !== undefined) alsa.numPeriods = v.numPeriods;
      return { alsa };
    }
    throw new TypeError(
      `${WHERE}: ${where} must be an AlsaSettings object or null, got ${
        describeValue(v)
      }`,
    );
  };
  return Array.isArray(value)
    ? [
      one(value[0], "extra.extraSettings[0]"),
      one(value[1], "extra.extraSettings[1]"),
    ]
    : one(value, "extra.extraSettings");
}

/**
 * Builds the `extraSettings` a worker received (see `extraSettingsData`)
 * into `AlsaSettings` objects again.
 *
 * @param data What `checkWorkerOptions` put in the stream options.
 * @returns The settings, as the stream classes take them.
 */
export function settingsFromWorkerData(data: unknown): unknown {
  const one = (v: unknown): AlsaSettings | null => {
    const alsa = (v as { alsa?: AlsaSettingsOptions } | null)?.alsa;
    return alsa === undefined ? null : new AlsaSettings(alsa);
  };
  return Array.isArray(data) ? [one(data[0]), one(data[1])] : one(data);
}

/** `realtime`, its field types checked before the shared check runs. */
function checkRealtime(value: unknown): ReturnType<typeof realtimeRequest> {
  if (
    value !== undefined && typeof value !== "boolean" &&
    (typeof value !== "object" || value === null || Array.isArray(value))
  ) {
    throw new TypeError(
      `${WHERE}: realtime must be true, false or { policy, priority, required, cpu }, got ${
        describeValue(value)
      }`,
    );
  }
  if (typeof value === "object") {
    checkOptions(`${WHERE}: realtime`, value, REALTIME_KEYS);
    const o = value as Record<string, unknown>;
    const wrong = (key: string, what: string): TypeError =>
      new TypeError(
        `${WHERE}: realtime.${key} must be ${what}, got ${
          describeValue(o[key])
        }`,
      );
    if (o.policy !== undefined && typeof o.policy !== "string") {
      throw wrong("policy", `"fifo" or "rr"`);
    }
    if (o.priority !== undefined && typeof o.priority !== "number") {
      throw wrong("priority", "an integer from 1 to 99");
    }
    if (o.required !== undefined && typeof o.required !== "boolean") {
      throw wrong("required", "true or false");
    }
    if (
      o.cpu !== undefined && o.cpu !== null && o.cpu !== "current" &&
      o.cpu !== "auto" && typeof o.cpu !== "number"
    ) {
      throw wrong("cpu", `a CPU number, "current", "auto" or null`);
    }
  }
  let request: ReturnType<typeof realtimeRequest> = null;
  named(() => {
    request = realtimeRequest(value as boolean | RealtimeOptions | undefined);
  });
  return request;
}

/**
 * Checks the options of a `WorkerStream` and resolves them.
 *
 * @param options What the caller passed.
 * @returns The checked options.
 * @throws {TypeError} For an unknown option or a value of the wrong type,
 *   naming `WorkerStream`, the option and what is allowed.
 * @throws {RangeError} For a value out of range.
 */
export function checkWorkerOptions(options: unknown): CheckedWorkerOptions {
  checkOptions(WHERE, options, WORKER_OPTION_KEYS);
  const proto = options === undefined || options === null
    ? null
    : Object.getPrototypeOf(options);
  if (proto !== null && proto !== Object.prototype) {
    throw new TypeError(
      `${WHERE}: options must be a plain object of named settings ({ samplerate, channels, ... }), got ${
        describeValue(options)
      }`,
    );
  }
  const o = (options ?? {}) as Record<string, unknown>;
  const kind = checkKind(o.kind ?? "output");
  const duplex = kind === "duplex";

  const extra = o.extra ?? {};
  if (typeof extra !== "object" || Array.isArray(extra)) {
    throw new TypeError(
      `${WHERE}: extra must be an object of further stream options (${
        EXTRA_KEYS.join(", ")
      }), got ${describeValue(extra)}`,
    );
  }
  checkOptions(`${WHERE}: extra`, extra, EXTRA_KEYS);
  const own: Record<string, unknown> = {};
  for (const key of ["samplerate", "blocksize", "device", "latency"]) {
    if (o[key] !== undefined) own[key] = o[key];
  }
  // Pairs are for duplex streams; the flags must be booleans.
  named(() =>
    checkStreamOptions(WHERE, {
      ...extra,
      ...own,
      channels: o.channels,
      dtype: o.dtype,
    }, duplex)
  );

  const blocksize = o.blocksize ?? 0;
  if (
    typeof blocksize !== "number" || !Number.isInteger(blocksize) ||
    blocksize < 0 || blocksize > MAX_RING_FRAMES
  ) {
    const Cls = typeof blocksize === "number" ? RangeError : TypeError;
    throw new Cls(
      `${WHERE}: blocksize: ${
        describeValue(blocksize)
      } is not a block size (an integer from 0 to ${MAX_RING_FRAMES}; 0 lets the host choose)`,
    );
  }
  if (o.samplerate !== undefined && o.samplerate !== null) {
    if (typeof o.samplerate !== "number") {
      throw new TypeError(
        `${WHERE}: samplerate: ${
          describeValue(o.samplerate)
        } is not a sampling rate (a number > 0, in Hz)`,
      );
    }
    named(() => resolveSamplerate({ samplerate: o.samplerate as number }, []));
  }
  const sides: (0 | 1)[] = kind === "duplex"
    ? [0, 1]
    : kind === "input"
    ? [0]
    : [1];
  const name = (option: string, i: 0 | 1): string =>
    duplex ? `${option}[${i}]` : option;
  for (const i of sides) {
    checkDevice(pairOf(o.device, i), name("device", i));
    const latency = pairOf(o.latency, i);
    if (latency !== undefined && latency !== null) {
      named(() => assertLatency(latency, name("latency", i)));
    }
  }
  const channel = (i: 0 | 1): number =>
    checkChannels(pairOf(o.channels, i) ?? 1, name("channels", i));
  const dtype = (i: 0 | 1): RingDType => {
    const d = pairOf(o.dtype, i) ?? "float32";
    named(() => assertDType(d, name("dtype", i), false));
    return d as RingDType;
  };
  const inCh = kind === "output" ? 1 : channel(0);
  const outCh = kind === "input" ? 1 : channel(1);
  const inType = kind === "output" ? "float32" : dtype(0);
  const outType = kind === "input" ? "float32" : dtype(1);

  const ringFrames = o.ringFrames === undefined
    ? Math.max(8192, 4 * blocksize)
    : checkInteger(
      "ringFrames",
      o.ringFrames,
      1,
      MAX_RING_FRAMES,
      `a number of frames, an integer from 1 to ${MAX_RING_FRAMES}`,
    );
  if (blocksize > 0 && ringFrames < blocksize) {
    throw new RangeError(
      `${WHERE}: ringFrames (${ringFrames}) must hold at least one block of blocksize ${blocksize} frames`,
    );
  }
  let capacity = 1;
  while (capacity < ringFrames) capacity *= 2;
  for (const i of sides) {
    const ch = i === 0 ? inCh : outCh;
    const bytes = capacity * ch * RING_BYTES[i === 0 ? inType : outType];
    if (bytes > MAX_RING_BYTES) {
      throw new RangeError(
        `${WHERE}: a ring of ringFrames ${capacity} x ${ch} channels of ${
          i === 0 ? inType : outType
        } takes ${bytes} bytes, more than ${MAX_RING_BYTES}; give fewer ringFrames or channels`,
      );
    }
  }

  const module = checkModule(o.module);
  const realtime = checkRealtime(o.realtime);

  const streamOptions: Record<string, unknown> = { ...extra, ...own };
  if ("extraSettings" in extra) {
    streamOptions.extraSettings = extraSettingsData(
      (extra as { extraSettings?: unknown }).extraSettings,
    );
  }
  if (!blocksize) delete streamOptions.blocksize;
  streamOptions.channels = duplex
    ? [inCh, outCh]
    : kind === "input"
    ? inCh
    : outCh;
  streamOptions.dtype = duplex
    ? [inType, outType]
    : kind === "input"
    ? inType
    : outType;
  return {
    kind,
    blocksize,
    inCh,
    outCh,
    inType,
    outType,
    ringFrames,
    module,
    realtime,
    streamOptions,
  };
}
