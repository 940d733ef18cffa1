/**
 * Tests that the I/O helpers (readFull, writeAll, inputBlocks, captureStream,
 * playbackStream, flush, takeXruns, toEndpoint), SharedRingBuffer,
 * CallbackFlags, queryHostapis() and matchDeviceQuery() refuse bad arguments
 * with a typed error naming the function and the argument.
 *
 * Checks that need no device run everywhere; queryHostapis() (it
 * initializes PortAudio) runs with `-- --hardware`.
 */
import assert from "node:assert/strict";
import {
  CallbackFlags,
  captureStream,
  flush,
  type FrameEndpoint,
  inputBlocks,
  matchDeviceQuery,
  playbackStream,
  queryHostapis,
  readFull,
  type RingSamples,
  SharedRingBuffer,
  takeXruns,
  toEndpoint,
  writeAll,
} from "../mod.ts";
import { hwTest } from "./_hw.ts";
import { type ErrorClass, rejectsNaming, throwsNaming } from "./_arg_errors.ts";

// --- the I/O helpers ----------------------------------------------------------

/** A hand-made mono float32 endpoint that can always move 64 frames. */
function endpoint(channels = 1): FrameEndpoint {
  return {
    samplerate: 48000,
    channels,
    closed: false,
    writable: () => 64,
    writeNow: (src: RingSamples) => src.length / channels,
    readable: () => 64,
    readNow: (dst: RingSamples) => dst.length / channels,
    allocate: (n: number) => new Float32Array(n),
  };
}

/** An object that looks like an output-only PortAudio blocking stream. */
const outputOnly = {
  samplerate: 48000,
  channels: 1,
  dtype: "float32",
  write: () => Promise.resolve(false),
};
/** An object that looks like an input-only PortAudio blocking stream. */
const inputOnly = {
  samplerate: 48000,
  channels: 1,
  dtype: "float32",
  read: () => Promise.resolve({ data: new Float32Array(0), overflowed: false }),
};

Deno.test("writeAll()/readFull() name their target and samples arguments", async () => {
  for (const t of [42, null, "pcm", {}]) {
    await rejectsNaming(
      () => writeAll(t as never, new Float32Array(4)),
      TypeError,
      ["writeAll(target)"],
    );
    await rejectsNaming(
      () => readFull(t as never, new Float32Array(4)),
      TypeError,
      ["readFull(source)"],
    );
  }
  await rejectsNaming(
    () => readFull(outputOnly as never, new Float32Array(4)),
    TypeError,
    ["readFull(source)", "input stream"],
  );
  await rejectsNaming(
    () => writeAll(inputOnly as never, new Float32Array(4)),
    TypeError,
    ["writeAll(target)", "output stream"],
  );
  const detached = new Float32Array(4);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  for (
    const d of [
      "x",
      [0.5],
      new DataView(new ArrayBuffer(8)),
      new BigInt64Array(2),
      detached,
    ]
  ) {
    await rejectsNaming(() => writeAll(endpoint(), d as never), TypeError, [
      "writeAll(data)",
    ]);
    await rejectsNaming(() => readFull(endpoint(), d as never), TypeError, [
      "readFull(dst)",
    ]);
  }
  await rejectsNaming(
    () => writeAll(endpoint(2), new Float32Array(3)),
    RangeError,
    ["writeAll(data)", "whole frames"],
  );
  await rejectsNaming(
    () => readFull(endpoint(2), new Float32Array(3)),
    RangeError,
    ["readFull(dst)", "whole frames"],
  );
});

Deno.test("toEndpoint() checks its direction; flush()/takeXruns() their target", async () => {
  throwsNaming(
    () => toEndpoint(endpoint(), "sideways" as never),
    TypeError,
    ["toEndpoint(direction)", "sideways"],
  );
  throwsNaming(() => toEndpoint(7 as never, "read"), TypeError, [
    "toEndpoint(target)",
  ]);
  for (const t of [undefined, 42, "x"]) {
    await rejectsNaming(() => flush(t as never), TypeError, ["flush(target)"]);
    throwsNaming(() => takeXruns(t as never), TypeError, ["takeXruns(stream)"]);
  }
});

