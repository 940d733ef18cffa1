/**
 * Declarative C struct layouts with C alignment rules (x86_64 / aarch64 LP64,
 * and LLP64 `long` on Windows).
 *
 * A layout is described once as an ordered list of fields; offsets, size and
 * alignment are computed the way a C compiler does. Tests pin the results
 * against `sizeof`/`offsetof` compiled from the real headers.
 *
 * @module
 */

/** C scalar field types understood by {@linkcode defineStruct}. */
export type FieldType =
  | "i8"
  | "u8"
  | "i16"
  | "u16"
  | "i32"
  | "u32"
  | "i64"
  | "u64"
  | "f32"
  | "f64"
  | "pointer"
  | "long"
  | "ulong";

const LONG_SIZE = Deno.build.os === "windows" ? 4 : 8;

const SIZES: Record<FieldType, number> = {
  i8: 1,
  u8: 1,
  i16: 2,
  u16: 2,
  i32: 4,
  u32: 4,
  i64: 8,
  u64: 8,
  f32: 4,
  f64: 8,
  pointer: 8,
  long: LONG_SIZE,
  ulong: LONG_SIZE,
};

/** A field: a scalar type, or a fixed-size array / nested struct given by size and alignment. */
export type FieldSpec = FieldType | {
  readonly size: number;
  readonly align: number;
};

/** A computed layout. */
export interface StructLayout<K extends string> {
  /** Struct size in bytes, including tail padding. */
  readonly size: number;
  /** Struct alignment in bytes. */
  readonly align: number;
  /** Byte offset of each field. */
  readonly offsets: { readonly [P in K]: number };
  /** Type of each field. */
  readonly types: { readonly [P in K]: FieldSpec };
}

/**
 * Computes offsets, size and alignment of a C struct.
 *
 * @param fields Ordered `[name, type]` pairs, as declared in C.
 * @returns The layout.
 * @example
 * ```ts
 * import { defineStruct } from "./struct.ts";
 * const L = defineStruct([["a", "i32"], ["b", "f64"]] as const);
 * console.assert(L.offsets.b === 8 && L.size === 16);
 * ```
 */
export function defineStruct<
  const F extends readonly (readonly [string, FieldSpec])[],
>(
  fields: F,
): StructLayout<F[number][0]> {
  let offset = 0;
  let align = 1;
  const offsets: Record<string, number> = {};
  const types: Record<string, FieldSpec> = {};
  for (const [name, type] of fields) {
    const size = typeof type === "string" ? SIZES[type] : type.size;
    const a = typeof type === "string" ? SIZES[type] : type.align;
    offset = Math.ceil(offset / a) * a;
    offsets[name] = offset;
    types[name] = type;
    offset += size;
    align = Math.max(align, a);
  }
  const size = Math.ceil(offset / align) * align;
  return { size, align, offsets, types } as StructLayout<F[number][0]>;
}

/**
 * Reads one scalar field of a struct through a pointer view.
 *
 * @param view View over the struct's memory.
 * @param layout The struct's layout.
 * @param field Field name.
 * @returns The value (`bigint` for 64-bit integers, a pointer for pointers).
 */
export function readField<K extends string>(
  view: Deno.UnsafePointerView,
  layout: StructLayout<K>,
  field: K,
): number | bigint | Deno.PointerValue {
  const off = layout.offsets[field];
  const t = layout.types[field];
  switch (t) {
    case "i8":
      return view.getInt8(off);
    case "u8":
      return view.getUint8(off);
    case "i16":
      return view.getInt16(off);
    case "u16":
      return view.getUint16(off);
    case "i32":
      return view.getInt32(off);
    case "u32":
      return view.getUint32(off);
    case "i64":
      return view.getBigInt64(off);
    case "u64":
      return view.getBigUint64(off);
    case "f32":
      return view.getFloat32(off);
    case "f64":
      return view.getFloat64(off);
    case "pointer":
      return view.getPointer(off);
    case "long":
      return LONG_SIZE === 8
        ? Number(view.getBigInt64(off))
        : view.getInt32(off);
    case "ulong":
      return LONG_SIZE === 8
        ? Number(view.getBigUint64(off))
        : view.getUint32(off);
    default:
      throw new TypeError(`Field "${field}" is not a scalar`);
  }
}

/**
 * Writes one scalar field of a struct into a `DataView` (little-endian).
 *
 * @param dv View over the struct's memory (JS-owned buffer).
 * @param layout The struct's layout.
 * @param field Field name.
 * @param value Value to store; pointers as `Deno.PointerValue`.
 */
export function writeField<K extends string>(
  dv: DataView,
  layout: StructLayout<K>,
  field: K,
  value: number | bigint | Deno.PointerValue,
): void {
  const off = layout.offsets[field];
  const t = layout.types[field];
  switch (t) {
    case "i8":
      return dv.setInt8(off, Number(value));
    case "u8":
      return dv.setUint8(off, Number(value));
    case "i16":
      return dv.setInt16(off, Number(value), true);
    case "u16":
      return dv.setUint16(off, Number(value), true);
    case "i32":
      return dv.setInt32(off, Number(value), true);
    case "u32":
      return dv.setUint32(off, Number(value), true);
    case "i64":
    case "long":
      if (t === "long" && LONG_SIZE === 4) {
        return dv.setInt32(off, Number(value), true);
      }
      return dv.setBigInt64(off, BigInt(value as number | bigint), true);
    case "u64":
    case "ulong":
      if (t === "ulong" && LONG_SIZE === 4) {
        return dv.setUint32(off, Number(value), true);
      }
      return dv.setBigUint64(off, BigInt(value as number | bigint), true);
    case "f32":
      return dv.setFloat32(off, Number(value), true);
    case "f64":
      return dv.setFloat64(off, Number(value), true);
    case "pointer":
      return dv.setBigUint64(
        off,
        value === null
          ? 0n
          : BigInt(Deno.UnsafePointer.value(value as Deno.PointerObject)),
        true,
      );
    default:
      throw new TypeError(`Field "${field}" is not a scalar`);
  }
}
