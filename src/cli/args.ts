/**
 * Reading option values of the `audiodev` tool: numbers, devices, choices,
 * each refused with a one-line {@linkcode UsageError} naming what is allowed.
 *
 * @module
 */

import { nearestName } from "../options.ts";
import { UsageError } from "./program.ts";

/**
 * Seconds of device buffer the tool's streams ask for. Players and recorders
 * need no low latency, and a deep buffer rides out a busy machine: with the
 * pulse device's default of 35 ms, `audiodev play` underflowed twice in a
 * 1 s file on a 2-core machine at load average 6.
 */
export const DEVICE_BUFFER_SECONDS = 0.2;

/**
 * A device argument: digits are a device index, anything else a name
 * substring; absent means the default device.
 *
 * @param value The option value.
 * @returns The device index or query, or `undefined`.
 * @example
 * ```ts
 * import { deviceArgument } from "./args.ts";
 * deviceArgument("3"); // 3
 * deviceArgument("pulse"); // "pulse"
 * ```
 */
export function deviceArgument(value: unknown): number | string | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  return /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
}

/**
 * A number option.
 *
 * @param value The option value (`undefined` when absent).
 * @param name The option, for the message (`"--rate"`).
 * @param check Extra condition, and its wording (`"above 0"`).
 * @returns The number, or `undefined` when absent.
 * @throws {UsageError} When the value is not a finite number or fails `check`.
 * @example
 * ```ts
 * import { numberOption } from "./args.ts";
 * numberOption("0.5", "--amplitude", [(n) => n >= 0 && n <= 1, "from 0 to 1"]); // 0.5
 * ```
 */
export function numberOption(
  value: unknown,
  name: string,
  check?: [(n: number) => boolean, string],
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== "string" || value.trim() === "" || !Number.isFinite(n)) {
    throw new UsageError(`${name} ${JSON.stringify(value)}: not a number`);
  }
  if (check && !check[0](n)) {
    throw new UsageError(
      `${name} ${JSON.stringify(value)}: must be ${check[1]}`,
    );
  }
  return n;
}

/**
 * A positive integer option.
 *
 * @param value The option value.
 * @param name The option, for the message.
 * @returns The integer.
 * @throws {UsageError} When absent or not a positive integer.
 * @example
 * ```ts
 * import { positiveInteger } from "./args.ts";
 * positiveInteger("2048", "--blocksize"); // 2048
 * ```
 */
export function positiveInteger(value: unknown, name: string): number {
  const n = numberOption(value, name, [
    (n) => Number.isInteger(n) && n > 0,
    "a whole number above 0",
  ]);
  if (n === undefined) throw new UsageError(`${name} needs a value`);
  return n;
}

/**
 * One of a fixed set of words, case-insensitive.
 *
 * @param value The option value.
 * @param name The option, for the message.
 * @param choices The allowed words, as they are to be returned.
 * @returns The matching choice, or `undefined` when absent.
 * @throws {UsageError} When the word is none of them (the nearest is named).
 * @example
 * ```ts
 * import { choiceOption } from "./args.ts";
 * choiceOption("flac", "--type", ["WAV", "FLAC"]); // "FLAC"
 * ```
 */
export function choiceOption<T extends string>(
  value: unknown,
  name: string,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const found = choices.find((c) => c.toLowerCase() === text.toLowerCase());
  if (found !== undefined) return found;
  const near = nearestName(text, choices);
  throw new UsageError(
    `${name} ${JSON.stringify(text)}: not one of ${choices.join(", ")}` +
      (near ? ` (did you mean ${near}?)` : ""),
  );
}
