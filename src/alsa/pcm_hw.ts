/**
 * A PCM's hardware parameters: configuring them, reading back what ALSA
 * realized, and the queries pyalsaaudio 0.11 offers on them (`info()`,
 * `getformats()`, `getrates()`, `getratebounds()`, `getchannels()`, `dump()`).
 *
 * @module
 */

import { SND_PCM_ACCESS_RW_INTERLEAVED } from "../../ffi/alsa_constants.ts";
import { AlsaError, alsaLib, checkAlsa } from "./errors.ts";
import { formatName, modeName } from "./pcm_args.ts";

type Lib = ReturnType<typeof alsaLib>;
type Handle = Deno.PointerObject;

const cstr = (
  p: Deno.PointerValue,
): string => (p === null ? "" : Deno.UnsafePointerView.getCString(p));

/** What {@linkcode PCM.info} returns: pyalsaaudio 0.11's keys. */
export interface PCMInfo {
  /** PCM name. */
  name: string;
  /** Card index (negative: not tied to a card). */
  card_no: number;
  /** PCM device index. */
  device_no: number;
  /** PCM subdevice index. */
  subdevice_no: number;
  /** State name, e.g. `"PREPARED"`. */
  state: string;
  /** Access type name, e.g. `"RW_INTERLEAVED"`. */
  access_type: string;
  /** The `type` given to the constructor. */
  " (call value) type": number;
  /** ALSA's name for it: `"PLAYBACK"` or `"CAPTURE"`. */
  " (call value) type_name": string;
  /** The `mode` given to the constructor. */
  " (call value) mode": number;
  /** Its name: `"PCM_NORMAL"`, `"PCM_NONBLOCK"` or `"PCM_ASYNC"`. */
  " (call value) mode_name": string;
  /** Sample format value. */
  format: number;
  /** Sample format name, e.g. `"S16_LE"`. */
  format_name: string;
  /** Sample format description. */
  format_description: string;
  /** Subformat name. */
  subformat_name: string;
  /** Subformat description. */
  subformat_description: string;
  /** Channels. */
  channels: number;
  /** Rate in Hz. */
  rate: number;
  /** Period duration in µs. */
  period_time: number;
  /** Period size in frames. */
  period_size: number;
  /** Buffer duration in µs. */
  buffer_time: number;
  /** Buffer size in frames. */
  buffer_size: number;
  /** Periods in the buffer. */
  periods: number;
  /** Exact rate as `[numerator, denominator]`. */
  rate_numden: [number, number];
  /** Significant bits per sample. */
  significant_bits: number;
  /** Nominal bits per sample. */
  nominal_bits: number;
  /** Physical bits per sample. */
  physical_bits: number;
  /** hw: double buffering (batch transfers). */
  is_batch: boolean;
  /** hw: block transfer. */
  is_block_transfer: boolean;
  /** hw: double buffering. */
  is_double: boolean;
  /** hw: half duplex. */
  is_half_duplex: boolean;
  /** hw: joint duplex. */
  is_joint_duplex: boolean;
  /** hw: overrange detection. */
  can_overrange: boolean;
  /** hw: sample-resolution mmap. */
  can_mmap_sample_resolution: boolean;
  /** hw: pause. */
  can_pause: boolean;
  /** hw: resume. */
  can_resume: boolean;
  /** hw: synchronized start. */
  can_sync_start: boolean;
}

/** What ALSA realized. */
export interface HwConfig {
  rate: number;
  channels: number;
  format: number;
  periodsize: number;
  periods: number;
  frameBytes: number;
}

/** The formats pyalsaaudio 0.11's `getformats()` probes, in its order. */
const PROBED_FORMATS: readonly number[] = [
  ...Array.from({ length: 25 }, (_, i) => i), // S8 .. GSM
  31, // SPECIAL
  ...Array.from({ length: 12 }, (_, i) => 32 + i), // S24_3LE .. U18_3BE
];

/** The rates pyalsaaudio 0.11's `getrates()` tests on discrete hardware. */
const PROBED_RATES: readonly number[] = [
  4000,
  5512,
  8000,
  11025,
  16000,
  22050,
  32000,
  44100,
  48000,
  64000,
  88200,
  96000,
  176400,
  192000,
  352800,
  384000,
];

