/**
 * The arguments of `new PCM(...)` and of the PCM's setters: pyalsaaudio
 * 0.11's positional and keyword forms, checked before ALSA is called.
 *
 * @module
 */

import { checkCString, checkOptions, describeValue } from "../options.ts";
import { AlsaRangeError, AlsaTypeError } from "./errors.ts";
import {
  PCM_ASYNC,
  PCM_FORMAT_S16_LE,
  PCM_FORMATS,
  PCM_NONBLOCK,
  PCM_NORMAL,
  PCM_PLAYBACK,
  type PcmFormatName,
  type PcmMode,
  pcmModeValue,
  type PcmType,
  pcmTypeValue,
} from "./constants.ts";

/** Options of the {@linkcode PCM} constructor (pyalsaaudio's keyword arguments). */
export interface PCMOptions {
  /**
   * `"playback"` (default) or `"capture"`, or `PCM_PLAYBACK` / `PCM_CAPTURE`
   * (`null`: the default, as Python's `None`).
   */
  type?: PcmType | null;
  /**
   * `"normal"` (default, blocking) or `"nonblock"`, or `PCM_NORMAL` /
   * `PCM_NONBLOCK` / `PCM_ASYNC` (accepted as pyalsaaudio does; it behaves
   * like normal mode here, no SIGIO is used).
   */
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
  /** Card index 0-31: opens `hw:<cardindex>` and ignores `device` (default -1: unused). */
  cardindex?: number;
  /**
   * Deprecated since pyalsaaudio 0.8 (use `device`): opens
   * `default:CARD=<card>`, with a deprecation note on stderr, as
   * pyalsaaudio warns.
   */
  card?: string;
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

/** The checked constructor arguments. */
export interface PcmRequest {
  type: number;
  mode: number;
  rate: number;
  channels: number;
  format: number;
  periodsize: number;
  periods: number;
  device: string;
  startThreshold?: number | "buffer";
  availMin?: number;
}

const OPTION_KEYS = [
  "type",
  "mode",
  "rate",
  "channels",
  "format",
  "periodsize",
  "periods",
  "device",
  "cardindex",
  "card",
  "startThreshold",
  "availMin",
] as const;

/** pyalsaaudio 0.11's documented positional order. */
const DOC_ORDER = [
  "type",
  "mode",
  "rate",
  "channels",
  "format",
  "periodsize",
  "periods",
  "device",
  "cardindex",
] as const;

/** The order of pyalsaaudio 0.11's C keyword list (a string third argument). */
const C_ORDER = [
  "type",
  "mode",
  "device",
  "cardindex",
  "card",
  "rate",
  "channels",
  "format",
  "periodsize",
  "periods",
] as const;

const FORMAT_NAMES = new Map<number, string>(
  Object.entries(PCM_FORMATS).map(([k, v]) => [v, k]),
);

let cardNoted = false;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) &&
    !ArrayBuffer.isView(v);
}

/**
 * Turns the constructor's arguments into options: `()`, `(options)`,
 * `(type, mode, options)`, or positional arguments in pyalsaaudio 0.11's
 * documented order `(type, mode, rate, channels, format, periodsize,
 * periods, device, cardindex)` (a string third argument follows the C
 * module's keyword order `(type, mode, device, cardindex, card, rate, ...)`),
 * optionally followed by an options object for the rest.
 */
