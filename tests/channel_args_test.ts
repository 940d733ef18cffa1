import assert from "node:assert/strict";
import { getChannel, setChannel } from "../mod.ts";

Deno.test("getChannel()/setChannel() name the wrong argument", () => {
  assert.throws(
    () => getChannel(new Int8Array(16), {} as never, 0),
    /getChannel\(channels\) must be an integer >= 1, got an object/,
  );
  assert.throws(
    () => getChannel(new Int16Array(16), 2, Symbol("x") as never),
    /getChannel\(channel\) must be an integer in 0\.\.1, got Symbol\(x\)/,
  );
  assert.throws(
    () => setChannel(new Int32Array(24), 3, 2, undefined as never),
    /setChannel\(src\) must be a number or hold at least 8 samples/,
  );
  assert.throws(
    () => setChannel("abc" as never, 2, 0, 1),
    /setChannel\(data\) must be a typed array/,
  );
  const buf = new ArrayBuffer(16);
  const view = new Float32Array(buf);
  structuredClone(buf, { transfer: [buf] });
  assert.throws(() => getChannel(view, 2, 0), /detached Float32Array/);
  assert.deepEqual([...getChannel(new Float32Array([1, 2, 3, 4]), 2, 1)], [
    2,
    4,
  ]);
});
