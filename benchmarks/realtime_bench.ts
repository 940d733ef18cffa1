/**
 * `deno bench` micro-benchmarks behind the real-time design: the cost of a
 * synchronous FFI call against an awaited `nonblocking` one (why hot paths
 * move what fits synchronously), and the shared ring buffer's per-block cost
 * (what a worker callback pays to exchange a block with the main thread).
 *
 * Run: `deno bench -A benchmarks/realtime_bench.ts`
 *
 * @module
 */
import { libc, O_WRONLY } from "../ffi/libc.ts";
import { SharedRingBuffer } from "../src/realtime/ringbuffer.ts";

const c = libc();
const fd = c.open(new TextEncoder().encode("/dev/null\0"), O_WRONLY, 0);
const byte = new Uint8Array(1);

Deno.bench("write(2) of 1 byte to /dev/null, synchronous FFI call", {
  group: "ffi",
  baseline: true,
}, () => {
  c.write(fd, byte, 1n);
});

Deno.bench("write(2) of 1 byte to /dev/null, awaited nonblocking FFI call", {
  group: "ffi",
}, async () => {
  await c.write_nb(fd, byte, 1n);
});

const ring = SharedRingBuffer.create({ frames: 4096, channels: 2 });
const block = new Float32Array(256 * 2);
const out = new Float32Array(256 * 2);

Deno.bench("SharedRingBuffer write + read of 256 stereo float32 frames", {
  group: "ring",
}, () => {
  ring.write(block);
  ring.read(out);
});