/** Runs `fn` with a fresh `snd_pcm_hw_params_t` (freed afterwards). */
function withParams<T>(fn: (a: Lib, hw: Handle) => T): T {
  const a = alsaLib();
  const p = new BigUint64Array(1);
  checkAlsa(a.snd_pcm_hw_params_malloc(p), "snd_pcm_hw_params_malloc");
  const hw = Deno.UnsafePointer.create(p[0])!;
  try {
    return fn(a, hw);
  } finally {
    a.snd_pcm_hw_params_free(hw);
  }
}

/** Runs `fn` on the device's whole configuration space. */
function withAny<T>(h: Handle, fn: (a: Lib, hw: Handle) => T): T {
  return withParams((a, hw) => {
    checkAlsa(a.snd_pcm_hw_params_any(h, hw), "snd_pcm_hw_params_any");
    return fn(a, hw);
  });
}

function formatsOf(a: Lib, h: Handle, hw: Handle): Record<string, number> {
  const result: Record<string, number> = {};
  for (const v of PROBED_FORMATS) {
    if (a.snd_pcm_hw_params_test_format(h, hw, v) === 0) {
      result[cstr(a.snd_pcm_format_name(v))] = v;
    }
  }
  return result;
}

/**
 * Configures the hardware parameters (interleaved access) and reads back
 * what ALSA realized. With `strictFormat`, a format the device lacks throws
 * naming the supported ones; without it ALSA picks one (pyalsaaudio's
 * deprecated `setformat()`, which returns what ALSA chose).
 *
 * @param h The PCM.
 * @param device Its name, for messages.
 * @param want What to ask for.
 * @param strictFormat Throw instead of letting ALSA pick another format.
 * @returns The realized configuration.
 * @throws {AlsaError} When ALSA refuses the configuration.
 */
export function configureHw(
  h: Handle,
  device: string,
  want: Omit<HwConfig, "frameBytes">,
  strictFormat: boolean,
): HwConfig {
  return withAny(h, (a, params) => {
    checkAlsa(
      a.snd_pcm_hw_params_set_access(h, params, SND_PCM_ACCESS_RW_INTERLEAVED),
      "snd_pcm_hw_params_set_access",
    );
    const fc = a.snd_pcm_hw_params_set_format(h, params, want.format);
    if (fc < 0 && strictFormat) {
      throw new AlsaError(
        `format: ${formatName(want.format)} is not supported by ${
          JSON.stringify(device)
        }; supported: ${Object.keys(formatsOf(a, h, params)).join(", ")}`,
        { code: fc, call: "snd_pcm_hw_params_set_format" },
      );
    }
    const u = new Uint32Array([want.channels]);
    checkAlsa(
      a.snd_pcm_hw_params_set_channels_near(h, params, u),
      "snd_pcm_hw_params_set_channels_near",
      "channels",
    );
    const r = new Uint32Array([want.rate]);
    const dir = new Int32Array(1);
    checkAlsa(
      a.snd_pcm_hw_params_set_rate_near(h, params, r, dir),
      "snd_pcm_hw_params_set_rate_near",
      `rate ${want.rate}`,
    );
    const ps = new BigUint64Array([BigInt(want.periodsize)]);
    checkAlsa(
      a.snd_pcm_hw_params_set_period_size_near(h, params, ps, dir),
      "snd_pcm_hw_params_set_period_size_near",
    );
    const pn = new Uint32Array([want.periods]);
    checkAlsa(
      a.snd_pcm_hw_params_set_periods_near(h, params, pn, dir),
      "snd_pcm_hw_params_set_periods_near",
    );
    checkAlsa(
      a.snd_pcm_hw_params(h, params),
      "snd_pcm_hw_params",
      "Cannot configure the PCM",
    );
    const ui = new Uint32Array(1);
    const ul = new BigUint64Array(1);
    const fi = new Int32Array(1);
    a.snd_pcm_hw_params_get_format(params, fi);
    const format = fi[0];
    a.snd_pcm_hw_params_get_channels(params, ui);
    const channels = ui[0];
    a.snd_pcm_hw_params_get_rate(params, ui, dir);
    const rate = ui[0];
    a.snd_pcm_hw_params_get_period_size(params, ul, dir);
    const periodsize = Number(ul[0]);
    a.snd_pcm_hw_params_get_periods(params, ui, dir);
    const periods = ui[0];
    const frameBytes = channels *
      Math.max(1, a.snd_pcm_format_physical_width(format) / 8);
    return { rate, channels, format, periodsize, periods, frameBytes };
  });
}

