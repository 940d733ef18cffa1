/**
 * pyalsaaudio's constants (`alsaaudio.PCM_PLAYBACK`, `PCM_FORMAT_S16_LE`, ...)
 * with their ALSA values, and the string names our API also accepts.
 *
 * @module
 */

import { SND_PCM_FORMAT, SND_PCM_STATE } from "../../ffi/alsa_constants.ts";

/** Playback PCM (`alsaaudio.PCM_PLAYBACK`). */
export const PCM_PLAYBACK = 0;
/** Capture PCM (`alsaaudio.PCM_CAPTURE`). */
export const PCM_CAPTURE = 1;
/** Blocking mode (`alsaaudio.PCM_NORMAL`). */
export const PCM_NORMAL = 0;
/** Non-blocking mode (`alsaaudio.PCM_NONBLOCK`). */
export const PCM_NONBLOCK = 1;
/** Asynchronous mode (`alsaaudio.PCM_ASYNC`; accepted, behaves like normal here). */
export const PCM_ASYNC = 2;

/** Direction: a string name or `PCM_PLAYBACK` / `PCM_CAPTURE`. */
export type PcmType =
  | "playback"
  | "capture"
  | typeof PCM_PLAYBACK
  | typeof PCM_CAPTURE;
/** Mode: a string name or `PCM_NORMAL` / `PCM_NONBLOCK`. */
export type PcmMode =
  | "normal"
  | "nonblock"
  | typeof PCM_NORMAL
  | typeof PCM_NONBLOCK
  | typeof PCM_ASYNC;

/**
 * Numeric value of a direction.
 *
 * @param type Name or constant.
 * @returns `PCM_PLAYBACK` or `PCM_CAPTURE`.
 * @throws {TypeError} For anything else.
 */
export function pcmTypeValue(type: PcmType): number {
  if (type === "playback" || type === PCM_PLAYBACK) return PCM_PLAYBACK;
  if (type === "capture" || type === PCM_CAPTURE) return PCM_CAPTURE;
  throw new TypeError(
    `type must be "playback", "capture", PCM_PLAYBACK (0) or PCM_CAPTURE (1), got ${
      JSON.stringify(type)
    }`,
  );
}

/**
 * Numeric value of a mode.
 *
 * @param mode Name or constant.
 * @returns `PCM_NORMAL`, `PCM_NONBLOCK` or `PCM_ASYNC`.
 * @throws {TypeError} For anything else.
 */
export function pcmModeValue(mode: PcmMode): number {
  if (mode === "normal" || mode === PCM_NORMAL) return PCM_NORMAL;
  if (mode === "nonblock" || mode === PCM_NONBLOCK) return PCM_NONBLOCK;
  if (mode === PCM_ASYNC) return PCM_ASYNC;
  throw new TypeError(
    `mode must be "normal", "nonblock", PCM_NORMAL (0) or PCM_NONBLOCK (1), got ${
      JSON.stringify(mode)
    }`,
  );
}

/** Sample format names accepted as `format` (ALSA spelling without `SND_PCM_FORMAT_`). */
export type PcmFormatName =
  | "S8"
  | "U8"
  | "S16_LE"
  | "S16_BE"
  | "U16_LE"
  | "U16_BE"
  | "S24_LE"
  | "S24_BE"
  | "U24_LE"
  | "U24_BE"
  | "S32_LE"
  | "S32_BE"
  | "U32_LE"
  | "U32_BE"
  | "FLOAT_LE"
  | "FLOAT_BE"
  | "FLOAT64_LE"
  | "FLOAT64_BE"
  | "MU_LAW"
  | "A_LAW"
  | "IMA_ADPCM"
  | "MPEG"
  | "GSM"
  | "S24_3LE"
  | "S24_3BE"
  | "U24_3LE"
  | "U24_3BE"
  | "DSD_U8"
  | "DSD_U16_LE"
  | "DSD_U32_LE"
  | "DSD_U32_BE";

/** Every format by name, with its ALSA value. */
export const PCM_FORMATS: Readonly<Record<PcmFormatName, number>> = Object
  .fromEntries(
    Object.entries(SND_PCM_FORMAT).map((
      [k, v],
    ) => [k.slice("SND_PCM_FORMAT_".length), v]),
  ) as Record<PcmFormatName, number>;

