/**
 * ossaudiodev's mixer device (`oss_mixer_device`) and `openmixer()`.
 *
 * @module
 */

import { O_RDWR } from "../../ffi/libc.ts";
import { SNDCTL } from "../../ffi/oss.ts";
import { readEnv } from "../../ffi/loader.ts";
import { requirePathPermission } from "../permissions.ts";
import { checkCString, describeValue } from "../options.ts";
import { intArg } from "./args.ts";
import { type Calls, callsFor } from "./backend.ts";
import { SOUND_MIXER_NRDEVICES } from "./constants.ts";
import {
  CLOSED_MESSAGE,
  OSSRangeError,
  OSSTypeError,
  sysError,
} from "./errors.ts";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s + "\0");

const registry = new FinalizationRegistry<{ fd: number; calls: Calls }>(
  ({ fd, calls }) => calls.close(fd),
);

/**
 * An open OSS mixer (ossaudiodev's `oss_mixer_device`). A mixer dropped
 * without `close()` is closed once garbage-collected.
 *
 * @example Read the PCM volume
 * ```ts ignore
 * import { openMixer, SOUND_MIXER_PCM } from "@audiodev/audiodev/oss";
 * using mixer = openMixer();
 * console.log(mixer.get(SOUND_MIXER_PCM)); // [ 75, 75 ]
 * ```
 */
export class OSSMixerDevice {
  #fd: number;
  #calls: Calls;
  readonly #name: string;
  #arg = new Int32Array(1);
  #argBytes = new Uint8Array(this.#arg.buffer);

  /** @internal Use {@linkcode openMixer}. */
  constructor(name: string, fd: number, calls: Calls) {
    this.#name = name;
    this.#fd = fd;
    this.#calls = calls;
    registry.register(this, { fd, calls }, this);
  }

  /** The device path. */
  get name(): string {
    return this.#name;
  }
  /** `true` after close(). */
  get closed(): boolean {
    return this.#fd < 0;
  }

  #check(call: string): number {
    if (this.#fd < 0) throw new OSSTypeError(CLOSED_MESSAGE, call);
    return this.#fd;
  }

  #ioctl(call: string, req: number, name: string, value = 0): number {
    const fd = this.#check(call);
    this.#arg[0] = value;
    if (this.#calls.ioctl(fd, req, this.#argBytes) < 0) {
      throw sysError(`ioctl(${name})`, this.#name, { method: call });
    }
    return this.#arg[0];
  }

  /**
   * The file descriptor.
   *
   * @returns The fd.
   * @throws {OSSTypeError} When closed.
   */
  fileno(): number {
    return this.#check("fileno");
  }