Deno.test("inputBlocks()/captureStream() bound blocksize to 1..2^24; captureStream()/playbackStream() check highWaterMark", async () => {
  for (
    const [bs, cls] of [
      [0, RangeError],
      [2 ** 24 + 1, RangeError],
      [1.5, RangeError],
      [NaN, RangeError],
      ["64", TypeError],
    ] as [unknown, ErrorClass][]
  ) {
    const blocksize = bs as number;
    await rejectsNaming(
      () => inputBlocks(endpoint(), { blocksize }).next(),
      cls,
      ["inputBlocks", "blocksize"],
    );
    throwsNaming(() => captureStream(endpoint(), { blocksize }), cls, [
      "captureStream",
      "blocksize",
    ]);
  }
  await rejectsNaming(
    () => inputBlocks(outputOnly as never).next(),
    TypeError,
    ["inputBlocks(source)"],
  );
  for (const hwm of [-1, NaN, "10"]) {
    const highWaterMark = hwm as number;
    throwsNaming(
      () => captureStream(endpoint(), { highWaterMark }),
      RangeError,
      ["captureStream", "highWaterMark"],
    );
    throwsNaming(
      () => playbackStream(endpoint(), { highWaterMark }),
      RangeError,
      ["playbackStream", "highWaterMark"],
    );
  }
  throwsNaming(() => captureStream(outputOnly as never), TypeError, [
    "captureStream(source)",
  ]);
  throwsNaming(() => playbackStream(inputOnly as never), TypeError, [
    "playbackStream(target)",
  ]);
  // A chunk that is not samples fails the write naming the stream.
  const ws = playbackStream(endpoint());
  const writer = ws.getWriter();
  await rejectsNaming(() => writer.write("x" as never), TypeError, [
    "playbackStream",
    "chunk",
  ]);
});

// --- SharedRingBuffer ---------------------------------------------------------

Deno.test("SharedRingBuffer.create() refuses unknown options, bad sizes and more than 1 GiB", () => {
  for (const o of [undefined, null]) {
    throwsNaming(() => SharedRingBuffer.create(o as never), TypeError, [
      "SharedRingBuffer.create(options)",
    ]);
  }
  throwsNaming(
    () => SharedRingBuffer.create({ frames: 8, chanels: 2 } as never),
    TypeError,
    ["SharedRingBuffer.create", '"chanels"', 'did you mean "channels"'],
  );
  for (const frames of [0, -1, NaN, 1.5, 2 ** 28 + 1, "8"]) {
    throwsNaming(
      () => SharedRingBuffer.create({ frames: frames as number }),
      RangeError,
      ["SharedRingBuffer.create", "frames"],
    );
  }
  throwsNaming(
    () => SharedRingBuffer.create({ frames: 8, channels: 0 }),
    RangeError,
    ["SharedRingBuffer.create", "channels"],
  );
  throwsNaming(
    () => SharedRingBuffer.create({ frames: 8, dtype: 5 as never }),
    TypeError,
    ["SharedRingBuffer.create", "dtype"],
  );
  // 2^28 frames x 2 channels x 4 bytes = 2 GiB: refused before allocating.
  throwsNaming(
    () => SharedRingBuffer.create({ frames: 2 ** 28, channels: 2 }),
    RangeError,
    ["SharedRingBuffer.create", "1073741824-byte limit"],
  );
});

Deno.test("SharedRingBuffer waits refuse NaN, negative and non-number frames and timeouts", async () => {
  const ring = SharedRingBuffer.create({ frames: 8 });
  for (const m of ["waitReadable", "waitWritable"] as const) {
    for (
      const [frames, cls] of [
        ["1", TypeError],
        [NaN, RangeError],
        [-1, RangeError],
      ] as [unknown, ErrorClass][]
    ) {
      await rejectsNaming(() => ring[m](frames as number), cls, [
        `${m}(frames)`,
      ]);
    }
    for (
      const [t, cls] of [
        ["10", TypeError],
        [null, TypeError],
        [NaN, RangeError],
        [-5, RangeError],
      ] as [unknown, ErrorClass][]
    ) {
      await rejectsNaming(() => ring[m](1, t as number), cls, [
        `${m}(timeoutMs)`,
      ]);
    }
  }
  ring.close();
});

