/**
 * Which `open`/`ioctl`/`close` an OSS device uses: libc's on a machine with
 * OSS kernel devices, or PulseAudio's OSS emulation (`libpulsedsp.so`, what
 * `padsp` preloads) where there are none.
 *
 * Backend choice: `AUDIODEV_OSS_BACKEND=kernel` (libc only), `=pulsedsp`
 * (PulseAudio emulation only) or `=auto` (default: the kernel device when
 * the path is a character device, else the emulation).
 *
 * @module
 */

import { libc } from "../../ffi/libc.ts";
import { pulsedsp, SNDCTL } from "../../ffi/oss.ts";
import { readEnv } from "../../ffi/loader.ts";
import { checkCString } from "../options.ts";
import { OSSAudioError } from "./errors.ts";

/** Which implementation of `open`/`ioctl`/`close` a device uses. */
export type OSSBackend = "kernel" | "pulsedsp";

/** The system calls of one backend. */
export interface Calls {
  /** `"kernel"` or `"pulsedsp"`. */
  backend: OSSBackend;
  /** `open(2)`. */
  open(path: Uint8Array, flags: number): number;
  /** `ioctl(2)` on this thread. */
  ioctl(fd: number, req: number, arg: Uint8Array): number;
  /** `ioctl(2)` on a helper thread (for requests that wait). */
  ioctlAsync(fd: number, req: number, arg: Uint8Array): Promise<number>;
  /** `close(2)`. */
  close(fd: number): number;
}

function kernelCalls(): Calls {
  const c = libc();
  return {
    backend: "kernel",
    open: (p, f) => c.open(p, f, 0),
    ioctl: (fd, r, a) => c.ioctl(fd, BigInt(r), a),
    ioctlAsync: (fd, r, a) => c.ioctl_nb(fd, BigInt(r), a),
    close: (fd) => c.close(fd),
  };
}

function pulseCalls(): Calls {
  const p = pulsedsp();
  return {
    backend: "pulsedsp",
    open: (path, f) => p.open(path, f, 0),
    ioctl: (fd, r, a) => p.ioctl(fd, BigInt(r), a),
    ioctlAsync: (fd, r, a) => p.ioctl_nb(fd, BigInt(r), a),
    close: (fd) => p.close(fd),
  };
}

function isCharDevice(path: string): boolean {
  try {
    return Deno.statSync(path).isCharDevice === true;
  } catch {
    return false;
  }
}

/**
 * The backend a device at `path` would use.
 *
 * @param path Device path.
 * @returns `"kernel"` or `"pulsedsp"`.
 * @throws {OSSAudioError} For an invalid `AUDIODEV_OSS_BACKEND`.
 * @throws {TypeError} When `path` is not a string or holds a NUL byte.
 * @example Which backend /dev/dsp uses here
 * ```ts
 * import { ossBackend } from "@audiodev/audiodev/oss";
 * console.log(ossBackend("/dev/dsp")); // "pulsedsp" without OSS kernel devices
 * ```
 */
export function ossBackend(path: string): OSSBackend {
  checkCString("ossBackend(path)", path);
  const forced = readEnv("AUDIODEV_OSS_BACKEND") ?? "auto";
  if (forced === "kernel" || forced === "pulsedsp") return forced;
  if (forced !== "auto") {
    throw new OSSAudioError(
      `AUDIODEV_OSS_BACKEND must be "kernel", "pulsedsp" or "auto", got ${
        JSON.stringify(forced)
      }`,
    );
  }
  return isCharDevice(path) ? "kernel" : "pulsedsp";
}

/**
 * The calls for a device path.
 *
 * @param path Device path.
 * @returns The backend's calls.
 */
export function callsFor(path: string): Calls {
  return ossBackend(path) === "kernel" ? kernelCalls() : pulseCalls();
}

/**
 * Closes `fd` without blocking the event loop: the wait for buffered output
 * to play (`SNDCTL_DSP_SYNC`, which both the kernel and PulseAudio's
 * emulation otherwise do inside `close`) runs on a helper thread, and the
 * `close` that follows has nothing left to wait for (measured 0.9 ms after
 * 0.5 s of buffered audio, where a plain `close` took 500 ms).
 *
 * @param calls The backend.
 * @param fd The descriptor.
 * @param drain Wait for buffered output first (devices opened for writing).
 * @returns `true` when the drain succeeded or was not asked for.
 */
export async function closeOffThread(
  calls: Calls,
  fd: number,
  drain: boolean,
): Promise<boolean> {
  let ok = true;
  if (drain) {
    ok =
      (await calls.ioctlAsync(fd, SNDCTL.SNDCTL_DSP_SYNC, new Uint8Array(4))) >=
        0;
    // A failed drain leaves data behind: discard it so close does not wait.
    if (!ok) calls.ioctl(fd, SNDCTL.SNDCTL_DSP_RESET, new Uint8Array(4));
  }
  calls.close(fd);
  return ok;
}

/**
 * Closes `fd` at once, discarding buffered output (`SNDCTL_DSP_RESET` first,
 * so `close` does not wait for it to play: measured 1.1 ms).
 *
 * @param calls The backend.
 * @param fd The descriptor.
 */
export function closeDiscarding(calls: Calls, fd: number): void {
  calls.ioctl(fd, SNDCTL.SNDCTL_DSP_RESET, new Uint8Array(4));
  calls.close(fd);
}
