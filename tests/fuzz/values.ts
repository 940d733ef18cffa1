/**
 * Argument generators for the fuzz driver. Each draw is an {@linkcode Arg}:
 * the value, the TypeScript source that makes it (for the printed call), and
 * whether it is invalid for the parameter (then a call that succeeds with it
 * is reported as "accepted": the library took garbage without a word).
 *
 * Hostile values: wrong types, NaN, ±Infinity, huge and negative numbers,
 * BigInt, Symbol, detached buffers, NUL bytes in strings, empty arrays,
 * unknown option keys. Strings with a NUL byte always start with a safe
 * name, so that a library that cuts them short opens nothing unsafe.
 *
 * @module
 */
import type { Rng } from "./prng.ts";

/** One drawn argument. */
export interface Arg {
  /** The value passed. */
  v: unknown;
  /** TypeScript source that makes the value. */
  src: string;
  /** `true` when no valid call accepts this value here. */
  bad: boolean;
}

/** A valid argument. */
export function good(v: unknown, src?: string): Arg {
  return { v, src: src ?? lit(v), bad: false };
}

/** An invalid argument. */
export function bad(v: unknown, src?: string): Arg {
  return { v, src: src ?? lit(v), bad: true };
}

/** TypeScript source for a plain value. */
export function lit(v: unknown): string {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v).replaceAll("\\u0000", "\\0");
    case "bigint":
      return `${v}n`;
    case "symbol":
      return `Symbol("${v.description ?? ""}")`;
    case "undefined":
      return "undefined";
    case "function":
      return "() => 0";
    case "number":
      if (Object.is(v, -0)) return "-0";
      return String(v);
    case "boolean":
      return String(v);
  }
  if (v === null) return "null";
  if (Array.isArray(v)) return `[${v.map(lit).join(", ")}]`;
  if (ArrayBuffer.isView(v)) {
    const name = v.constructor.name;
    if (v.buffer.byteLength === 0 && v.byteLength === 0) {
      return `detached(new ${name}(8))`;
    }
    const len = "length" in v ? (v as unknown as ArrayLike<number>).length : 0;
    return `new ${name}(${len})`;
  }
  if (v instanceof ArrayBuffer) return `new ArrayBuffer(${v.byteLength})`;
  return "{}";
}

/** A typed array view whose buffer was transferred away (length 0). */
export function detached<T extends ArrayBufferView>(view: T): T {
  (view.buffer as ArrayBuffer).transfer();
  return view;
}

const SAMPLE_TYPES = [
  Float32Array,
  Int16Array,
  Int32Array,
  Int8Array,
  Uint8Array,
  Float64Array,
] as const;

/** Values that are wrong for almost any parameter. */
function anyHostile(r: Rng): Arg {
  switch (r.int(0, 17)) {
    case 0:
      return bad(NaN);
    case 1:
      return bad(Infinity);
    case 2:
      return bad(-Infinity);
    case 3:
      return bad(10n);
    case 4:
      return bad(Symbol("fuzz"));
    case 5:
      return bad({});
    case 6:
      return bad([]);
    case 7:
      return bad(() => 0);
    case 8:
      return bad(true);
    case 9:
      return bad("");
    case 10:
      return bad("fuzz");
    case 11:
      return bad(detached(new Float32Array(8)));
    case 12:
      return bad(1e300);
    case 13:
      return bad(-1);
    case 14:
      return bad(2 ** 53);
    case 15:
      return bad({ valueOf: () => 2 }, "{ valueOf: () => 2 }");
    case 16:
      return bad(new ArrayBuffer(0));
    default:
      return bad(Object.create(null), "Object.create(null)");
  }
}

/** Options of {@linkcode num}. */
export interface NumOptions {
  /** Must be an integer. */
  int?: boolean;
  /** Smallest valid value. */
  min?: number;
  /** Largest valid value. */
  max?: number;
  /** `null`/`undefined` are valid (mean "default"). */
  nullable?: boolean;
  /** Probability of a hostile draw (default 0.25). */
  p?: number;
}

/** Whether `v` is invalid for a number parameter described by `o`. */
function badNumber(v: unknown, o: NumOptions): boolean {
  if (v === null || v === undefined) return !o.nullable;
  if (typeof v !== "number" || !Number.isFinite(v)) return true;
  if (o.int && !Number.isInteger(v)) return true;
  if (o.min !== undefined && v < o.min) return true;
  if (o.max !== undefined && v > o.max) return true;
  return false;
}

/** A number parameter: one of `goods`, or (with probability `p`) hostile. */
export function num(r: Rng, goods: readonly number[], o: NumOptions = {}): Arg {
  if (!r.chance(o.p ?? 0.25)) return good(r.pick(goods));
  let a: Arg;
  switch (r.int(0, 5)) {
    case 0:
      a = {
        v: r.pick([0, -0, 0.5, 1.5, -7, 1e9, 2 ** 31, 2 ** 32 + 1]),
        src: "",
        bad: false,
      };
      break;
    case 1:
      a = { v: r.pick(["44100", "1", "2"]), src: "", bad: true };
      break;
    case 2:
      a = { v: r.pick([null, undefined]), src: "", bad: false };
      break;
    default:
      a = anyHostile(r);
  }
  return { v: a.v, src: lit(a.v), bad: badNumber(a.v, o) };
}

/** Options of {@linkcode str}. */
export interface StrOptions {
  /** `null`/`undefined` are valid. */
  nullable?: boolean;
  /** Probability of a hostile draw (default 0.25). */
  p?: number;
  /** Strings (besides `goods`) that are valid too. */
  alsoGood?: readonly string[];
}

/**
 * A string parameter: one of `goods`, or hostile: a wrong type, an unknown
 * name from `unknowns`, or a good one with a NUL byte and junk after it.
 */
