/**
 * The ALSA mixer, as pyalsaaudio's `alsaaudio.Mixer` gives it.
 *
 * - **Listing**: {@linkcode mixers} (the simple controls, as `amixer scontrols`).
 * - **Control**: {@linkcode Mixer}: `cardname`, `mixer`, `mixerid`, `switchcap`,
 *   `volumecap`, `getenum`/`setenum`, `getrange`, `getvolume`/`setvolume`
 *   (units percent, raw or dB), `getmute`/`setmute`, `getrec`/`setrec`,
 *   `polldescriptors`, `handleevents`, `close`; beyond pyalsaaudio,
 *   `state()` and `events()`, an async iterator of changes.
 * - **Units**: `VOLUME_UNITS_PERCENTAGE`, `VOLUME_UNITS_RAW`, `VOLUME_UNITS_DB`,
 *   `MIXER_CHANNEL_ALL`, and the conversions {@linkcode rawToPercent} /
 *   {@linkcode percentToRaw} (linear in raw units, as pyalsaaudio).
 * - **Constants and errors** shared with `@audiodev/audiodev/alsa`:
 *   `PCM_PLAYBACK`, `PCM_CAPTURE`, {@linkcode AlsaError}. Bad arguments are
 *   {@linkcode AlsaTypeError}/{@linkcode AlsaRangeError}: real
 *   `TypeError`/`RangeError`s that also pass `instanceof AlsaError`, as
 *   pyalsaaudio raises `ALSAAudioError` for them.
 *
 * @example Set the volume and follow changes
 * ```ts ignore
 * import { Mixer, mixers } from "@audiodev/audiodev/mixer";
 * console.log(mixers()); // [ "Master", "Capture" ]
 * const m = new Mixer("Master");
 * m.setvolume(40);
 * console.log(m.getvolume(), m.getmute());
 * for await (const ev of m.events()) console.log("now", ev.volume);
 * ```
 *
 * @module
 */

export {
  Mixer,
  type MixerOptions,
  type VolumeReadOptions,
  type VolumeWriteOptions,
} from "./mixer.ts";
export { mixers, type MixersOptions } from "./open.ts";
export { type MixerEvent, sameMixerState } from "./events.ts";
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
export {
  AlsaError,
  AlsaRangeError,
  AlsaTypeError,
} from "../src/alsa/errors.ts";
export {
  PCM_CAPTURE,
  PCM_PLAYBACK,
  type PcmType,
} from "../src/alsa/constants.ts";
