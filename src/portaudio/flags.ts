/**
 * `CallbackFlags`: the status bits PortAudio passes to a stream callback.
 *
 * @module
 */

import { PaStreamCallbackFlags } from "../../ffi/portaudio_constants.ts";
import { describeValue } from "../options.ts";

const NAMES: readonly (readonly [number, string])[] = [
  [PaStreamCallbackFlags.paInputUnderflow, "input underflow"],
  [PaStreamCallbackFlags.paInputOverflow, "input overflow"],
  [PaStreamCallbackFlags.paOutputUnderflow, "output underflow"],
  [PaStreamCallbackFlags.paOutputOverflow, "output overflow"],
  [PaStreamCallbackFlags.paPrimingOutput, "priming output"],
];

/** Checks a `PaStreamCallbackFlags` bit mask: an integer in 0..2^32-1. */
function checkBits(where: string, flags: unknown): number {
  if (typeof flags !== "number") {
    throw new TypeError(
      `${where} must be a number (a PaStreamCallbackFlags bit mask), got ${
        describeValue(flags)
      }`,
    );
  }
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xffffffff) {
    throw new RangeError(
      `${where} must be an integer bit mask in 0..0xffffffff, got ${
        describeValue(flags)
      }`,
    );
  }
  return flags;
}

/**
 * Status flags of a stream callback (python-sounddevice's `CallbackFlags`).
 *
 * Each flag is a boolean property backed by one bit of {@linkcode value}.
 * {@linkcode CallbackFlags.or} accumulates flags in place, like Python's
 * `status |= other`.
 *
 * @example Accumulate the status of every callback
 * ```ts
 * import { CallbackFlags } from "@audiodev/audiodev";
 * const total = new CallbackFlags();
 * total.or(new CallbackFlags(0x4)); // an output underflow
 * console.log(total.toString()); // "output underflow"
 * ```
 */
export class CallbackFlags {
  #value: number;

  /**
   * Creates flags from a `PaStreamCallbackFlags` bit mask.
   *
   * @param flags The bits (default 0: no flag set).
   * @throws {TypeError} When `flags` is not a number.
   * @throws {RangeError} When `flags` is not an integer in 0..0xffffffff.
   */
  constructor(flags = 0) {
    this.#value = checkBits("CallbackFlags(flags)", flags) >>> 0;
  }

  /** The `PaStreamCallbackFlags` bit mask. */
  get value(): number {
    return this.#value;
  }

  #get(bit: number): boolean {
    return (this.#value & bit) !== 0;
  }
  #set(bit: number, on: boolean): void {
    this.#value = on ? (this.#value | bit) >>> 0 : (this.#value & ~bit) >>> 0;
  }

  /** Input data was discarded or is missing (input was not ready in time). */
  get inputUnderflow(): boolean {
    return this.#get(PaStreamCallbackFlags.paInputUnderflow);
  }
  set inputUnderflow(on: boolean) {
    this.#set(PaStreamCallbackFlags.paInputUnderflow, on);
  }
  /** Input data was lost because the callback was too slow (overrun). */
  get inputOverflow(): boolean {
    return this.#get(PaStreamCallbackFlags.paInputOverflow);
  }
  set inputOverflow(on: boolean) {
    this.#set(PaStreamCallbackFlags.paInputOverflow, on);
  }
  /** Output had a gap: the callback did not deliver in time (underrun). */
  get outputUnderflow(): boolean {
    return this.#get(PaStreamCallbackFlags.paOutputUnderflow);
  }
  set outputUnderflow(on: boolean) {
    this.#set(PaStreamCallbackFlags.paOutputUnderflow, on);
  }
  /** Output data was discarded (more was delivered than could be played). */
  get outputOverflow(): boolean {
    return this.#get(PaStreamCallbackFlags.paOutputOverflow);
  }
  set outputOverflow(on: boolean) {
    this.#set(PaStreamCallbackFlags.paOutputOverflow, on);
  }
  /** The output is being primed; `indata` is silence. */
  get primingOutput(): boolean {
    return this.#get(PaStreamCallbackFlags.paPrimingOutput);
  }
  set primingOutput(on: boolean) {
    this.#set(PaStreamCallbackFlags.paPrimingOutput, on);
  }

  /**
   * `true` when at least one flag is set.
   *
   * @returns Whether any bit is set.
   */
  any(): boolean {
    return this.#value !== 0;
  }

  /**
   * Adds the flags of `other` to these, in place (Python's `|=`).
   *
   * @param other Flags or a bit mask.
   * @returns `this`, for chaining.
   * @throws {TypeError} When `other` is neither flags nor a number.
   * @throws {RangeError} When `other` is not an integer in 0..0xffffffff.
   */
  or(other: CallbackFlags | number): this {
    const bits = other instanceof CallbackFlags
      ? other.value
      : checkBits("CallbackFlags.or(other)", other);
    this.#value = (this.#value | bits) >>> 0;
    return this;
  }

  /**
   * Replaces the bits (used by the library to reuse one object per stream).
   *
   * @param flags New bit mask.
   * @returns `this`.
   */
  assign(flags: number): this {
    this.#value = flags >>> 0;
    return this;
  }

  /**
   * The names of the flags that are set, joined by ", " (`""` when none).
   *
   * @returns e.g. `"input overflow, output underflow"`.
   */
  toString(): string {
    return NAMES.filter(([bit]) => this.#get(bit)).map(([, n]) => n).join(", ");
  }

  /** Shown by `console.log`. @internal */
  [Symbol.for("Deno.customInspect")](): string {
    return `CallbackFlags(${this.toString() || "none"})`;
  }
}
