/**
 * The error class of the libsndfile layer and the one place that turns a
 * libsndfile failure into it.
 *
 * @module
 */

import { sndfile } from "../../ffi/sndfile.ts";

/**
 * A libsndfile failure: cannot open, unsupported or corrupt file, failed
 * read or write, or a file used after `close()`.
 *
 * @example Tell a missing file from other failures
 * ```ts ignore
 * import { readFile, SoundFileError } from "@audiodev/audiodev/soundfile";
 * try {
 *   await readFile("missing.wav");
 * } catch (e) {
 *   if (e instanceof SoundFileError) console.log(e.code, e.path, e.message);
 * }
 * ```
 */
export class SoundFileError extends Error {
  /** libsndfile's error number (0 when the error is not libsndfile's). */
  readonly code: number;
  /** The failing call, e.g. `"sf_open"`, `"open"`, `"sf_readf"`. */
  readonly call: string;
  /** The file concerned. */
  readonly path: string;

  /**
   * Creates the error.
   *
   * @param message Text.
   * @param options Code, failing call, path and cause.
   */
  constructor(
    message: string,
    options: { code?: number; call?: string; path?: string; cause?: unknown } =
      {},
  ) {
    super(message, { cause: options.cause });
    this.name = "SoundFileError";
    this.code = options.code ?? 0;
    this.call = options.call ?? "";
    this.path = options.path ?? "";
  }
}

/** libsndfile's `SF_ERR_SYSTEM`: the operating system refused. */
export const SF_ERR_SYSTEM = 2;

/** A C string, or `""` for NULL. */
export function cstr(p: Deno.PointerValue): string {
  return p === null ? "" : Deno.UnsafePointerView.getCString(p);
}

/** The error libsndfile reports for `handle` (NULL: the last failed open). */
export function libError(
  handle: Deno.PointerValue,
  call: string,
  path: string,
  context: string,
): SoundFileError {
  const lib = sndfile();
  const code = lib.sf_error(handle);
  const text = cstr(lib.sf_strerror(handle));
  return new SoundFileError(`${context} ${JSON.stringify(path)}: ${text}`, {
    code,
    call,
    path,
  });
}
