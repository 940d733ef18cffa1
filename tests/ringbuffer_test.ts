import assert from "node:assert/strict";
import { SharedRingBuffer } from "../src/realtime/ringbuffer.ts";

Deno.test("SharedRingBuffer.create() rounds the capacity up to a power of two", () => {
  const ring = SharedRingBuffer.create({ frames: 100, channels: 3 });
  assert.equal(ring.capacity, 128);
  assert.equal(ring.availableWrite, 128);
  assert.equal(ring.availableRead, 0);
  assert.equal(ring.shared.data.byteLength, 128 * 3 * 4);
});

Deno.test("SharedRingBuffer.create() rejects bad sizes and dtypes before allocating", () => {
  assert.throws(() => SharedRingBuffer.create({ frames: 0 }), RangeError);
  assert.throws(() => SharedRingBuffer.create({ frames: 1.5 }), RangeError);
  assert.throws(
    () => SharedRingBuffer.create({ frames: 8, channels: 0 }),
    RangeError,
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => SharedRingBuffer.create({ frames: 8, dtype: "float64" as any }),
    TypeError,
  );
});

Deno.test("SharedRingBuffer.write() moves only what fits and read() returns it in order across the wrap", () => {
  const ring = SharedRingBuffer.create({
    frames: 8,
    channels: 2,
    dtype: "int16",
  });
  const src = Int16Array.from({ length: 12 }, (_, i) => i); // 6 frames
  assert.equal(ring.write(src), 6);
  const dst = new Int16Array(8);
  assert.equal(ring.read(dst), 4);
  assert.deepEqual([...dst], [0, 1, 2, 3, 4, 5, 6, 7]);
  // 2 frames left at positions 4..5; 6 more fit, wrapping past the end.
  const more = Int16Array.from({ length: 20 }, (_, i) => 100 + i); // 10 frames
  assert.equal(ring.write(more), 6);
  assert.equal(ring.availableWrite, 0);
  assert.equal(ring.write(more), 0);
  const all = new Int16Array(16);
  assert.equal(ring.read(all), 8);
  assert.deepEqual(
    [...all],
    [8, 9, 10, 11, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111],
  );
  assert.equal(ring.read(all), 0);
});

Deno.test("SharedRingBuffer counters keep working after wrapping past 2^32 frames", () => {
  const ring = SharedRingBuffer.create({ frames: 4 });
  // Move the shared counters just below 2^32 (as after a long stream).
  const h = new Int32Array(ring.shared.header);
  h[0] = -3; // write counter 2^32 - 3
  h[1] = -3; // read counter
  assert.equal(ring.availableRead, 0);
  assert.equal(ring.write(new Float32Array([1, 2, 3, 4])), 4);
  assert.equal(ring.availableRead, 4);
  const out = new Float32Array(4);
  assert.equal(ring.read(out), 4);
  assert.deepEqual([...out], [1, 2, 3, 4]);
  assert.equal(h[0], 1);
});

Deno.test("SharedRingBuffer.write() refuses partial frames", () => {
  const ring = SharedRingBuffer.create({ frames: 4, channels: 2 });
  assert.throws(() => ring.write(new Float32Array(3)), RangeError);
  assert.throws(() => ring.read(new Float32Array(3)), RangeError);
});

Deno.test("SharedRingBuffer.waitReadable() resolves on write and returns false on close", async () => {
  const ring = SharedRingBuffer.create({ frames: 16 });
  const waiting = ring.waitReadable(2);
  setTimeout(() => ring.write(new Float32Array(2)), 10);
  assert.equal(await waiting, true);
  const never = ring.waitReadable(10);
  setTimeout(() => ring.close(), 10);
  assert.equal(await never, false);
  assert.equal(ring.closed, true);
  assert.equal(ring.write(new Float32Array(1)), 0);
  // what was written before close stays readable
  assert.equal(ring.read(new Float32Array(4)), 2);
});

Deno.test("SharedRingBuffer.waitWritable() times out when nobody reads", async () => {
  const ring = SharedRingBuffer.create({ frames: 4 });
  ring.write(new Float32Array(4));
  assert.equal(await ring.waitWritable(1, 20), false);
});

Deno.test("SharedRingBuffer carries 200k frames from the main thread to a worker in order", async () => {
  const ring = SharedRingBuffer.create({
    frames: 64,
    channels: 2,
    dtype: "int32",
  });
  const total = 200_000;
  const worker = new Worker(
    new URL("./realtime_fixtures/ring_consumer.ts", import.meta.url),
    { type: "module" },
  );
  try {
    const result = new Promise<{ got: number; inOrder: boolean }>(
      (res, rej) => {
        worker.onmessage = (e) => res(e.data);
        worker.onerror = (e) => {
          e.preventDefault();
          rej(new Error(e.message));
        };
      },
    );
    worker.postMessage({ ring: ring.shared, total });
    const block = new Int32Array(50 * 2);
    let sent = 0;
    while (sent < total) {
      const n = Math.min(50, total - sent);
      const b = block.subarray(0, n * 2);
      for (let i = 0; i < n; i++) {
        b[i * 2] = (sent + i) * 2;
        b[i * 2 + 1] = (sent + i) * 2 + 1;
      }
      assert.equal(await ring.writeAll(b), n);
      sent += n;
    }
    const { got, inOrder } = await result;
    assert.equal(got, total);
    assert.equal(inOrder, true);
  } finally {
    worker.terminate();
  }
});
