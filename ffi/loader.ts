/**
 * Lazy loading of the native libraries audiodev binds to.
 *
 * Nothing here runs at import time: a library is opened the first time
 * {@linkcode loadLibrary} is called for it, and the handle is cached. This is
 * the only module of the package that calls `Deno.dlopen`.
 *
 * @module
 */

/** Describes how to find one native library. */
export interface LibrarySpec<S extends Deno.ForeignLibraryInterface> {
  /** Human name used in error messages, e.g. `"PortAudio"`. */
  readonly name: string;
  /** Environment variable holding an explicit path, e.g. `AUDIODEV_PORTAUDIO_PATH`. */
  readonly envVar: string;
  /** File names to try, in order, per operating system. */
  readonly candidates: {
    readonly linux: readonly string[];
    readonly darwin?: readonly string[];
    readonly windows?: readonly string[];
  };
  /** Package that provides the library on Debian/Ubuntu. */
  readonly debianPackage: string;
  /** The symbol table. */
  readonly symbols: S;
  /**
   * Symbols bound together when the library is opened (one `Deno.dlopen`
   * binds many for less than one each); every other symbol is bound alone
   * on first use.
   */
  readonly eager?: readonly (keyof S & string)[];
}

/**
 * Thrown when a native library cannot be opened.
 *
 * The message lists every path tried, the environment variable that
 * overrides the search, and the package to install (or the missing
 * `--allow-ffi` permission).
 *
 * @example Branch on a missing library
 * ```ts ignore
 * import { LibraryLoadError, queryDevices } from "@audiodev/audiodev";
 * try {
 *   console.log(queryDevices().toString());
 * } catch (e) {
 *   if (e instanceof LibraryLoadError) console.error(e.message);
 *   else throw e;
 * }
 * ```
 */
export class LibraryLoadError extends Error {
  /** Library name, e.g. `"PortAudio"`. */
  readonly library: string;
  /** Every path that was tried, in order. */
  readonly triedPaths: readonly string[];
  /** `true` when the failure was the missing `--allow-ffi` permission. */
  readonly permissionDenied: boolean;

  /**
   * Creates the error; normally only the loader does this.
   *
   * @param library Library name.
   * @param triedPaths Paths tried.
   * @param message Full message.
   * @param permissionDenied Whether `--allow-ffi` was missing.
   * @param cause The last underlying error.
   */
  constructor(
    library: string,
    triedPaths: readonly string[],
    message: string,
    permissionDenied: boolean,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = "LibraryLoadError";
    this.library = library;
    this.triedPaths = triedPaths;
    this.permissionDenied = permissionDenied;
  }
}

/**
 * Reads an environment variable; `undefined` without `--allow-env`. The
 * permission is queried first, so a program run without `--allow-env` on a
 * terminal is not stopped by a permission prompt for an optional variable.
 */
export function readEnv(name: string): string | undefined {
  try {
    const state = Deno.permissions.querySync({ name: "env", variable: name });
    if (state.state !== "granted") return undefined;
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined;
  }
}

const cache = new Map<
  string,
  Deno.DynamicLibrary<Deno.ForeignLibraryInterface>
>();
const failures = new Map<string, LibraryLoadError>();

function candidatePaths(
  spec: Pick<
    LibrarySpec<Deno.ForeignLibraryInterface>,
    "envVar" | "candidates"
  >,
): string[] {
  const paths: string[] = [];
  const fromEnv = readEnv(spec.envVar);
  if (fromEnv) paths.push(fromEnv);
  const os = Deno.build.os;
  const list = os === "darwin"
    ? spec.candidates.darwin
    : os === "windows"
    ? spec.candidates.windows
    : spec.candidates.linux;
  for (const p of list ?? spec.candidates.linux) paths.push(p);
  return paths;
}

/**
 * The opened library with its symbols bound on first use (those of
 * `spec.eager` at once): binding costs about 0.1 ms per symbol in one
 * `Deno.dlopen` and 0.2-0.3 ms alone, and a program that lists devices uses a dozen of
 * PortAudio's 56 and none of libasound's 181, so binding all at open time
 * was most of the package's start-up overhead (a whole-table `Deno.dlopen`
 * of PortAudio took 7-9 ms, the library alone 2-2.6 ms). Each symbol is a
 * getter that binds it with its own `Deno.dlopen` of the already-loaded
 * library and then replaces itself with the function, so later calls are a
 * plain property read.
 */