Deno.test("SharedRingBuffer read/write/readFull/writeAll refuse what is not a live sample array", async () => {
  const ring = SharedRingBuffer.create({ frames: 8, channels: 2 });
  const detached = new Float32Array(0);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  for (
    const bad of [
      "x",
      [1, 2],
      new DataView(new ArrayBuffer(8)),
      new BigUint64Array(2),
      detached,
    ]
  ) {
    throwsNaming(() => ring.write(bad as never), TypeError, [
      "SharedRingBuffer.write(src)",
    ]);
    throwsNaming(() => ring.read(bad as never), TypeError, [
      "SharedRingBuffer.read(dst)",
    ]);
    await rejectsNaming(() => ring.writeAll(bad as never), TypeError, [
      "SharedRingBuffer.writeAll(src)",
    ]);
    await rejectsNaming(() => ring.readFull(bad as never), TypeError, [
      "SharedRingBuffer.readFull(dst)",
    ]);
  }
  throwsNaming(() => ring.write(new Float32Array(3)), RangeError, [
    "channels",
  ]);
  ring.close();
});

// --- CallbackFlags, queryHostapis(), matchDeviceQuery() ----------------------

Deno.test("CallbackFlags takes only integer bit masks in 0..0xffffffff", () => {
  for (
    const [v, cls] of [
      ["1", TypeError],
      [1n, TypeError],
      [null, TypeError],
      [-1, RangeError],
      [2 ** 32, RangeError],
      [1.5, RangeError],
      [NaN, RangeError],
    ] as [unknown, ErrorClass][]
  ) {
    throwsNaming(() => new CallbackFlags(v as number), cls, [
      "CallbackFlags(flags)",
    ]);
    throwsNaming(() => new CallbackFlags().or(v as number), cls, [
      "CallbackFlags.or(other)",
    ]);
  }
  assert.equal(new CallbackFlags(0xffffffff).value, 0xffffffff);
  assert.equal(new CallbackFlags(1).or(new CallbackFlags(4)).value, 5);
});

hwTest(
  "queryHostapis() refuses a non-integer index and one out of range, naming the valid range",
  () => {
    const count = (queryHostapis() as unknown[]).length;
    for (const i of ["0", 0.5, null, 1n]) {
      throwsNaming(() => queryHostapis(i as number), TypeError, [
        "queryHostapis(index)",
      ]);
    }
    for (const i of [-1, count, 1e9]) {
      throwsNaming(() => queryHostapis(i), RangeError, [
        "queryHostapis(index)",
        `0 to ${count - 1}`,
      ]);
    }
  },
);

Deno.test("matchDeviceQuery() checks its candidates and kind", () => {
  const ok = [{ index: 3, name: "pulse", hostapiName: "ALSA" }];
  assert.equal(matchDeviceQuery("pulse", ok), 3);
  for (const c of [42, null, "pulse", { length: 1 }]) {
    throwsNaming(() => matchDeviceQuery("pulse", c as never), TypeError, [
      "matchDeviceQuery(candidates)",
    ]);
  }
  for (
    const el of [null, "pulse", { index: "3", name: "a", hostapiName: "b" }, {
      index: 1,
      name: 5,
      hostapiName: "b",
    }]
  ) {
    throwsNaming(
      () => matchDeviceQuery("pulse", [ok[0], el] as never),
      TypeError,
      ["matchDeviceQuery(candidates)", "element 1"],
    );
  }
  throwsNaming(
    () => matchDeviceQuery("pulse", ok, "both" as never),
    TypeError,
    ["matchDeviceQuery(kind)", '"both"'],
  );
});
