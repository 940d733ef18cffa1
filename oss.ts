/**
 * ossaudiodev for Deno: `/dev/dsp` and `/dev/mixer` (Python removed the
 * module in 3.13).
 *
 * - {@linkcode open} (`open([device,] mode)`, env `AUDIODEV`) → {@linkcode OSSAudioDevice}
 * - {@linkcode openMixer} (env `MIXERDEV`) → {@linkcode OSSMixerDevice}
 * - Every `AFMT_*` and `SOUND_MIXER_*` constant, {@linkcode controlLabels},
 *   {@linkcode controlNames}, `SNDCTL` request numbers.
 * - {@linkcode OSSAudioError}.
 *
 * On machines without OSS kernel devices, PulseAudio's OSS emulation
 * (`libpulsedsp.so`, Debian `libpulsedsp`, what `padsp` preloads) is used
 * automatically. `AUDIODEV_OSS_BACKEND=kernel|pulsedsp|auto` forces the choice.
 *
 * @example Play a tone through /dev/dsp
 * ```ts ignore
 * import { AFMT_S16_LE, open } from "@audiodev/audiodev/oss";
 * using dsp = open("w");
 * dsp.setparameters(AFMT_S16_LE, 1, 44100, true);
 * const tone = Int16Array.from({ length: 44100 }, (_, i) => 8000 * Math.sin(2 * Math.PI * 440 * i / 44100));
 * await dsp.writeall(tone);
 * await dsp.sync();
 * ```
 *
 * @module
 */

export {
  open,
  openMixer,
  OSSAudioDevice,
  OSSAudioError,
  type OSSBackend,
  ossBackend,
  OSSMixerDevice,
  type OSSMode,
} from "./src/oss/oss.ts";
export * from "./src/oss/constants.ts";
