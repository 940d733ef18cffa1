/**
 * Volume units and their conversions, as pyalsaaudio defines them: percent
 * is linear in raw units (rounded half to even, like C's `rint`), dB values
 * are ALSA's hundredths of a decibel.
 *
 * @module
 */

import { AlsaTypeError } from "../src/alsa/errors.ts";
import { describeValue } from "../src/options.ts";

/** Percent of the raw range, 0-100 (`alsaaudio.VOLUME_UNITS_PERCENTAGE`). */
export const VOLUME_UNITS_PERCENTAGE = 0;
/** The control's raw units (`alsaaudio.VOLUME_UNITS_RAW`). */
export const VOLUME_UNITS_RAW = 1;
/** Hundredths of a decibel, as ALSA reports them (`alsaaudio.VOLUME_UNITS_DB`). */
export const VOLUME_UNITS_DB = 2;
/** All channels (`alsaaudio.MIXER_CHANNEL_ALL`). */
export const MIXER_CHANNEL_ALL: number = -1;

/** Units: a name or a `VOLUME_UNITS_*` constant. */
export type VolumeUnits = "percent" | "raw" | "dB" | 0 | 1 | 2;

/**
 * Numeric value of a unit.
 *
 * @param units Name or constant.
 * @returns A `VOLUME_UNITS_*` value.
 * @throws {AlsaTypeError} For anything else (a `TypeError` that also passes
 *   `instanceof AlsaError`, as pyalsaaudio raises `ALSAAudioError`).
 * @example Names and constants
 * ```ts
 * import { unitsValue, VOLUME_UNITS_DB } from "@audiodev/audiodev/mixer";
 * console.assert(unitsValue("dB") === VOLUME_UNITS_DB);
 * ```
 */
export function unitsValue(units: VolumeUnits): number {
  if (units === "percent" || units === VOLUME_UNITS_PERCENTAGE) {
    return VOLUME_UNITS_PERCENTAGE;
  }
  if (units === "raw" || units === VOLUME_UNITS_RAW) return VOLUME_UNITS_RAW;
  if (units === "dB" || units === VOLUME_UNITS_DB) return VOLUME_UNITS_DB;
  throw new AlsaTypeError(
    `Invalid volume units: units must be "percent", "raw", "dB" or a VOLUME_UNITS_* constant (0, 1, 2), got ${
      describeValue(units)
    }`,
    { call: "units" },
  );
}

function checkNumbers(call: string, names: string[], values: unknown[]): void {
  values.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new AlsaTypeError(
        `${call}(): ${names[i]} must be a finite number, got ${
          describeValue(v)
        }`,
        { call },
      );
    }
  });
}

/** C's `rint` in the default rounding mode: round half to even. */
function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Raw value to percent of `[min, max]`.
 *
 * @param min Raw minimum.
 * @param max Raw maximum.
 * @param value Raw value.
 * @returns Percent, rounded to an integer.
 * @throws {AlsaTypeError} When an argument is not a finite number.
 * @example
 * ```ts
 * import { rawToPercent } from "@audiodev/audiodev/mixer";
 * console.assert(rawToPercent(0, 65536, 32768) === 50);
 * ```
 */
export function rawToPercent(min: number, max: number, value: number): number {
  checkNumbers("rawToPercent", ["min", "max", "value"], [min, max, value]);
  const range = max - min;
  if (range === 0) return 0;
  return rint(((value - min) / range) * 100);
}

/**
 * Percent of `[min, max]` to a raw value.
 *
 * @param min Raw minimum.
 * @param max Raw maximum.
 * @param percent 0-100.
 * @returns The raw value.
 * @throws {AlsaTypeError} When an argument is not a finite number.
 * @example
 * ```ts
 * import { percentToRaw } from "@audiodev/audiodev/mixer";
 * console.assert(percentToRaw(0, 65536, 50) === 32768);
 * ```
 */
export function percentToRaw(
  min: number,
  max: number,
  percent: number,
): number {
  checkNumbers("percentToRaw", ["min", "max", "percent"], [min, max, percent]);
  const range = max - min;
  if (range === 0) return 0;
  return rint(range * (percent * 0.01)) + min;
}
