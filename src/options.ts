/**
 * Argument checks shared by every entry point: unknown option keys (as
 * Python raises on a misspelt keyword argument), C strings with embedded NUL
 * bytes, and a value formatter that never throws while building a message.
 *
 * @module
 */

/**
 * Formats any value for an error message without throwing: BigInt, Symbol,
 * detached buffers, proxies and objects whose `toString` throws all give a
 * short readable text.
 *
 * @param value Anything.
 * @returns A short description such as `"abc"`, `12n`, `Symbol(x)`,
 *   `a Float32Array of 4`, `an object`.
 * @example Describe odd values
 * ```ts
 * import { describeValue } from "./options.ts";
 * describeValue(10n); // "10n"
 * describeValue("x"); // '"x"'
 * ```
 */
export function describeValue(value: unknown): string {
  try {
    switch (typeof value) {
      case "string": {
        const s = value.length > 60 ? value.slice(0, 57) + "..." : value;
        return JSON.stringify(s);
      }
      case "bigint":
        return `${value}n`;
      case "symbol":
        return value.toString();
      case "function":
        return "a function";
      case "undefined":
        return "undefined";
      case "number":
      case "boolean":
        return String(value);
    }
    if (value === null) return "null";
    if (ArrayBuffer.isView(value)) {
      const name = value.constructor?.name ?? "typed array";
      const detached = value.buffer.byteLength === 0 && value.byteLength === 0;
      return detached
        ? `a detached ${name}`
        : `${/^[AEIO]/.test(name) ? "an" : "a"} ${name} of ${
          "length" in value
            ? (value as unknown as { length: number }).length
            : value.byteLength
        }`;
    }
    if (value instanceof ArrayBuffer) {
      return `an ArrayBuffer of ${value.byteLength} bytes`;
    }
    if (Array.isArray(value)) return `an array of ${value.length}`;
    return "an object";
  } catch {
    return "a value";
  }
}

/** Edit distance between two short strings (options, names). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(
        row[j] + 1,
        row[j - 1] + 1,
        prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return row[b.length];
}

/**
 * The candidate nearest to `word` (case-insensitive edit distance), or
 * `undefined` when none is close enough to be a likely typo.
 *
 * @param word What the user wrote.
 * @param candidates The valid names.
 * @returns The nearest valid name, or `undefined`.
 * @example Suggest an option
 * ```ts
 * import { nearestName } from "./options.ts";
 * nearestName("samplerat", ["samplerate", "channels"]); // "samplerate"
 * ```
 */
export function nearestName(
  word: string,
  candidates: Iterable<string>,
): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(word.length, best.length) / 3));
  const contains = best.toLowerCase().includes(word.toLowerCase()) ||
    word.toLowerCase().includes(best.toLowerCase());
  return bestD <= limit || (contains && word.length >= 3) ? best : undefined;
}

/**
 * Checks an options object: it must be `undefined`, `null` or a plain
 * object, and every own key must be one of `allowed`. A misspelt key throws a
 * `TypeError` naming it and the nearest valid key, as Python raises on an
 * unexpected keyword argument.
 *
 * @param where The function or class, for the message (`"OutputStream"`).
 * @param options What the caller passed.
 * @param allowed The valid keys.
 * @throws {TypeError} When `options` is not an object or has an unknown key.
 * @example Reject a typo
 * ```ts
 * import { checkOptions } from "./options.ts";
 * try {
 *   checkOptions("play", { samplerat: 48000 }, ["samplerate", "device"]);
 * } catch (e) {
 *   // TypeError: play: unknown option "samplerat" (did you mean "samplerate"?)
 * }
 * ```
 */
export function checkOptions(
  where: string,
  options: unknown,
  allowed: readonly string[],
): void {
  if (options === undefined || options === null) return;
  if (
    typeof options !== "object" || Array.isArray(options) ||
    ArrayBuffer.isView(options) || options instanceof ArrayBuffer ||
    options instanceof SharedArrayBuffer || options instanceof Map ||
    options instanceof Set || options instanceof Promise
  ) {
    throw new TypeError(
      `${where}: options must be an object of named settings, got ${
        describeValue(options)
      }`,
    );
  }
  for (const key of Reflect.ownKeys(options)) {
    if (typeof key === "symbol") continue;
    if (allowed.includes(key)) continue;
    const near = nearestName(key, allowed);
    throw new TypeError(
      `${where}: unknown option ${JSON.stringify(key)}` +
        (near ? ` (did you mean ${JSON.stringify(near)}?)` : "") +
        `; valid options: ${allowed.join(", ")}`,
    );
  }
}

/**
 * Checks a string that will be passed to C: it must be a string without NUL
 * bytes (C would cut it short there), as Python raises "embedded null byte".
 *
 * @param where The function and argument, for the message (`"readFile(path)"`).
 * @param value What the caller passed.
 * @returns The string.
 * @throws {TypeError} When `value` is not a string or contains `"\0"`.
 * @example Reject a NUL byte
 * ```ts
 * import { checkCString } from "./options.ts";
 * checkCString("PCM(device)", "default"); // "default"
 * ```
 */
export function checkCString(where: string, value: unknown): string {
  if (typeof value !== "string") {
    throw new TypeError(
      `${where} must be a string, got ${describeValue(value)}`,
    );
  }
  if (value.includes("\0")) {
    throw new TypeError(
      `${where}: embedded null byte in ${describeValue(value)}`,
    );
  }
  return value;
}
