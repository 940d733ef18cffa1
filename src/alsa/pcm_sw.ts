/**
 * A PCM's software parameters: timestamps, the start threshold and
 * `avail_min` (read and written through `snd_pcm_sw_params_*`).
 *
 * @module
 */

import { alsaLib, checkAlsa } from "./errors.ts";

type Lib = ReturnType<typeof alsaLib>;

/** The software parameters this module reads and writes. */
export type SwParam =
  | "tstamp_mode"
  | "tstamp_type"
  | "start_threshold"
  | "avail_min";

function withCurrent<T>(
  h: Deno.PointerObject,
  fn: (a: Lib, sw: Deno.PointerObject) => T,
): T {
  const a = alsaLib();
  const p = new BigUint64Array(1);
  checkAlsa(a.snd_pcm_sw_params_malloc(p), "snd_pcm_sw_params_malloc");
  const sw = Deno.UnsafePointer.create(p[0])!;
  try {
    checkAlsa(
      a.snd_pcm_sw_params_current(h, sw),
      "snd_pcm_sw_params_current",
    );
    return fn(a, sw);
  } finally {
    a.snd_pcm_sw_params_free(sw);
  }
}

/**
 * Reads one software parameter.
 *
 * @param h The PCM.
 * @param name Which.
 * @returns Its value.
 * @throws {AlsaError} When ALSA fails.
 */
export function getSw(h: Deno.PointerObject, name: SwParam): number {
  return withCurrent(h, (a, sw) => {
    const i = new Int32Array(1);
    const u = new BigUint64Array(1);
    switch (name) {
      case "tstamp_mode":
        checkAlsa(
          a.snd_pcm_sw_params_get_tstamp_mode(sw, i),
          "snd_pcm_sw_params_get_tstamp_mode",
        );
        return i[0];
      case "tstamp_type":
        checkAlsa(
          a.snd_pcm_sw_params_get_tstamp_type(sw, i),
          "snd_pcm_sw_params_get_tstamp_type",
        );
        return i[0];
      case "start_threshold":
        checkAlsa(
          a.snd_pcm_sw_params_get_start_threshold(sw, u),
          "snd_pcm_sw_params_get_start_threshold",
        );
        return Number(u[0]);
      case "avail_min":
        checkAlsa(
          a.snd_pcm_sw_params_get_avail_min(sw, u),
          "snd_pcm_sw_params_get_avail_min",
        );
        return Number(u[0]);
    }
  });
}

/**
 * Writes one software parameter and applies the set.
 *
 * @param h The PCM.
 * @param name Which.
 * @param value The checked value.
 * @throws {AlsaError} When ALSA refuses it.
 */
export function setSw(
  h: Deno.PointerObject,
  name: SwParam,
  value: number,
): void {
  withCurrent(h, (a, sw) => {
    switch (name) {
      case "tstamp_mode":
        checkAlsa(
          a.snd_pcm_sw_params_set_tstamp_mode(h, sw, value),
          "snd_pcm_sw_params_set_tstamp_mode",
        );
        break;
      case "tstamp_type":
        checkAlsa(
          a.snd_pcm_sw_params_set_tstamp_type(h, sw, value),
          "snd_pcm_sw_params_set_tstamp_type",
        );
        break;
      case "start_threshold":
        checkAlsa(
          a.snd_pcm_sw_params_set_start_threshold(h, sw, BigInt(value)),
          "snd_pcm_sw_params_set_start_threshold",
        );
        break;
      case "avail_min":
        checkAlsa(
          a.snd_pcm_sw_params_set_avail_min(h, sw, BigInt(value)),
          "snd_pcm_sw_params_set_avail_min",
        );
        break;
    }
    checkAlsa(a.snd_pcm_sw_params(h, sw), "snd_pcm_sw_params");
  });
}