export function str(
  r: Rng,
  goods: readonly string[],
  unknowns: readonly string[],
  o: StrOptions = {},
): Arg {
  if (!r.chance(o.p ?? 0.25)) return good(r.pick(goods));
  switch (r.int(0, 4)) {
    case 0:
    case 1: {
      const s = r.pick(unknowns);
      return { v: s, src: lit(s), bad: !(o.alsoGood ?? []).includes(s) };
    }
    case 2: {
      const s = `${r.pick(goods)}\0junk`;
      return bad(s);
    }
    case 3: {
      const v = r.pick([null, undefined]);
      return { v, src: lit(v), bad: !o.nullable };
    }
    default:
      return anyHostile(r);
  }
}

/** A boolean parameter (hostile: numbers, strings, objects). */
export function bool(r: Rng, p = 0.15): Arg {
  if (!r.chance(p)) return good(r.chance(0.5));
  // 0 and 1 pass for booleans in Python too.
  if (r.chance(0.25)) return good(r.pick([0, 1]));
  const a = r.chance(0.4) ? { v: r.pick(["yes", "false"]) } : anyHostile(r);
  return bad(a.v);
}

/** A sample array constructor by name. */
export type SampleType = typeof SAMPLE_TYPES[number];

/** Options of {@linkcode samples}. */
export interface SamplesOptions {
  /** Constructors that are valid here (default: all). */
  types?: readonly SampleType[];
  /** Probability of a hostile draw (default 0.2). */
  p?: number;
  /** Multiple of which the length must be (channels); 0: any. */
  multiple?: number;
}

/**
 * A typed array of `length` samples (a small sine, so that nothing loud
 * comes out), or hostile: detached, empty, the wrong type, a plain array, a
 * string, an odd length.
 */
export function samples(r: Rng, length: number, o: SamplesOptions = {}): Arg {
  const types = o.types ?? SAMPLE_TYPES;
  if (!r.chance(o.p ?? 0.2)) {
    const T = r.pick(types);
    const a = new T(length);
    const scale = T === Float32Array || T === Float64Array ? 0.05 : 100;
    for (let i = 0; i < length; i++) {
      a[i] = Math.round(Math.sin(i / 7) * scale * 100) / 100;
    }
    return { v: a, src: `new ${T.name}(${length})`, bad: false };
  }
  switch (r.int(0, 6)) {
    case 0: {
      const T = r.pick(types);
      return bad(detached(new T(8)), `detached(new ${T.name}(8))`);
    }
    case 1: {
      const T = r.pick(types);
      return good(new T(0), `new ${T.name}(0)`);
    }
    case 2: {
      const others = SAMPLE_TYPES.filter((t) => !types.includes(t));
      if (others.length === 0) return bad([0, 0], "[0, 0]");
      const T = r.pick(others);
      return bad(new T(length), `new ${T.name}(${length})`);
    }
    case 3:
      // Python converts sequences of numbers: an edge, not an error.
      return good([0, 0.1, 0.2], "[0, 0.1, 0.2]");
    case 4: {
      const T = r.pick(types);
      const n = length + 1;
      return {
        v: new T(n),
        src: `new ${T.name}(${n})`,
        bad: (o.multiple ?? 0) > 1 && n % (o.multiple ?? 1) !== 0,
      };
    }
    case 5: {
      const T = r.pick(types);
      const sab =
        new (T as unknown as new (b: SharedArrayBuffer) => ArrayBufferView)(
          new SharedArrayBuffer(length * T.BYTES_PER_ELEMENT),
        );
      return good(
        sab,
        `new ${T.name}(new SharedArrayBuffer(${length * T.BYTES_PER_ELEMENT}))`,
      );
    }
    default:
      return anyHostile(r);
  }
}

/** Spec of one option key: a draw of its value. */
export type OptionSpec = Record<string, (r: Rng) => Arg>;

/**
 * An options object: a random subset of `spec`'s keys, sometimes an unknown
 * key (a typo of a real one), sometimes not an object at all.
 *
 * @param keep Keys always present.
 */
export function options(
  r: Rng,
  spec: OptionSpec,
  keep: readonly string[] = [],
  pHostile = 0.06,
): Arg & { keys: string[] } {
  if (r.chance(pHostile)) {
    const a = r.chance(0.5) ? anyHostile(r) : bad(r.pick([5, "x", [1, 2]]));
    const plainEmpty = typeof a.v === "object" && a.v !== null &&
      !Array.isArray(a.v) && !ArrayBuffer.isView(a.v) &&
      !(a.v instanceof ArrayBuffer) && Reflect.ownKeys(a.v).length === 0;
    // An object without keys is valid options; null/undefined mean "none".
    return {
      ...a,
      bad: a.bad && !plainEmpty && a.v !== null && a.v !== undefined,
      keys: [],
    };
  }
  const o: Record<string, unknown> = {};
  const parts: string[] = [];
  const keys: string[] = [];
  let isBad = false;
  for (const [k, draw] of Object.entries(spec)) {
    if (!keep.includes(k) && !r.chance(0.45)) continue;
    const a = draw(r);
    if (a.v === undefined && r.chance(0.5)) continue;
    o[k] = a.v;
    parts.push(`${k}: ${a.src}`);
    // A message naming any option given names an argument.
    keys.push(k);
    if (a.bad) isBad = true;
  }
  if (r.chance(0.07)) {
    const real = Object.keys(spec);
    const typo = real.length > 0
      ? r.pick(real) + r.pick(["s", "_", "X"])
      : "bogus";
    o[typo] = 1;
    parts.push(`${typo}: 1`);
    keys.push(typo);
    isBad = true;
  }
  return {
    v: o,
    src: parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`,
    bad: isBad,
    keys,
  };
}