/** Signed 8 bit. */
export const PCM_FORMAT_S8 = 0;
/** Unsigned 8 bit. */
export const PCM_FORMAT_U8 = 1;
/** Signed 16 bit, little endian. */
export const PCM_FORMAT_S16_LE = 2;
/** Signed 16 bit, big endian. */
export const PCM_FORMAT_S16_BE = 3;
/** Unsigned 16 bit, little endian. */
export const PCM_FORMAT_U16_LE = 4;
/** Unsigned 16 bit, big endian. */
export const PCM_FORMAT_U16_BE = 5;
/** Signed 24 bit in 4 bytes, little endian. */
export const PCM_FORMAT_S24_LE = 6;
/** Signed 24 bit in 4 bytes, big endian. */
export const PCM_FORMAT_S24_BE = 7;
/** Unsigned 24 bit in 4 bytes, little endian. */
export const PCM_FORMAT_U24_LE = 8;
/** Unsigned 24 bit in 4 bytes, big endian. */
export const PCM_FORMAT_U24_BE = 9;
/** Signed 32 bit, little endian. */
export const PCM_FORMAT_S32_LE = 10;
/** Signed 32 bit, big endian. */
export const PCM_FORMAT_S32_BE = 11;
/** Unsigned 32 bit, little endian. */
export const PCM_FORMAT_U32_LE = 12;
/** Unsigned 32 bit, big endian. */
export const PCM_FORMAT_U32_BE = 13;
/** 32 bit float, little endian. */
export const PCM_FORMAT_FLOAT_LE = 14;
/** 32 bit float, big endian. */
export const PCM_FORMAT_FLOAT_BE = 15;
/** 64 bit float, little endian. */
export const PCM_FORMAT_FLOAT64_LE = 16;
/** 64 bit float, big endian. */
export const PCM_FORMAT_FLOAT64_BE = 17;
/** μ-law. */
export const PCM_FORMAT_MU_LAW = 20;
/** A-law. */
export const PCM_FORMAT_A_LAW = 21;
/** IMA ADPCM. */
export const PCM_FORMAT_IMA_ADPCM = 22;
/** MPEG. */
export const PCM_FORMAT_MPEG = 23;
/** GSM. */
export const PCM_FORMAT_GSM = 24;
/** Signed 24 bit in 3 bytes, little endian. */
export const PCM_FORMAT_S24_3LE = 32;
/** Signed 24 bit in 3 bytes, big endian. */
export const PCM_FORMAT_S24_3BE = 33;
/** Unsigned 24 bit in 3 bytes, little endian. */
export const PCM_FORMAT_U24_3LE = 34;
/** Unsigned 24 bit in 3 bytes, big endian. */
export const PCM_FORMAT_U24_3BE = 35;
/** DSD, 8 bit. */
export const PCM_FORMAT_DSD_U8 = 48;
/** DSD, 16 bit little endian. */
export const PCM_FORMAT_DSD_U16_LE = 49;
/** DSD, 32 bit little endian. */
export const PCM_FORMAT_DSD_U32_LE = 50;
/** DSD, 32 bit big endian. */
export const PCM_FORMAT_DSD_U32_BE = 52;

/** State: open. */
export const PCM_STATE_OPEN: number = SND_PCM_STATE.SND_PCM_STATE_OPEN;
/** State: set up (after drop or drain). */
export const PCM_STATE_SETUP: number = SND_PCM_STATE.SND_PCM_STATE_SETUP;
/** State: prepared (after construction). */
export const PCM_STATE_PREPARED: number = SND_PCM_STATE.SND_PCM_STATE_PREPARED;
/** State: running. */
export const PCM_STATE_RUNNING: number = SND_PCM_STATE.SND_PCM_STATE_RUNNING;
/** State: over/underrun. */
export const PCM_STATE_XRUN: number = SND_PCM_STATE.SND_PCM_STATE_XRUN;
/** State: draining. */
export const PCM_STATE_DRAINING: number = SND_PCM_STATE.SND_PCM_STATE_DRAINING;
/** State: paused. */
export const PCM_STATE_PAUSED: number = SND_PCM_STATE.SND_PCM_STATE_PAUSED;
/** State: suspended. */
export const PCM_STATE_SUSPENDED: number =
  SND_PCM_STATE.SND_PCM_STATE_SUSPENDED;
/** State: disconnected. */
export const PCM_STATE_DISCONNECTED: number =
  SND_PCM_STATE.SND_PCM_STATE_DISCONNECTED;

/** Timestamps off. */
export const PCM_TSTAMP_NONE = 0;
/** Timestamps on. */
export const PCM_TSTAMP_ENABLE = 1;
/** Timestamps from gettimeofday (realtime clock). */
export const PCM_TSTAMP_TYPE_GETTIMEOFDAY = 0;
/** Timestamps from the monotonic clock. */
export const PCM_TSTAMP_TYPE_MONOTONIC = 1;
/** Timestamps from the raw monotonic clock. */
export const PCM_TSTAMP_TYPE_MONOTONIC_RAW = 2;
