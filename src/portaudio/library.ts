/**
 * PortAudio's lifetime: lazy, silenced initialization; termination at exit;
 * `reinitialize()` for hot-plug. Every PortAudio return code goes through
 * {@linkcode check}.
 *
 * @module
 */

import {
  PaHostErrorInfo,
  PaVersionInfo,
  PORTAUDIO,
  portaudio,
  type PORTAUDIO_SYMBOLS,
} from "../../ffi/portaudio.ts";
import { PaErrorCode } from "../../ffi/portaudio_constants.ts";
import { canLoadLibrary, readEnv } from "../../ffi/loader.ts";
import { libc, O_WRONLY } from "../../ffi/libc.ts";
import { silenceAlsaErrors } from "../alsa_quiet.ts";
import { readField } from "../../ffi/struct.ts";
import { checkOptions, describeValue } from "../options.ts";
import {
  hostApiTypeName,
  type HostErrorInfo,
  PortAudioError,
} from "./errors.ts";

type PaSymbols = Deno.DynamicLibrary<typeof PORTAUDIO_SYMBOLS>["symbols"];

let initialized = false;
let unloadHooked = false;

/**
 * PortAudio's initialization, termination and device enumeration are
 * process-global and not thread-safe, while each isolate (the main thread
 * and every WorkerStream worker) loads this module afresh. One lock word in
 * shared memory, created by the first isolate and handed to each worker it
 * starts, serializes `Pa_Initialize` and `Pa_Terminate` across the whole
 * process. Both are reference-counted by PortAudio: only the first
 * initialization and the last termination do real work, and at those moments
 * no other isolate has a stream open, so the lock is never held while an
 * audio thread waits for an isolate. Queries and `Pa_OpenStream` run in an
 * isolate that holds its own reference and are therefore not locked: locking
 * `Pa_OpenStream` could deadlock (PulseAudio opens through the mainloop
 * thread that may be waiting inside another isolate's callback while that
 * isolate waits for the lock). A worker's termination at close only drops its
 * own reference, so it cannot end PortAudio under the main thread's streams.
 */
let lockWord: Int32Array | undefined;
/** How deeply this isolate holds the lock (the lock is re-entrant per isolate). */
let lockDepth = 0;

/**
 * The shared memory of the process-wide PortAudio lock, for a worker to
 * adopt. @internal
 * @returns The lock's buffer (created on first use).
 */
export function portAudioLockBuffer(): SharedArrayBuffer {
  lockWord ??= new Int32Array(new SharedArrayBuffer(4));
  return lockWord.buffer as SharedArrayBuffer;
}

/**
 * Makes this isolate use the lock of the isolate that started it; must run
 * before this isolate's first PortAudio call. @internal
 * @param buffer What {@linkcode portAudioLockBuffer} returned there.
 * @throws {Error} When this isolate already uses another lock.
 */
export function adoptPortAudioLock(buffer: SharedArrayBuffer): void {
  if (lockWord !== undefined && lockWord.buffer !== buffer) {
    throw new Error("PortAudio's process lock is already in use here");
  }
  lockWord = new Int32Array(buffer);
}

/**
 * Runs `fn` holding the process-wide PortAudio lock. `fn` must be
 * synchronous and must not wait for an audio thread. @internal
 * @param fn What to run.
 * @returns What `fn` returned.
 */
export function withPortAudioLock<T>(fn: () => T): T {
  const word = lockWord ??= new Int32Array(new SharedArrayBuffer(4));
  if (lockDepth === 0) {
    while (Atomics.compareExchange(word, 0, 0, 1) !== 0) {
      Atomics.wait(word, 0, 1, 50);
    }
  }
  lockDepth++;
  try {
    return fn();
  } finally {
    if (--lockDepth === 0) {
      Atomics.store(word, 0, 0);
      Atomics.notify(word, 0, 1);
    }
  }
}

/** Something PortAudio-owned that must be closed before PortAudio terminates (a stream). */
export interface ClosableResource {
  /** Closes the resource; must be idempotent. */
  close(): Promise<void>;
  /** `true` while PortAudio's audio thread may still call into JavaScript for it. */
  readonly active?: boolean;
}