function collect(args: readonly unknown[]): Record<string, unknown> {
  if (args.length === 0) return {};
  if (args.length === 1 && (args[0] === undefined || isPlainObject(args[0]))) {
    checkOptions("PCM", args[0], OPTION_KEYS);
    return { ...(args[0] as Record<string, unknown> | undefined) };
  }
  if (isPlainObject(args[0])) {
    throw new TypeError(
      `PCM: an options object must be the only argument, got ${args.length} arguments`,
    );
  }
  let positional = [...args];
  let keywords: Record<string, unknown> = {};
  const last = positional[positional.length - 1];
  if (isPlainObject(last)) {
    checkOptions("PCM", last, OPTION_KEYS);
    keywords = last;
    positional = positional.slice(0, -1);
  }
  const order = typeof positional[2] === "string" ? C_ORDER : DOC_ORDER;
  if (positional.length > order.length) {
    throw new TypeError(
      `PCM: takes at most ${order.length} positional arguments (${
        order.join(", ")
      }), got ${positional.length}`,
    );
  }
  const out: Record<string, unknown> = {};
  positional.forEach((v, i) => {
    if (v !== undefined) out[order[i]] = v;
  });
  for (const [k, v] of Object.entries(keywords)) {
    if (k in out) {
      throw new TypeError(
        `PCM: ${k} given twice, as positional argument ${
          order.indexOf(k as never) + 1
        } and as an option`,
      );
    }
    out[k] = v;
  }
  return out;
}

/**
 * Checks a whole number for a C `int`/`unsigned` parameter.
 *
 * @param where The function and argument, for the message.
 * @param v What the caller passed.
 * @param min The smallest allowed value.
 * @returns `v`.
 * @throws {TypeError} When `v` is not a number.
 * @throws {RangeError} When it is not an integer from `min` to 2^31-1.
 */
export function checkInt(where: string, v: unknown, min = 1): number {
  if (typeof v !== "number") {
    throw new TypeError(
      `${where} must be an integer, got ${describeValue(v)}`,
    );
  }
  if (!Number.isInteger(v) || v < min || v > 0x7fffffff) {
    throw new RangeError(
      min === 1
        ? `${where}: ${describeValue(v)} is not a positive integer`
        : `${where}: ${
          describeValue(v)
        } is not an integer from ${min} to 2147483647`,
    );
  }
  return v === 0 ? 0 : v; // -0 is 0 (an FFI integer argument refuses -0)
}

/**
 * A direction, as pyalsaaudio's `get_pcmtype` (which raises ALSAAudioError).
 *
 * @param where The function, for the message.
 * @param type What the caller passed.
 * @returns `PCM_PLAYBACK` or `PCM_CAPTURE`.
 * @throws {AlsaTypeError} For anything else (also an AlsaError).
 */
export function checkPcmType(where: string, type: unknown): number {
  try {
    return pcmTypeValue(type as PcmType);
  } catch {
    const Err = typeof type === "number" ? AlsaRangeError : AlsaTypeError;
    throw new Err(
      `${where}: PCM type must be PCM_PLAYBACK (0), PCM_CAPTURE (1), "playback" or "capture", got ${
        describeValue(type)
      }`,
      { call: where },
    );
  }
}

function checkMode(type: unknown): number {
  try {
    return pcmModeValue(type as PcmMode);
  } catch {
    const Err = typeof type === "number" ? AlsaRangeError : AlsaTypeError;
    throw new Err(
      `PCM: invalid PCM mode ${
        describeValue(type)
      }; use PCM_NORMAL (0), PCM_NONBLOCK (1), PCM_ASYNC (2), "normal" or "nonblock"`,
      { call: "PCM" },
    );
  }
}

/**
 * Resolves a format given by value or name.
 *
 * @param format A `PCM_FORMAT_*` value or a name like `"S16_LE"`.
 * @returns The value.
 * @throws {TypeError} For an unknown format.
 */
export function formatValue(format: unknown): number {
  if (typeof format === "number" && FORMAT_NAMES.has(format)) return format;
  if (typeof format === "string") {
    const name = format.toUpperCase().replace(/^(SND_)?PCM_FORMAT_/, "");
    if (name in PCM_FORMATS) return PCM_FORMATS[name as PcmFormatName];
  }
  throw new TypeError(
    `format: unknown sample format ${
      describeValue(format)
    }; use a PCM_FORMAT_* constant or one of ${
      Object.keys(PCM_FORMATS).join(", ")
    }`,
  );
}

