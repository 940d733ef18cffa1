import assert from "node:assert/strict";
import {
  checkCString,
  checkOptions,
  describeValue,
  nearestName,
} from "../src/options.ts";

Deno.test("checkOptions() names an unknown key and the nearest valid one", () => {
  assert.throws(
    () => checkOptions("play", { samplerat: 1 }, ["samplerate", "device"]),
    (e: unknown) =>
      e instanceof TypeError && /unknown option "samplerat"/.test(e.message) &&
      /did you mean "samplerate"\?/.test(e.message),
  );
});

Deno.test("checkOptions() accepts known keys, undefined and null", () => {
  checkOptions("f", { a: 1 }, ["a", "b"]);
  checkOptions("f", undefined, ["a"]);
  checkOptions("f", null, ["a"]);
});

Deno.test("checkOptions() refuses non-objects", () => {
  assert.throws(() => checkOptions("f", 3, ["a"]), TypeError);
  assert.throws(() => checkOptions("f", [1], ["a"]), TypeError);
  assert.throws(() => checkOptions("f", "x", ["a"]), TypeError);
});

Deno.test("checkOptions() gives no suggestion for an unrelated key", () => {
  assert.throws(
    () => checkOptions("f", { zzzzzz: 1 }, ["samplerate"]),
    (e: unknown) => e instanceof TypeError && !/did you mean/.test(e.message),
  );
});

Deno.test("nearestName() is case-insensitive", () => {
  assert.equal(
    nearestName("sampleRate", ["samplerate", "dtype"]),
    "samplerate",
  );
  assert.equal(nearestName("chanels", ["channels", "dtype"]), "channels");
});

Deno.test("checkCString() refuses NUL bytes and non-strings", () => {
  assert.equal(checkCString("x", "abc"), "abc");
  assert.throws(() => checkCString("x", "a\0b"), /embedded null byte/);
  assert.throws(() => checkCString("x", 3), TypeError);
});

Deno.test("describeValue() never throws", () => {
  assert.equal(describeValue(5n), "5n");
  assert.equal(describeValue(Symbol("s")), "Symbol(s)");
  const buf = new ArrayBuffer(8);
  const view = new Float32Array(buf);
  structuredClone(buf, { transfer: [buf] });
  assert.equal(describeValue(view), "a detached Float32Array");
  const evil = new Proxy({}, {
    get(): never {
      throw new Error("no");
    },
  });
  assert.equal(typeof describeValue(evil), "string");
});

Deno.test("describeValue() uses the right article", () => {
  assert.equal(describeValue(new Int16Array(2)), "an Int16Array of 2");
  assert.equal(describeValue(new Float32Array(3)), "a Float32Array of 3");
});

Deno.test("describeValue() says 'a Uint8Array'", () => {
  assert.equal(describeValue(new Uint8Array(4)), "a Uint8Array of 4");
});