const openResources = new Set<ClosableResource>();

/**
 * Why PortAudio can no longer be terminated in this isolate, or `null`.
 * PortAudio 19.6's JACK host API waits for its process callback to stop a
 * stream; once the JACK server has gone away that callback never runs again,
 * and `Pa_StopStream`, `Pa_CloseStream` and `Pa_Terminate` (which closes
 * the streams left open) wait for good.
 */
let wedged: string | null = null;

/**
 * Records that a stream PortAudio can no longer close was left open, so
 * `Pa_Terminate` must not be called in this isolate. @internal
 */
export function markUnterminatable(why: string): void {
  wedged ??= why;
}

/** Why PortAudio cannot be terminated here, or `null` when it can. @internal */
export function unterminatable(): string | null {
  return wedged;
}

/** Registers an open stream so `reinitialize()` and exit handling know of it. @internal */
export function registerResource(r: ClosableResource): void {
  openResources.add(r);
}

/** Unregisters a closed stream. @internal */
export function unregisterResource(r: ClosableResource): void {
  openResources.delete(r);
}

function cString(p: Deno.PointerValue): string {
  return p === null ? "" : Deno.UnsafePointerView.getCString(p);
}

/** Reads `Pa_GetLastHostErrorInfo()`. */
function lastHostError(pa: PaSymbols): HostErrorInfo | undefined {
  const p = pa.Pa_GetLastHostErrorInfo();
  if (p === null) return undefined;
  const v = new Deno.UnsafePointerView(p);
  return {
    hostApi: hostApiTypeName(
      readField(v, PaHostErrorInfo, "hostApiType") as number,
    ),
    errorCode: readField(v, PaHostErrorInfo, "errorCode") as number,
    errorText: cString(
      readField(v, PaHostErrorInfo, "errorText") as Deno.PointerValue,
    ),
  };
}

/**
 * Throws a {@linkcode PortAudioError} when `code` is negative; returns it otherwise.
 *
 * @param code Return value of a PortAudio call.
 * @param call Name of the C function, for the message.
 * @param context Optional text prepended to PortAudio's message.
 * @returns `code` when it is not an error.
 * @throws {PortAudioError} When `code < 0`.
 */
export function check(code: number, call: string, context?: string): number {
  if (code >= 0) return code;
  const pa = portaudio();
  let text = cString(pa.Pa_GetErrorText(code));
  let hostError: HostErrorInfo | undefined;
  if (code === PaErrorCode.paUnanticipatedHostError) {
    hostError = lastHostError(pa);
    if (hostError) {
      text += ` [${hostError.hostApi} error ${hostError.errorCode}]` +
        (hostError.errorText ? `: ${hostError.errorText}` : "");
    }
  }
  const msg = `${
    context ? context + ": " : ""
  }${text} (${call} returned ${code})`;
  throw new PortAudioError(msg, { code, call, hostError });
}

/** Runs `fn` with file descriptor 2 pointed at /dev/null (unless `AUDIODEV_SHOW_STDERR=1`). */
export function withStderrSilenced<T>(fn: () => T): T {
  if (readEnv("AUDIODEV_SHOW_STDERR") === "1") return fn();
  let c;
  try {
    c = libc();
  } catch {
    return fn();
  }
  const devnull = c.open(new TextEncoder().encode("/dev/null\0"), O_WRONLY, 0);
  if (devnull < 0) return fn();
  const saved = c.dup(2);
  if (saved < 0) {
    c.close(devnull);
    return fn();
  }
  c.dup2(devnull, 2);
  c.close(devnull);
  try {
    return fn();
  } finally {
    c.dup2(saved, 2);
    c.close(saved);
  }
}

/** Hooks that run right before `Pa_Initialize` (e.g. silencing ALSA's error printer). @internal */
export const beforeInitializeHooks: (() => void)[] = [];