  /**
   * The channels the mixer has.
   *
   * @returns A bit mask; test with `1 << SOUND_MIXER_PCM`.
   * @throws {OSSTypeError} When closed.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  controls(): number {
    return this.#ioctl(
      "controls",
      SNDCTL.SOUND_MIXER_READ_DEVMASK,
      "SOUND_MIXER_READ_DEVMASK",
    );
  }

  /**
   * The stereo channels.
   *
   * @returns A bit mask.
   * @throws {OSSTypeError} When closed.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  stereocontrols(): number {
    return this.#ioctl(
      "stereocontrols",
      SNDCTL.SOUND_MIXER_READ_STEREODEVS,
      "SOUND_MIXER_READ_STEREODEVS",
    );
  }

  /**
   * The channels that can be recording sources.
   *
   * @returns A bit mask.
   * @throws {OSSTypeError} When closed.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  reccontrols(): number {
    return this.#ioctl(
      "reccontrols",
      SNDCTL.SOUND_MIXER_READ_RECMASK,
      "SOUND_MIXER_READ_RECMASK",
    );
  }

  #control(call: string, control: unknown): number {
    const c = intArg(call, "control", control);
    if (c < 0 || c >= SOUND_MIXER_NRDEVICES) {
      throw new OSSRangeError(
        `Invalid mixer channel specified. (${call}(): control must be 0..${
          SOUND_MIXER_NRDEVICES - 1
        }, a SOUND_MIXER_* channel; got ${c})`,
        call,
      );
    }
    return c;
  }

  /**
   * A channel's volume.
   *
   * @param control A `SOUND_MIXER_*` channel.
   * @returns `[left, right]`, 0-100 each.
   * @throws {OSSRangeError} "Invalid mixer channel specified." outside 0..24
   *   (also an {@linkcode OSSAudioError}, as ossaudiodev raises).
   * @throws {OSSTypeError} When closed or `control` is not an integer.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  get(control: number): [number, number] {
    this.#check("get");
    const c = this.#control("get", control);
    const v = this.#ioctl(
      "get",
      SNDCTL.MIXER_READ_BASE + c,
      `MIXER_READ(${c})`,
    );
    return [v & 0xff, (v >> 8) & 0xff];
  }

  /**
   * Sets a channel's volume.
   *
   * @param control A `SOUND_MIXER_*` channel.
   * @param volume `[left, right]`, 0-100 each.
   * @returns `[left, right]` as set.
   * @throws {OSSRangeError} "Volumes must be between 0 and 100." or
   *   "Invalid mixer channel specified." (also {@linkcode OSSAudioError}s).
   * @throws {OSSTypeError} When closed, or `volume` is not two integers.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  set(control: number, volume: readonly [number, number]): [number, number] {
    this.#check("set");
    const c = this.#control("set", control);
    if (!Array.isArray(volume) || volume.length !== 2) {
      throw new OSSTypeError(
        `set(): volume must be [left, right], got ${describeValue(volume)}`,
        "set",
      );
    }
    const left = intArg("set", "volume[0] (left)", volume[0]);
    const right = intArg("set", "volume[1] (right)", volume[1]);
    if (left < 0 || left > 100 || right < 0 || right > 100) {
      throw new OSSRangeError(
        `Volumes must be between 0 and 100. (set(): got [${left}, ${right}])`,
        "set",
      );
    }
    const v = this.#ioctl(
      "set",
      SNDCTL.MIXER_WRITE_BASE + c,
      `MIXER_WRITE(${c})`,
      (right << 8) | left,
    );
    return [v & 0xff, (v >> 8) & 0xff];
  }

  /**
   * The current recording sources (ossaudiodev's `get_recsrc()`).
   *
   * @returns A bit mask.
   * @throws {OSSTypeError} When closed.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  getRecsrc(): number {
    return this.#ioctl(
      "getRecsrc",
      SNDCTL.SOUND_MIXER_READ_RECSRC,
      "SOUND_MIXER_READ_RECSRC",
    );
  }

  /**
   * ossaudiodev's spelling of {@linkcode OSSMixerDevice.getRecsrc}.
   *
   * @returns A bit mask.
   * @throws {OSSTypeError} When closed.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  get_recsrc(): number {
    return this.getRecsrc();
  }

  /**
   * Selects recording sources (ossaudiodev's `set_recsrc()`).
   *
   * @param bitmask Channels as bits.
   * @returns The sources actually selected.
   * @throws {OSSTypeError} When closed or `bitmask` is not an integer.
   * @throws {OSSRangeError} When `bitmask` has bits beyond the 25 channels.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  setRecsrc(bitmask: number): number {
    this.#check("setRecsrc");
    // One bit per channel: SOUND_MIXER_NRDEVICES (25) bits.
    intArg("setRecsrc", "bitmask", bitmask, 0, 2 ** SOUND_MIXER_NRDEVICES - 1);
    return this.#ioctl(
      "setRecsrc",
      SNDCTL.SOUND_MIXER_WRITE_RECSRC,
      "SOUND_MIXER_WRITE_RECSRC",
      bitmask,
    );
  }

  /**
   * ossaudiodev's spelling of {@linkcode OSSMixerDevice.setRecsrc}.
   *
   * @param bitmask Channels as bits.
   * @returns The sources actually selected.
   * @throws {OSSTypeError} When closed or `bitmask` is not an integer.
   * @throws {OSSAudioError} When the ioctl fails.
   */
  set_recsrc(bitmask: number): number {
    return this.setRecsrc(bitmask);
  }

  /** Closes the mixer (idempotent); other methods throw afterwards. */
  close(): void {
    if (this.#fd < 0) return;
    const fd = this.#fd;
    this.#fd = -1;
    registry.unregister(this);
    this.#calls.close(fd);
  }

  /** `using mixer = openMixer()`. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * Opens an OSS mixer, like ossaudiodev's `openmixer([device])`.
 *
 * @param device Path; default env `MIXERDEV`, else `/dev/mixer`.
 * @returns The mixer.
 * @throws {TypeError} When `device` is not a string or holds a NUL byte.
 * @throws {OSSAudioError} When it cannot be opened.
 * @throws {Deno.errors.NotCapable} Without Deno's read and write permission
 *   for the mixer path.
 * @example Read the PCM volume
 * ```ts ignore
 * import { openMixer, SOUND_MIXER_PCM } from "@audiodev/audiodev/oss";
 * using mixer = openMixer();
 * console.log(mixer.get(SOUND_MIXER_PCM));
 * ```
 */
export function openMixer(device?: string): OSSMixerDevice {
  const path = device === undefined
    ? readEnv("MIXERDEV") ?? "/dev/mixer"
    : checkCString("openMixer(device)", device);
  requirePathPermission(path, ["read", "write"], "openMixer");
  const calls = callsFor(path);
  const fd = calls.open(enc(path), O_RDWR);
  if (fd < 0) throw sysError("open", path, { method: "openMixer" });
  return new OSSMixerDevice(path, fd, calls);
}

/**
 * ossaudiodev's spelling of {@linkcode openMixer}.
 *
 * @param device Path; default env `MIXERDEV`, else `/dev/mixer`.
 * @returns The mixer.
 * @throws {TypeError} When `device` is not a string or holds a NUL byte.
 * @throws {OSSAudioError} When it cannot be opened.
 * @example Read the PCM volume
 * ```ts ignore
 * import { openmixer, SOUND_MIXER_PCM } from "@audiodev/audiodev/oss";
 * using mixer = openmixer();
 * console.log(mixer.get(SOUND_MIXER_PCM));
 * ```
 */
export function openmixer(device?: string): OSSMixerDevice {
  return openMixer(device);
}