/**
 * A format's name for messages.
 *
 * @param format A `PCM_FORMAT_*` value.
 * @returns e.g. `"S16_LE"`.
 */
export function formatName(format: number): string {
  return FORMAT_NAMES.get(format) ?? String(format);
}

/**
 * Checks and completes the constructor's arguments (every form the
 * constructor accepts), before ALSA is called.
 *
 * @param args The constructor's arguments.
 * @returns The request.
 * @throws {TypeError|RangeError} Naming the bad argument.
 * @throws {AlsaTypeError|AlsaRangeError} Where pyalsaaudio raises ALSAAudioError.
 */
export function parsePcmArgs(args: readonly unknown[]): PcmRequest {
  const o = collect(args);
  // None is playback in pyalsaaudio (get_pcmtype); null is its spelling here
  const type = o.type === undefined || o.type === null
    ? PCM_PLAYBACK
    : checkPcmType("PCM", o.type);
  const mode = o.mode === undefined ? PCM_NORMAL : checkMode(o.mode);
  const rate = o.rate === undefined ? 44100 : checkInt("rate", o.rate);
  const channels = o.channels === undefined
    ? 2
    : checkInt("channels", o.channels);
  const format = formatValue(o.format ?? PCM_FORMAT_S16_LE);
  const periodsize = o.periodsize === undefined
    ? 32
    : checkInt("periodsize", o.periodsize);
  const periods = o.periods === undefined ? 4 : checkInt("periods", o.periods);
  let device = o.device === undefined
    ? "default"
    : checkCString("PCM(device)", o.device);
  if (device === "") {
    throw new TypeError(
      `PCM(device) must be an ALSA PCM name such as "default", got ""`,
    );
  }
  const cardindex = o.cardindex === undefined
    ? -1
    : checkInt("cardindex", o.cardindex, -0x80000000);
  if (cardindex >= 32) {
    throw new AlsaRangeError(
      `PCM: invalid card number ${cardindex}; cards are numbered 0 to 31 (see cardIndexes())`,
      { call: "PCM" },
    );
  }
  if (cardindex >= 0) {
    device = `hw:${cardindex}`;
  } else if (o.card !== undefined) {
    const card = checkCString("PCM(card)", o.card);
    device = `default:CARD=${card}`;
    if (!cardNoted) {
      cardNoted = true;
      // pyalsaaudio raises a DeprecationWarning here; say it the same way.
      Deno.stderr.writeSync(
        new TextEncoder().encode(
          `DeprecationWarning: PCM: the card option is deprecated, use device instead (opening ${
            JSON.stringify(device)
          })\n`,
        ),
      );
    }
  }
  const startThreshold = o.startThreshold;
  if (
    startThreshold !== undefined && startThreshold !== "buffer" &&
    typeof startThreshold !== "number"
  ) {
    throw new TypeError(
      `startThreshold must be a number of frames or "buffer", got ${
        describeValue(startThreshold)
      }`,
    );
  }
  const availMin = o.availMin;
  if (availMin !== undefined && typeof availMin !== "number") {
    throw new TypeError(
      `availMin must be a number of frames, got ${describeValue(availMin)}`,
    );
  }
  return {
    type,
    mode,
    rate,
    channels,
    format,
    periodsize,
    periods,
    device,
    startThreshold: startThreshold as number | "buffer" | undefined,
    availMin: availMin as number | undefined,
  };
}

/**
 * The mode's name as pyalsaaudio's `info()` gives it.
 *
 * @param mode `PCM_NORMAL`, `PCM_NONBLOCK` or `PCM_ASYNC`.
 * @returns e.g. `"PCM_NONBLOCK"`.
 */
export function modeName(mode: number): string {
  return mode === PCM_NONBLOCK
    ? "PCM_NONBLOCK"
    : mode === PCM_ASYNC
    ? "PCM_ASYNC"
    : "PCM_NORMAL";
}
