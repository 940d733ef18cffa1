/**
 * Sound files through libsndfile (Debian `libsndfile1`), the way
 * python-soundfile serves python-sounddevice users: read whole files or
 * block by block, write WAV, FLAC, Ogg and every other format libsndfile
 * offers, describe files.
 *
 * - {@linkcode readFile}, {@linkcode writeFile}, {@linkcode info}
 * - {@linkcode SoundFile} (open, `read`, `write`, `blocks`, `seek`, `tell`, `close`)
 * - {@linkcode availableFormats}, {@linkcode availableSubtypes},
 *   {@linkcode checkFormat}, {@linkcode defaultSubtype}, {@linkcode libsndfileVersion}
 * - {@linkcode SoundFileError}
 *
 * @example Play a file
 * ```ts ignore
 * import { readFile } from "@audiodev/audiodev/soundfile";
 * import { play, wait } from "@audiodev/audiodev";
 * const { data, samplerate, channels } = await readFile("song.wav", { dtype: "float32" });
 * await play(data, { samplerate, channels });
 * await wait();
 * ```
 *
 * @module
 */

export {
  availableFormats,
  availableSubtypes,
  type BlocksOptions,
  checkFormat,
  defaultSubtype,
  info,
  libsndfileVersion,
  readFile,
  type ReadFileOptions,
  type ReadFileResult,
  SoundFile,
  type SoundFileDType,
  type SoundFileEndian,
  SoundFileError,
  type SoundFileFormat,
  type SoundFileInfo,
  type SoundFileMode,
  type SoundFileOptions,
  type SoundFileSamples,
  type SoundFileSubtype,
  writeFile,
  type WriteFileOptions,
} from "./src/soundfile/soundfile.ts";
export { SF_ENDIANS, SF_FORMATS, SF_SUBTYPES } from "./ffi/sndfile.ts";
