/**
 * Sound files through libsndfile (Debian `libsndfile1`), the way
 * python-soundfile serves python-sounddevice users: read whole files or
 * block by block, write WAV, FLAC, Ogg and every other format libsndfile
 * offers, describe files.
 *
 * - {@linkcode readFile}, {@linkcode writeFile}, {@linkcode info}
 * - {@linkcode SoundFile} (open, `read`, `write`, `readAsync`, `writeAsync`,
 *   `blocks`, `seek`, `tell`, `close`, `closeAsync`)
 * - {@linkcode availableFormats}, {@linkcode availableSubtypes},
 *   {@linkcode checkFormat}, {@linkcode defaultSubtype}, {@linkcode libsndfileVersion}
 * - {@linkcode SoundFileError}
 *
 * Permissions: libsndfile opens files from C, out of sight of Deno's
 * sandbox, so every function asks Deno first: reading needs
 * `--allow-read` for the path, writing `--allow-write` (both for the `+`
 * modes), besides `--allow-ffi`. Without them a call throws
 * `Deno.errors.NotCapable` naming the flag.
 *
 * Async reads and writes take an `AbortSignal` (`signal` option): an abort
 * rejects the call at once with `signal.reason`, as `fetch` does.
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
  type BlocksOptions,
  type ReadAsyncOptions,
  type ReadOptions,
  SoundFile,
  type SoundFileDType,
  type SoundFileEndian,
  SoundFileError,
  type SoundFileFormat,
  type SoundFileMode,
  type SoundFileOptions,
  type SoundFileSamples,
  type SoundFileSubtype,
  type WriteAsyncOptions,
} from "./src/soundfile/soundfile.ts";
export {
  info,
  readFile,
  type ReadFileOptions,
  type ReadFileResult,
  type SoundFileInfo,
  writeFile,
  type WriteFileOptions,
} from "./src/soundfile/whole_file.ts";
export {
  availableFormats,
  availableSubtypes,
  checkFormat,
  defaultSubtype,
  libsndfileVersion,
} from "./src/soundfile/formats.ts";
export { SF_ENDIANS, SF_FORMATS, SF_SUBTYPES } from "./ffi/sndfile.ts";
