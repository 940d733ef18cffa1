/**
 * ALSA host-API settings for streams (python-sounddevice has none for ALSA;
 * these map PortAudio's `pa_linux_alsa.h` extras).
 *
 * @module
 */

import type { ExtraSettings } from "./defaults.ts";
import { checkCString, checkOptions, describeValue } from "../options.ts";

/** Options of {@linkcode AlsaSettings}. */
export interface AlsaSettingsOptions {
  /** An ALSA PCM name to open instead of a PortAudio device (e.g. `"hw:0,0"`). */
  device?: string;
  /** Number of ALSA periods, 2 to 1024. */
  numPeriods?: number;
  /** Run the callback thread with real-time (SCHED_FIFO) priority. */
  realtimeScheduling?: boolean;
}

const OPTIONS: readonly (keyof AlsaSettingsOptions)[] = [
  "device",
  "numPeriods",
  "realtimeScheduling",
];

/**
 * ALSA-specific stream settings, passed as `extraSettings`.
 *
 * @example Open an ALSA device by its ALSA name with 4 periods
 * ```ts ignore
 * import { AlsaSettings, OutputStream } from "@audiodev/audiodev";
 * const s = new OutputStream({
 *   channels: 2,
 *   extraSettings: new AlsaSettings({ device: "plughw:0,0", numPeriods: 4 }),
 * });
 * ```
 */
export class AlsaSettings implements ExtraSettings {
  /** Always `"ALSA"`. */
  readonly hostApi = "ALSA" as const;
  /** An ALSA PCM name to open instead of a PortAudio device (e.g. `"hw:0,0"`). */
  readonly device: string | undefined;
  /** Number of ALSA periods (buffer = periods × period size); `PaAlsa_SetNumPeriods`. */
  readonly numPeriods: number | undefined;
  /** Run the callback thread with real-time (SCHED_FIFO) priority; `PaAlsa_EnableRealtimeScheduling`. */
  readonly realtimeScheduling: boolean;

  /**
   * Creates the settings.
   *
   * @param options `device`, `numPeriods`, `realtimeScheduling`.
   * @throws {TypeError} For an unknown option (the nearest valid one is
   *   named), a device name that is not a non-empty string without NUL
   *   bytes, a bad period count or a non-boolean `realtimeScheduling`.
   */
  constructor(options: AlsaSettingsOptions = {}) {
    checkOptions("AlsaSettings", options, OPTIONS);
    const o = options ?? {};
    if (o.device !== undefined) {
      checkCString("AlsaSettings.device", o.device);
      if (o.device === "") {
        throw new TypeError(
          `AlsaSettings.device must be a non-empty ALSA PCM name, got ""`,
        );
      }
    }
    if (
      o.numPeriods !== undefined &&
      (typeof o.numPeriods !== "number" || !Number.isInteger(o.numPeriods) ||
        o.numPeriods < 2 || o.numPeriods > 1024)
    ) {
      throw new TypeError(
        `AlsaSettings.numPeriods must be an integer from 2 to 1024, got ${
          describeValue(o.numPeriods)
        }`,
      );
    }
    if (
      o.realtimeScheduling !== undefined &&
      typeof o.realtimeScheduling !== "boolean"
    ) {
      throw new TypeError(
        `AlsaSettings.realtimeScheduling must be true or false, got ${
          describeValue(o.realtimeScheduling)
        }`,
      );
    }
    this.device = o.device;
    this.numPeriods = o.numPeriods;
    this.realtimeScheduling = o.realtimeScheduling ?? false;
  }
}
