/**
 * ALSA host-API settings for streams (python-sounddevice has none for ALSA;
 * these map PortAudio's `pa_linux_alsa.h` extras).
 *
 * @module
 */

import type { ExtraSettings } from "./defaults.ts";

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
   * @throws {TypeError} For a non-string device or a bad period count.
   */
  constructor(
    options: {
      device?: string;
      numPeriods?: number;
      realtimeScheduling?: boolean;
    } = {},
  ) {
    if (
      options.device !== undefined &&
      (typeof options.device !== "string" || options.device === "")
    ) {
      throw new TypeError(
        `AlsaSettings.device must be a non-empty ALSA PCM name, got ${
          JSON.stringify(options.device)
        }`,
      );
    }
    if (
      options.numPeriods !== undefined &&
      (!Number.isInteger(options.numPeriods) || options.numPeriods < 2 ||
        options.numPeriods > 1024)
    ) {
      throw new TypeError(
        `AlsaSettings.numPeriods must be an integer from 2 to 1024, got ${options.numPeriods}`,
      );
    }
    this.device = options.device;
    this.numPeriods = options.numPeriods;
    this.realtimeScheduling = options.realtimeScheduling ?? false;
  }
}
