/**
 * Argument checks of the OSS classes: each names the call and the argument
 * and says what is allowed, before any system call is made.
 *
 * @module
 */

import { describeValue } from "../options.ts";
import { OSSRangeError, OSSTypeError } from "./errors.ts";

const INT_MAX = 2 ** 31 - 1;
const INT_MIN = -(2 ** 31);

/**
 * Checks a C `int` argument.
 *
 * @param call The method, e.g. `"speed"`.
 * @param name The argument, e.g. `"rate"`.
 * @param value What the caller passed.
 * @param min Smallest allowed value.
 * @param max Largest allowed value.
 * @returns The value.
 * @throws {OSSTypeError} When it is not an integer number.
 * @throws {OSSRangeError} When it is outside `min..max`.
 */
export function intArg(
  call: string,
  name: string,
  value: unknown,
  min = INT_MIN,
  max = INT_MAX,
): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new OSSTypeError(
      `${call}(): ${name} must be an integer, got ${describeValue(value)}`,
      call,
    );
  }
  if (value < min || value > max) {
    throw new OSSRangeError(
      `${call}(): ${name} must be ${min}..${max}, got ${value}`,
      call,
    );
  }
  return value + 0; // -0 is 0 (C takes no negative zero)
}

/**
 * Checks a byte-like argument and views it as bytes.
 *
 * @param call The method, e.g. `"write"`.
 * @param data What the caller passed.
 * @returns A `Uint8Array` over the same memory.
 * @throws {OSSTypeError} For anything but an `ArrayBuffer` or a view, or a
 *   detached one.
 */
export function bytesArg(call: string, data: unknown): Uint8Array {
  let buffer: ArrayBufferLike | undefined;
  if (data instanceof ArrayBuffer) buffer = data;
  else if (ArrayBuffer.isView(data)) buffer = data.buffer;
  if (buffer === undefined) {
    throw new OSSTypeError(
      `${call}(): data must be bytes (a Uint8Array, another typed array or an ArrayBuffer), got ${
        describeValue(data)
      }`,
      call,
    );
  }
  if ((buffer as ArrayBuffer).detached === true) {
    throw new OSSTypeError(
      `${call}(): data is a detached buffer (it was transferred); pass one that is still usable`,
      call,
    );
  }
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  const v = data as ArrayBufferView;
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}
