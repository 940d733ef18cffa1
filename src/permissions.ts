/**
 * Deno's permission checks for paths that C libraries open.
 *
 * A path handed to libsndfile, or a device node such as `/dev/dsp` opened
 * through libc, is opened by C code that Deno's sandbox never sees: with
 * `--allow-ffi` alone, C could read or write any file. Every part of the
 * package that opens a path through a C library calls
 * {@linkcode requirePathPermission} first, so that `--allow-read=DIR` and
 * `--allow-write=DIR` mean what they mean for `Deno.readFile`.
 *
 * The check behaves like Deno's own file calls: a granted permission passes,
 * a permission still to be asked for is requested (Deno prompts on a
 * terminal, and refuses otherwise), and a refusal throws
 * `Deno.errors.NotCapable` with Deno's own wording plus the function that
 * asked.
 *
 * @module
 */

/** What a C library will do with a path. */
export type PathAccess = "read" | "write";

/**
 * Throws unless Deno grants `access` to `path`, asking for it the way
 * `Deno.openSync` would (a prompt on a terminal, a refusal otherwise).
 *
 * Call it before a C library opens `path`, with every access the open mode
 * needs (`["read", "write"]` for read-write). Relative paths are resolved
 * by Deno against the current directory, as C will resolve them.
 *
 * @param path The path C will open (already checked to be a string without
 *   NUL bytes).
 * @param access `"read"`, `"write"`, or both.
 * @param api The public function or class that opens it, for the message
 *   (`"readFile"`, `"SoundFile"`, `"OssDevice"`).
 * @throws {Deno.errors.NotCapable} When Deno does not grant the access; the
 *   message names the flag to add, e.g.
 *   `Requires read access to "song.wav", run again with the --allow-read flag (needed by readFile)`.
 * @example Check before handing a path to C
 * ```ts
 * import { requirePathPermission } from "./permissions.ts";
 * try {
 *   requirePathPermission("song.wav", "read", "readFile");
 * } catch (e) {
 *   if (!(e instanceof Deno.errors.NotCapable)) throw e;
 * }
 * ```
 */
export function requirePathPermission(
  path: string,
  access: PathAccess | readonly PathAccess[],
  api: string,
): void {
  const kinds: readonly PathAccess[] = typeof access === "string"
    ? [access]
    : access;
  for (const name of kinds) {
    if (!pathPermissionGranted(path, name, true)) {
      throw new Deno.errors.NotCapable(
        `Requires ${name} access to ${
          JSON.stringify(path)
        }, run again with the --allow-${name} flag (needed by ${api})`,
      );
    }
  }
}

/**
 * Whether Deno grants `access` to `path`, without throwing.
 *
 * @param path The path.
 * @param access `"read"` or `"write"`.
 * @param ask When `true` and the permission is still to be asked for, asks
 *   as Deno's own file calls do (a prompt on a terminal); when `false`
 *   (default), only queries.
 * @returns `true` when the access is granted.
 * @example Query without prompting
 * ```ts
 * import { pathPermissionGranted } from "./permissions.ts";
 * const canWrite = pathPermissionGranted("out.wav", "write");
 * ```
 */
export function pathPermissionGranted(
  path: string,
  access: PathAccess,
  ask = false,
): boolean {
  const descriptor: Deno.PermissionDescriptor = { name: access, path };
  let state = Deno.permissions.querySync(descriptor).state;
  if (state === "prompt" && ask) {
    state = Deno.permissions.requestSync(descriptor).state;
  }
  return state === "granted";
}