/**
 * Initializes PortAudio if needed and returns its raw symbol table (internal:
 * every PortAudio call in the package goes through this).
 *
 * @returns The PortAudio symbol table.
 * @throws {LibraryLoadError} When PortAudio cannot be loaded.
 * @throws {PortAudioError} When `Pa_Initialize` fails.
 */
export function paSymbols(): PaSymbols {
  const pa = portaudio();
  if (initialized) return pa;
  silenceAlsaErrors();
  for (const hook of beforeInitializeHooks) hook();
  const code = withPortAudioLock(() =>
    withStderrSilenced(() => pa.Pa_Initialize())
  );
  check(code, "Pa_Initialize", "Error initializing PortAudio");
  initialized = true;
  if (!unloadHooked) {
    unloadHooked = true;
    globalThis.addEventListener("beforeunload", closeRunningStreams);
    globalThis.addEventListener("unload", terminateAtExit);
    // An uncaught exception ends the program without "unload"; a JACK
    // client left open at exit crashed the process (SIGSEGV).
    globalThis.addEventListener("error", terminateUnlessHandled);
    globalThis.addEventListener("unhandledrejection", terminateUnlessHandled);
  }
  return pa;
}

/**
 * Initializes PortAudio if it is not initialized yet.
 *
 * Called implicitly by every query and stream; call it directly only to load
 * the library early. Probe noise that JACK and ALSA print on stderr during
 * initialization is discarded (set `AUDIODEV_SHOW_STDERR=1` to see it).
 *
 * @throws {LibraryLoadError} When PortAudio cannot be loaded.
 * @throws {PortAudioError} When `Pa_Initialize` fails.
 * @example
 * ```ts ignore
 * import { initialize } from "@audiodev/audiodev";
 * initialize();
 * ```
 */
export function initialize(): void {
  paSymbols();
}

/**
 * When the program is about to end with streams still running, keep the
 * event loop alive long enough to close them: an audio thread calling into
 * an isolate that is being torn down crashes the process.
 */
function closeRunningStreams(event: Event): void {
  const running = [...openResources].filter((r) => r.active);
  if (running.length === 0) return;
  event.preventDefault();
  Promise.allSettled(running.map((r) => r.close())).then(() => {});
}

function terminateUnlessHandled(e: Event): void {
  if (!e.defaultPrevented) terminateAtExit();
}

function terminateAtExit(): void {
  if (!initialized) return;
  // A stream whose audio thread may still call into this isolate cannot be
  // closed synchronously here (it would deadlock); the process exit ends it.
  for (const r of openResources) if (r.active) return;
  if (wedged !== null) return; // it would wait for good; the exit ends it
  initialized = false;
  withPortAudioLock(() => portaudio().Pa_Terminate());
}

/** `true` once PortAudio has been initialized (and not terminated since). */
export function isInitialized(): boolean {
  return initialized;
}

/**
 * Reports whether PortAudio can be loaded, without throwing.
 *
 * @returns `true` when `libportaudio` is found and `--allow-ffi` is granted.
 * @example
 * ```ts
 * import { isAvailable } from "@audiodev/audiodev";
 * if (!isAvailable()) console.log("no PortAudio here");
 * ```
 */
export function isAvailable(): boolean {
  return canLoadLibrary(PORTAUDIO);
}

/** Options of {@linkcode terminate} and {@linkcode reinitialize}. */
export interface TerminateOptions {
  /**
   * Close every open stream first instead of refusing (default `false`).
   */
  readonly closeStreams?: boolean;
}

/**
 * Terminates PortAudio. The next query or stream initializes it again.
 *
 * @param options `closeStreams: true` closes open streams first.
 * @throws {PortAudioError} When streams are open and `closeStreams` is not set,
 *   or a stream on JACK lost its server (PortAudio could not close it).
 * @throws {TypeError} For an unknown option or a non-boolean `closeStreams`.
 * @example
 * ```ts ignore
 * import { terminate } from "@audiodev/audiodev";
 * await terminate({ closeStreams: true });
 * ```
 */
export async function terminate(options: TerminateOptions = {}): Promise<void> {
  const closeStreams = checkTerminateOptions("terminate", options);
  await terminateChecked(closeStreams);
}

