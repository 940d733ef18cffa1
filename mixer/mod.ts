/**
 * ALSA simple mixer controls, as pyalsaaudio's `alsaaudio.Mixer` gives them,
 * plus an async iterator of change events.
 *
 * - {@linkcode mixers}: the controls of a device (like `amixer scontrols`).
 * - {@linkcode Mixer}: get/set volume (percent, raw or dB), mute, capture
 *   switch, enumerated items; poll descriptors; `events()`.
 * - Units: {@linkcode VOLUME_UNITS_PERCENTAGE}, {@linkcode VOLUME_UNITS_RAW},
 *   {@linkcode VOLUME_UNITS_DB} (or `"percent"`, `"raw"`, `"dB"`);
 *   {@linkcode MIXER_CHANNEL_ALL}; `PCM_PLAYBACK`/`PCM_CAPTURE`.
 * - Errors: `AlsaError`.
 *
 * @example Set the master volume to 40 %
 * ```ts ignore
 * import { Mixer } from "@audiodev/audiodev/mixer";
 * using master = new Mixer({ control: "Master" });
 * master.setvolume(40);
 * console.log(master.getvolume(), master.getmute());
 * ```
 *
 * @module
 */

export { Mixer, type MixerEvent, type MixerOptions, mixers } from "./mixer.ts";
export {
  MIXER_CHANNEL_ALL,
  percentToRaw,
  rawToPercent,
  unitsValue,
  VOLUME_UNITS_DB,
  VOLUME_UNITS_PERCENTAGE,
  VOLUME_UNITS_RAW,
  type VolumeUnits,
} from "./units.ts";
export { AlsaError } from "../src/alsa/errors.ts";
export {
  PCM_CAPTURE,
  PCM_PLAYBACK,
  type PcmType,
} from "../src/alsa/constants.ts";