function lazyLibrary<S extends Deno.ForeignLibraryInterface>(
  spec: LibrarySpec<S>,
  path: string,
  handle: Deno.DynamicLibrary<Deno.ForeignLibraryInterface>,
): Deno.DynamicLibrary<S> {
  const symbols = {} as Record<string, unknown>;
  const bind = (name: string): unknown => {
    let fn: unknown;
    try {
      fn = Deno.dlopen(path, { [name]: spec.symbols[name] }).symbols[name];
    } catch (e) {
      throw new LibraryLoadError(
        spec.name,
        [path],
        `${spec.name} (${path}) cannot bind ${name}: ${
          e instanceof Error ? e.message : String(e)
        }. A newer version of the library may be needed ` +
          `(Debian/Ubuntu: "apt-get install ${spec.debianPackage}").`,
        false,
        e,
      );
    }
    Object.defineProperty(symbols, name, { value: fn, enumerable: true });
    return fn;
  };
  const eager = new Set<string>(spec.eager ?? []);
  for (const [name, fn] of Object.entries(handle.symbols)) {
    Object.defineProperty(symbols, name, { value: fn, enumerable: true });
  }
  for (const name of Object.keys(spec.symbols)) {
    if (eager.has(name)) continue;
    Object.defineProperty(symbols, name, {
      get: () => bind(name),
      enumerable: true,
      configurable: true,
    });
  }
  return {
    symbols: symbols as Deno.DynamicLibrary<S>["symbols"],
    close: () => handle.close(),
  } as Deno.DynamicLibrary<S>;
}

/**
 * Opens (once) and returns the library described by `spec`. Its symbols are
 * bound on first use; one that the library lacks throws a
 * {@linkcode LibraryLoadError} naming it when first used.
 *
 * @param spec The library description.
 * @returns The opened library; the same object on every call.
 * @throws {LibraryLoadError} When no candidate path could be opened.
 */
export function loadLibrary<S extends Deno.ForeignLibraryInterface>(
  spec: LibrarySpec<S>,
): Deno.DynamicLibrary<S> {
  const hit = cache.get(spec.name);
  if (hit) return hit as unknown as Deno.DynamicLibrary<S>;
  const failed = failures.get(spec.name);
  if (failed) throw failed;
  const tried = candidatePaths(spec);
  let lastError: unknown;
  for (const path of tried) {
    try {
      const handle = Deno.dlopen(
        path,
        Object.fromEntries(
          (spec.eager ?? []).map((name) => [name, spec.symbols[name]]),
        ),
      );
      const lib = lazyLibrary(spec, path, handle);
      cache.set(
        spec.name,
        lib as unknown as Deno.DynamicLibrary<Deno.ForeignLibraryInterface>,
      );
      return lib;
    } catch (e) {
      lastError = e;
      if (
        e instanceof Deno.errors.NotCapable ||
        e instanceof Deno.errors.PermissionDenied
      ) {
        // Not cached: the permission might be granted later (deno test steps).
        throw new LibraryLoadError(
          spec.name,
          [],
          `Cannot load ${spec.name}: FFI is not allowed. Run with --allow-ffi ` +
            `(or -A), e.g. "deno run --allow-ffi --allow-env your_script.ts".`,
          true,
          e,
        );
      }
    }
  }
  const detail = lastError instanceof Error
    ? lastError.message
    : String(lastError);
  const err = new LibraryLoadError(
    spec.name,
    tried,
    `Cannot load ${spec.name}. Tried: ${tried.join(", ")}. ` +
      `Set ${spec.envVar} to the library's path, or install it ` +
      `(Debian/Ubuntu: "apt-get install ${spec.debianPackage}"). Last error: ${detail}`,
    false,
    lastError,
  );
  failures.set(spec.name, err);
  throw err;
}

/**
 * Reports whether a library can be opened, without throwing.
 *
 * @param spec The library description.
 * @returns `true` when {@linkcode loadLibrary} would succeed.
 */
export function canLoadLibrary<S extends Deno.ForeignLibraryInterface>(
  spec: LibrarySpec<S>,
): boolean {
  try {
    loadLibrary(spec);
    return true;
  } catch {
    return false;
  }
}