/**
 * Checks the options of `terminate()`/`reinitialize()`: unknown keys throw
 * (naming the nearest valid one), `closeStreams` must be a boolean.
 */
function checkTerminateOptions(where: string, options: unknown): boolean {
  checkOptions(where, options, ["closeStreams"]);
  const v = (options as TerminateOptions | undefined | null)?.closeStreams;
  if (v !== undefined && typeof v !== "boolean") {
    throw new TypeError(
      `${where}: closeStreams must be true or false, got ${describeValue(v)}`,
    );
  }
  return v ?? false;
}

async function terminateChecked(closeStreams: boolean): Promise<void> {
  if (openResources.size > 0) {
    if (!closeStreams) {
      throw new PortAudioError(
        `Cannot terminate PortAudio: ${openResources.size} stream(s) still open. ` +
          `Close them first, or pass { closeStreams: true }.`,
        { call: "Pa_Terminate" },
      );
    }
    for (const r of [...openResources]) await r.close();
  }
  if (!initialized) return;
  if (wedged !== null) {
    throw new PortAudioError(
      `Cannot terminate PortAudio in this program any more: ${wedged}`,
      { code: PaErrorCode.paDeviceUnavailable, call: "Pa_Terminate" },
    );
  }
  initialized = false;
  check(withPortAudioLock(() => portaudio().Pa_Terminate()), "Pa_Terminate");
}

/**
 * Terminates and re-initializes PortAudio so that devices plugged in or
 * removed since start-up appear in {@linkcode queryDevices} (hot-plug).
 *
 * Device indexes may change; re-select devices by name afterwards.
 *
 * @param options `closeStreams: true` closes open streams first; otherwise
 *   open streams make it throw.
 * @throws {PortAudioError} When streams are open and `closeStreams` is not set.
 * @throws {TypeError} For an unknown option or a non-boolean `closeStreams`.
 * @example Re-scan devices
 * ```ts ignore
 * import { queryDevices, reinitialize } from "@audiodev/audiodev";
 * await reinitialize();
 * console.log(queryDevices().toString());
 * ```
 */
export async function reinitialize(
  options: TerminateOptions = {},
): Promise<void> {
  const closeStreams = checkTerminateOptions("reinitialize", options);
  await terminateChecked(closeStreams);
  paSymbols();
}

/** PortAudio's version (python-sounddevice's `get_portaudio_version()`). */
export interface PortAudioVersion {
  /** Packed version number, e.g. `0x130600` for 19.6.0. */
  readonly version: number;
  /** Version text, e.g. `"PortAudio V19.6.0-devel, revision 396fe4b6699a..."`. */
  readonly text: string;
  /** Major version (19). */
  readonly major: number;
  /** Minor version. */
  readonly minor: number;
  /** Sub-minor version. */
  readonly subMinor: number;
  /** Version control revision, or `""`. */
  readonly revision: string;
}

/**
 * Returns PortAudio's version. Works without initializing PortAudio.
 *
 * @returns Number, text and parts.
 * @throws {LibraryLoadError} When PortAudio cannot be loaded.
 * @example
 * ```ts ignore
 * import { getPortAudioVersion } from "@audiodev/audiodev";
 * console.log(getPortAudioVersion().text);
 * ```
 */
export function getPortAudioVersion(): PortAudioVersion {
  const pa = portaudio();
  const version = pa.Pa_GetVersion();
  const text = cString(pa.Pa_GetVersionText());
  let revision = "";
  const infoPtr = pa.Pa_GetVersionInfo ? pa.Pa_GetVersionInfo() : null;
  if (infoPtr !== null) {
    revision = cString(
      readField(
        new Deno.UnsafePointerView(infoPtr),
        PaVersionInfo,
        "versionControlRevision",
      ) as Deno.PointerValue,
    );
  }
  return {
    version,
    text,
    major: (version >> 16) & 0xff,
    minor: (version >> 8) & 0xff,
    subMinor: version & 0xff,
    revision,
  };
}