/**
 * pyalsaaudio 0.11's `getformats()`: the formats of its probe list the
 * device supports, keyed by ALSA's names.
 *
 * @param h The PCM.
 * @returns e.g. `{ S16_LE: 2, FLOAT_LE: 14 }`.
 */
export function getFormats(h: Handle): Record<string, number> {
  return withAny(h, (a, hw) => formatsOf(a, h, hw));
}

/**
 * The device's minimum and maximum rate.
 *
 * @param h The PCM.
 * @returns `[min, max]` in Hz.
 */
export function getRateBounds(h: Handle): [number, number] {
  return withAny(h, (a, hw) => {
    const v = new Uint32Array(1);
    const dir = new Int32Array(1);
    checkAlsa(
      a.snd_pcm_hw_params_get_rate_min(hw, v, dir),
      "snd_pcm_hw_params_get_rate_min",
    );
    const min = v[0];
    checkAlsa(
      a.snd_pcm_hw_params_get_rate_max(hw, v, dir),
      "snd_pcm_hw_params_get_rate_max",
    );
    return [min, v[0]];
  });
}

/**
 * pyalsaaudio 0.11's `getrates()`: one rate when min = max, `[min, max]`
 * when the device takes any rate in between (min + 1 is accepted), else the
 * list of standard rates (4000 to 384000 Hz) it accepts.
 *
 * @param h The PCM.
 * @returns A rate, a `[min, max]` range, or a list of rates.
 */
export function getRates(h: Handle): number | [number, number] | number[] {
  const [min, max] = getRateBounds(h);
  return withAny(h, (a, hw) =>
    ratesFrom(
      min,
      max,
      (r) => a.snd_pcm_hw_params_test_rate(h, hw, r, 0) === 0,
    ));
}

/**
 * pyalsaaudio 0.11's rule for `getrates()`, given the bounds and a test.
 *
 * @param min The lowest rate.
 * @param max The highest rate.
 * @param accepts Whether the device takes a rate.
 * @returns `min` when min = max, `[min, max]` when `min + 1` is accepted
 *   (a continuous range), else the standard rates accepted.
 */
export function ratesFrom(
  min: number,
  max: number,
  accepts: (rate: number) => boolean,
): number | [number, number] | number[] {
  if (min === max) return min;
  if (accepts(min + 1)) return [min, max];
  return PROBED_RATES.filter(accepts);
}

/**
 * Supported channel counts (at most 256 are probed).
 *
 * @param h The PCM.
 * @returns e.g. `[1, 2]`.
 */
export function getChannels(h: Handle): number[] {
  return withAny(h, (a, hw) => {
    const v = new Uint32Array(1);
    checkAlsa(
      a.snd_pcm_hw_params_get_channels_min(hw, v),
      "snd_pcm_hw_params_get_channels_min",
    );
    const min = v[0];
    checkAlsa(
      a.snd_pcm_hw_params_get_channels_max(hw, v),
      "snd_pcm_hw_params_get_channels_max",
    );
    const max = Math.min(v[0], 256);
    const result: number[] = [];
    for (let c = min; c <= max; c++) {
      if (a.snd_pcm_hw_params_test_channels(h, hw, c) === 0) result.push(c);
    }
    return result;
  });
}

/**
 * pyalsaaudio 0.11's `info()` dict.
 *
 * @param h The PCM.
 * @param type The constructor's `type`.
 * @param mode The constructor's `mode`.
 * @returns The configuration, with pyalsaaudio's keys.
 */
