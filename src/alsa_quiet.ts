/**
 * Keeps ALSA's own error printing ("ALSA lib pcm.c:...: underrun occurred")
 * off stderr, for PortAudio's ALSA host API and for the ALSA classes alike:
 * one process-wide `snd_lib_error_set_handler`.
 *
 * The handler must be safe to call from any thread (PortAudio's audio thread
 * calls it), so it cannot be a JavaScript callback. It is a C function that
 * ignores its arguments and has no effect: libc's `getpid`, found with
 * `dlsym`. On x86_64 and aarch64 a C function called with more arguments
 * than it declares simply ignores them.
 *
 * @module
 */

import { readEnv } from "../ffi/loader.ts";
import { libc } from "../ffi/libc.ts";
import { type LibrarySpec, loadLibrary } from "../ffi/loader.ts";

const SYMBOLS = {
  // int snd_lib_error_set_handler(snd_lib_error_handler_t handler)
  snd_lib_error_set_handler: {
    parameters: ["pointer" /* snd_lib_error_handler_t handler */],
    result: "i32",
  },
} as const satisfies Deno.ForeignLibraryInterface;

const SPEC: LibrarySpec<typeof SYMBOLS> = {
  name: "libasound (error handler)",
  envVar: "AUDIODEV_ASOUND_PATH",
  candidates: { linux: ["libasound.so.2", "libasound.so"] },
  debianPackage: "libasound2",
  symbols: SYMBOLS,
};

let done = false;

/**
 * Routes ALSA's error messages away from stderr (idempotent). Does nothing
 * when `AUDIODEV_SHOW_STDERR=1`, or when libasound or `dlsym` is missing.
 *
 * @returns `true` when the handler is installed.
 */
export function silenceAlsaErrors(): boolean {
  if (done) return true;
  if (readEnv("AUDIODEV_SHOW_STDERR") === "1") return false;
  try {
    const noop = libc().dlsym(null, new TextEncoder().encode("getpid\0"));
    if (noop === null) return false;
    if (loadLibrary(SPEC).symbols.snd_lib_error_set_handler(noop) !== 0) {
      return false;
    }
    done = true;
    return true;
  } catch {
    return false;
  }
}
