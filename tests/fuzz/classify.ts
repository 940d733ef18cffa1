/**
 * What counts as an unclear error in the fuzz. An error is unclear when:
 *
 * 1. it is not an `Error` instance (a thrown string, `undefined`, an object);
 * 2. its message is JavaScript's or Deno's own text for a bug inside the
 *    library ({@linkcode INTERNAL}: "x is not a function", "Invalid FFI u32
 *    type, expected integer", "Cannot read properties of undefined", ...);
 * 3. or its message names none of: the function or method called, its class,
 *    the arguments or options given, a string value given (compared without
 *    case, spaces and punctuation). Python's own messages for the same
 *    mistake count as clear (the generators list their key words).
 *
 * An `AbortError`/`TimeoutError` from an `AbortSignal` the call was given is
 * expected.
 *
 * @module
 */

/** Messages that come from a bug inside the library, not from its checks. */
export const INTERNAL: RegExp =
  /is not a function|is not iterable|Invalid FFI|Cannot read properties|(undefined|null) is not (a function|an object|iterable|a constructor)|expected integer|Maximum call stack|Cannot convert a (Symbol|BigInt)|Cannot mix BigInt|is not a constructor|Array buffer allocation failed|Invalid typed array length|Invalid array length|out of memory|detached ArrayBuffer|is not defined|Cannot access .* before initialization|Converting circular structure|offset is out of bounds|Start offset .* is outside|Invalid atomic access|not a valid pointer|Invalid pointer/i;

/** Describes any value in a few words without throwing. */
export function describe(v: unknown): string {
  try {
    if (v instanceof Error) return `${v.constructor.name}: ${v.message}`;
    switch (typeof v) {
      case "string":
        return JSON.stringify(v.length > 200 ? v.slice(0, 200) + "..." : v);
      case "bigint":
        return `${v}n`;
      case "symbol":
        return v.toString();
      case "function":
        return "a function";
      case "object": {
        if (v === null) return "null";
        if (ArrayBuffer.isView(v)) {
          return `${v.constructor.name}(${v.byteLength} bytes)`;
        }
        const s = JSON.stringify(
          v,
          (_k, x) => (typeof x === "bigint" ? `${x}n` : x),
        );
        return s === undefined
          ? "an object"
          : s.length > 200
          ? s.slice(0, 200) + "..."
          : s;
      }
      default:
        return String(v);
    }
  } catch {
    return "an undescribable value";
  }
}

/**
 * Why `e` is an unclear error for a call whose clear errors name one of
 * `names`, or `null` when it is clear.
 */
export function unclearReason(
  e: unknown,
  names: readonly string[],
): string | null {
  if (!(e instanceof Error)) return `not an Error: ${describe(e)}`;
  if (e.name === "AbortError" || e.name === "TimeoutError") return null;
  const msg = String(e.message ?? "");
  if (INTERNAL.test(msg)) return "internal error text";
  if (msg.trim() === "") return "empty message";
  // Compared without case, spaces or punctuation: "worker stream" names WorkerStream.
  const flat = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const low = flat(msg);
  if (!names.some((n) => flat(n) !== "" && low.includes(flat(n)))) {
    return "names neither the function nor the argument";
  }
  return null;
}