export function pcmInfo(h: Handle, type: number, mode: number): PCMInfo {
  const a = alsaLib();
  const ptr = new BigUint64Array(1);
  checkAlsa(a.snd_pcm_info_malloc(ptr), "snd_pcm_info_malloc");
  const pi = Deno.UnsafePointer.create(ptr[0])!;
  try {
    checkAlsa(a.snd_pcm_info(h, pi), "snd_pcm_info");
    return withParams((a, hw) => {
      checkAlsa(
        a.snd_pcm_hw_params_current(h, hw),
        "snd_pcm_hw_params_current",
      );
      const ui = new Uint32Array(1);
      const ul = new BigUint64Array(1);
      const ii = new Int32Array(1);
      const dir = new Int32Array(1);
      // pyalsaaudio documents negative values as errors
      const u = (code: number, value: () => number): number =>
        code < 0 ? code : value();
      a.snd_pcm_hw_params_get_access(hw, ii);
      const access = ii[0];
      a.snd_pcm_hw_params_get_format(hw, ii);
      const format = ii[0];
      a.snd_pcm_hw_params_get_subformat(hw, ii);
      const subformat = ii[0];
      const channels = u(a.snd_pcm_hw_params_get_channels(hw, ui), () => ui[0]);
      const rate = u(a.snd_pcm_hw_params_get_rate(hw, ui, dir), () => ui[0]);
      const periodTime = u(
        a.snd_pcm_hw_params_get_period_time(hw, ui, dir),
        () => ui[0],
      );
      const periodSize = u(
        a.snd_pcm_hw_params_get_period_size(hw, ul, dir),
        () => Number(ul[0]),
      );
      const bufferTime = u(
        a.snd_pcm_hw_params_get_buffer_time(hw, ui, dir),
        () => ui[0],
      );
      const bufferSize = u(
        a.snd_pcm_hw_params_get_buffer_size(hw, ul),
        () => Number(ul[0]),
      );
      const periods = u(
        a.snd_pcm_hw_params_get_periods(hw, ui, dir),
        () => ui[0],
      );
      const num = new Uint32Array(1);
      const den = new Uint32Array(1);
      a.snd_pcm_hw_params_get_rate_numden(hw, num, den);
      const b = (v: number): boolean => v === 1;
      return {
        name: cstr(a.snd_pcm_name(h)),
        card_no: a.snd_pcm_info_get_card(pi),
        device_no: a.snd_pcm_info_get_device(pi),
        subdevice_no: a.snd_pcm_info_get_subdevice(pi),
        state: cstr(a.snd_pcm_state_name(a.snd_pcm_state(h))),
        access_type: cstr(a.snd_pcm_access_name(access)),
        " (call value) type": type,
        " (call value) type_name": cstr(a.snd_pcm_stream_name(type)),
        " (call value) mode": mode,
        " (call value) mode_name": modeName(mode),
        format,
        format_name: cstr(a.snd_pcm_format_name(format)),
        format_description: cstr(a.snd_pcm_format_description(format)),
        subformat_name: cstr(a.snd_pcm_subformat_name(subformat)),
        subformat_description: cstr(a.snd_pcm_subformat_description(subformat)),
        channels,
        rate,
        period_time: periodTime,
        period_size: periodSize,
        buffer_time: bufferTime,
        buffer_size: bufferSize,
        periods,
        rate_numden: [num[0], den[0]],
        significant_bits: a.snd_pcm_hw_params_get_sbits(hw),
        nominal_bits: a.snd_pcm_format_width(format),
        physical_bits: a.snd_pcm_format_physical_width(format),
        is_batch: b(a.snd_pcm_hw_params_is_batch(hw)),
        is_block_transfer: b(a.snd_pcm_hw_params_is_block_transfer(hw)),
        is_double: b(a.snd_pcm_hw_params_is_double(hw)),
        is_half_duplex: b(a.snd_pcm_hw_params_is_half_duplex(hw)),
        is_joint_duplex: b(a.snd_pcm_hw_params_is_joint_duplex(hw)),
        can_overrange: b(a.snd_pcm_hw_params_can_overrange(hw)),
        can_mmap_sample_resolution: b(
          a.snd_pcm_hw_params_can_mmap_sample_resolution(hw),
        ),
        can_pause: b(a.snd_pcm_hw_params_can_pause(hw)),
        can_resume: b(a.snd_pcm_hw_params_can_resume(hw)),
        can_sync_start: b(a.snd_pcm_hw_params_can_sync_start(hw)),
      };
    });
  } finally {
    a.snd_pcm_info_free(pi);
  }
}

/**
 * ALSA's own dump of the PCM's setup (`snd_pcm_dump`).
 *
 * @param h The PCM.
 * @returns The text.
 */
export function dumpPcm(h: Handle): string {
  const a = alsaLib();
  const op = new BigUint64Array(1);
  checkAlsa(a.snd_output_buffer_open(op), "snd_output_buffer_open");
  const out = Deno.UnsafePointer.create(op[0])!;
  try {
    checkAlsa(a.snd_pcm_dump(h, out), "snd_pcm_dump");
    const bp = new BigUint64Array(1);
    const n = Number(a.snd_output_buffer_string(out, bp));
    const p = Deno.UnsafePointer.create(bp[0]);
    return p === null
      ? ""
      : new TextDecoder().decode(Deno.UnsafePointerView.getArrayBuffer(p, n));
  } finally {
    a.snd_output_close(out);
  }
}
