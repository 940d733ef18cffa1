import assert from "node:assert/strict";
import { defineStruct, readField, writeField } from "../ffi/struct.ts";
import { cLayout } from "./_c.ts";

Deno.test("defineStruct() pads fields and the tail like a C compiler", async () => {
  const ours = defineStruct(
    [
      ["a", "u8"],
      ["b", "f64"],
      ["c", "i16"],
      ["d", "pointer"],
      ["e", "i32"],
      ["f", { size: 3, align: 1 }],
    ] as const,
  );
  const c = await cLayout(
    ["typedef struct { unsigned char a; double b; short c; void *d; int e; char f[3]; } probe_t;"],
    "probe_t",
    { a: "a", b: "b", c: "c", d: "d", e: "e", f: "f" },
  );
  assert.equal(ours.size, c.size);
  assert.deepEqual(ours.offsets, c.offsets);
});

Deno.test("writeField() then readField() round-trips every scalar type", () => {
  const L = defineStruct(
    [
      ["i8", "i8"],
      ["u16", "u16"],
      ["i32", "i32"],
      ["f32", "f32"],
      ["i64", "i64"],
      ["f64", "f64"],
      ["long", "long"],
      ["ulong", "ulong"],
      ["ptr", "pointer"],
    ] as const,
  );
  const buf = new Uint8Array(L.size);
  const dv = new DataView(buf.buffer);
  const p = Deno.UnsafePointer.create(0x1234_5678n);
  writeField(dv, L, "i8", -5);
  writeField(dv, L, "u16", 65000);
  writeField(dv, L, "i32", -123456);
  writeField(dv, L, "f32", 0.5);
  writeField(dv, L, "i64", -(2n ** 40n));
  writeField(dv, L, "f64", Math.PI);
  writeField(dv, L, "long", -42);
  writeField(dv, L, "ulong", 42);
  writeField(dv, L, "ptr", p);
  const view = new Deno.UnsafePointerView(Deno.UnsafePointer.of(buf)!);
  assert.equal(readField(view, L, "i8"), -5);
  assert.equal(readField(view, L, "u16"), 65000);
  assert.equal(readField(view, L, "i32"), -123456);
  assert.equal(readField(view, L, "f32"), 0.5);
  assert.equal(readField(view, L, "i64"), -(2n ** 40n));
  assert.equal(readField(view, L, "f64"), Math.PI);
  assert.equal(readField(view, L, "long"), -42);
  assert.equal(readField(view, L, "ulong"), 42);
  assert.equal(
    Deno.UnsafePointer.value(readField(view, L, "ptr") as Deno.PointerObject),
    0x1234_5678n,
  );
});
