/**
 * ossaudiodev for Deno: `/dev/dsp` and `/dev/mixer` (Python removed the
 * module in 3.13).
 *
 * - {@linkcode open} (`open([device,] mode)`, env `AUDIODEV`) → {@linkcode OSSAudioDevice}
 * - {@linkcode openMixer} / `openmixer` (env `MIXERDEV`) → {@linkcode OSSMixerDevice}
 * - Every `AFMT_*` and `SOUND_MIXER_*` constant, {@linkcode controlLabels},
 *   {@linkcode controlNames}, `SNDCTL` request numbers.
 * - Every `SNDCTL_*` request number ossaudiodev exports, as top-level constants.
 * - Errors: {@linkcode OSSAudioError} (alias `error`) for failed system
 *   calls; bad arguments are {@linkcode OSSRangeError}/{@linkcode OSSTypeError},
 *   real `RangeError`/`TypeError`s that `instanceof OSSAudioError` also
 *   accepts. Use of a closed device, a `ValueError` in Python, is an
 *   `OSSTypeError` ("Operation on closed OSS device.").
 * - Closing: `await dsp.close()` (or `dsp.close()` unawaited, as Python code
 *   reads) plays out what was written on a helper thread, without freezing
 *   the event loop; `closeSync()` closes at once and discards what has not
 *   played.
 *
 * On machines without OSS kernel devices, PulseAudio's OSS emulation
 * (`libpulsedsp.so`, Debian `libpulsedsp`, what `padsp` preloads) is used
 * automatically. `AUDIODEV_OSS_BACKEND=kernel|pulsedsp|auto` forces the choice.
 *
 * @example Play a tone through /dev/dsp
 * ```ts ignore
 * import { AFMT_S16_LE, open } from "@audiodev/audiodev/oss";
 * await using dsp = open("w");
 * dsp.setparameters(AFMT_S16_LE, 1, 44100, true);
 * const tone = Int16Array.from({ length: 44100 }, (_, i) => 8000 * Math.sin(2 * Math.PI * 440 * i / 44100));
 * await dsp.writeall(tone); // closing plays it out
 * ```
 *
 * @module
 */

export { open, OSSAudioDevice, type OSSMode } from "./src/oss/audio.ts";
export { openMixer, openmixer, OSSMixerDevice } from "./src/oss/mixer.ts";
export { type OSSBackend, ossBackend } from "./src/oss/backend.ts";
export {
  error,
  OSSAudioError,
  OSSRangeError,
  OSSTypeError,
} from "./src/oss/errors.ts";
export * from "./src/oss/constants.ts";
