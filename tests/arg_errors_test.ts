/**
 * Tests that bad arguments get a typed error naming the function and the
 * argument, before C is touched: the convenience functions' frames, data and
 * blocksize, stream close()/reinitialize() options, blocking read()/write()
 * arguments, OSS errno messages, and the checks of the I/O helpers, the ring
 * buffer, CallbackFlags, queryHostapis() and matchDeviceQuery().
 *
 * Checks that need no device run everywhere; those that open a stream or
 * initialize PortAudio run with `-- --hardware`.
 */
import assert from "node:assert/strict";
import {
  CallbackFlags,
  captureStream,
  defaults,
  flush,
  type FrameEndpoint,
  getStream,
  inputBlocks,
  InputStream,
  matchDeviceQuery,
  OutputStream,
  play,
  playbackStream,
  playrec,
  PortAudioError,
  queryHostapis,
  RawInputStream,
  RawOutputStream,
  RawStream,
  readFull,
  rec,
  reinitialize,
  type RingSamples,
  SharedRingBuffer,
  sleep,
  stop,
  Stream,
  takeXruns,
  terminate,
  toEndpoint,
  wait,
  writeAll,
} from "../mod.ts";
import { open, openMixer, OSSAudioError } from "../oss.ts";
import { sysError } from "../src/oss/errors.ts";
import { libc } from "../ffi/libc.ts";
import { hwTest } from "./_hw.ts";

type ErrorClass = new (...args: never[]) => Error;

/** Asserts that `e` is an `cls` whose message holds every one of `words`. */
function names(e: unknown, cls: ErrorClass, words: string[]): true {
  assert.ok(
    e instanceof cls,
    `expected a ${cls.name}, got ${
      e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)
    }`,
  );
  for (const w of words) {
    assert.ok(
      (e as Error).message.includes(w),
      `${JSON.stringify((e as Error).message)} does not name ${
        JSON.stringify(w)
      }`,
    );
  }
  return true;
}

function throwsNaming(
  f: () => unknown,
  cls: ErrorClass,
  words: string[],
): void {
  assert.throws(f, (e: unknown) => names(e, cls, words));
}

/** Awaits `f()`, which must reject within 5 s (a call that never settles fails). */
async function rejectsNaming(
  f: () => unknown,
  cls: ErrorClass,
  words: string[],
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error("the call did not settle within 5 s")),
      5000,
    );
  });
  try {
    await assert.rejects(
      Promise.race([Promise.resolve().then(f), timeout]),
      (e: unknown) => names(e, cls, words),
    );
  } finally {
    clearTimeout(timer);
  }
}

// --- rec()/play()/playrec(): frames and data --------------------------------

Deno.test("rec() refuses frames that are not a frame count, naming rec and frames", async () => {
  const nullProto = Object.create(null);
  for (
    const [frames, cls] of [
      [{}, TypeError],
      [nullProto, TypeError], // String() of it throws: the message must not
      ["5", TypeError],
      [10n, TypeError],
      [Symbol("f"), TypeError],
      [1e300, RangeError],
      [-1, RangeError],
      [NaN, RangeError],
      [1.5, RangeError],
      [Infinity, RangeError],
    ] as [unknown, ErrorClass][]
  ) {
    await rejectsNaming(
      () => rec(frames as number, { channels: 1 }),
      cls,
      ["rec", "frames"],
    );
  }
  // Neither frames nor out: what is allowed is said.
  await rejectsNaming(() => rec(undefined, { channels: 1 }), TypeError, [
    "rec",
    "frames",
    "out",
  ]);
});

Deno.test("rec(): a frame count whose array cannot be allocated is a RangeError, not V8's text", async () => {
  // 2^50 float64 frames: 8 PiB.
  await rejectsNaming(
    () => rec(2 ** 50, { channels: 1, dtype: "float64" }),
    RangeError,
    ["rec(frames)", "bytes"],
  );
});

Deno.test("rec(): frames that disagree with out are refused; frames may be left out with out", async () => {
  await rejectsNaming(
    () => rec(10, { out: new Float32Array(20), channels: 1 }),
    RangeError,
    ["rec", "frames is 10", "out holds 20"],
  );
  await rejectsNaming(
    () => rec("x" as never, { out: new Float32Array(20), channels: 1 }),
    TypeError,
    ["rec(frames)", "out"],
  );
});

Deno.test("play()/playrec() name the function and data for data of the wrong kind", async () => {
  const detached = new Float32Array(8);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  for (
    const [data, cls, word] of [
      [undefined, TypeError, "data"],
      [{}, TypeError, "data"],
      [1e300, TypeError, "data"],
      [[0.1, "x"], TypeError, "data[1]"],
      [[new Float32Array(2), new Int16Array(2)], TypeError, "data[1]"],
      [[], RangeError, "data"],
      [detached, TypeError, "detached"],
      [[new Float32Array(2), detached], TypeError, "data[1]"],
    ] as [unknown, ErrorClass, string][]
  ) {
    await rejectsNaming(() => play(data as never, 48000), cls, ["play", word]);
    await rejectsNaming(
      () => playrec(data as never, 48000, { channels: 1 }),
      cls,
      ["playrec", word],
    );
  }
  await rejectsNaming(
    () => play(new Float32Array(4), { channels: "2" as never }),
    RangeError,
    ["play", "channels"],
  );
  await rejectsNaming(
    () => play(new Float32Array(4), { mapping: [Object.create(null)] }),
    RangeError,
    ["play", "mapping[0]"],
  );
  await rejectsNaming(
    () => playrec(new Float32Array(4), { out: new Float32Array(6) }),
    RangeError,
    ["playrec", "out has 6 frames", "data has 4"],
  );
});

Deno.test("play()/rec()/playrec() bound blocksize (0..2^24) before a device is opened", async () => {
  const data = new Float32Array(480);
  for (
    const [bs, cls] of [
      [2 ** 31, RangeError],
      [2 ** 24 + 1, RangeError],
      [-1, RangeError],
      [1.5, RangeError],
      [NaN, RangeError],
      ["64", TypeError],
    ] as [unknown, ErrorClass][]
  ) {
    const blocksize = bs as number;
    await rejectsNaming(() => play(data, 48000, { blocksize }), cls, [
      "play",
      "blocksize",
    ]);
    await rejectsNaming(
      () => rec(480, 48000, { channels: 1, blocksize }),
      cls,
      ["rec", "blocksize"],
    );
    await rejectsNaming(
      () => playrec(data, 48000, { channels: 1, blocksize }),
      cls,
      ["playrec", "blocksize"],
    );
  }
});

Deno.test("sleep() and the positional samplerate describe hostile values without throwing while doing so", async () => {
  const nullProto = Object.create(null);
  await rejectsNaming(() => sleep(nullProto), TypeError, ["sleep()", "ms"]);
  await rejectsNaming(() => sleep(Symbol("s") as never), TypeError, [
    "sleep()",
    "ms",
  ]);
  await rejectsNaming(() => sleep(-1), RangeError, ["sleep()", "ms"]);
  await rejectsNaming(
    () =>
      play(new Float32Array(48), 48000, { samplerate: Symbol("x") as never }),
    TypeError,
    ["play", "samplerate given twice", "Symbol(x)"],
  );
  await rejectsNaming(
    () => rec(48, 48000, { samplerate: nullProto }),
    TypeError,
    ["rec", "samplerate given twice", "an object"],
  );
});

Deno.test("play()/rec()/playrec() bound defaults.blocksize too, naming it", async () => {
  const saved = defaults.blocksize;
  defaults.blocksize = 2 ** 31; // the setter takes any integer >= 0
  try {
    await rejectsNaming(
      () => play(new Float32Array(48), 48000),
      RangeError,
      ["play", "defaults.blocksize"],
    );
    await rejectsNaming(
      () => rec(48, 48000, { channels: 1 }),
      RangeError,
      ["rec", "defaults.blocksize"],
    );
    await rejectsNaming(
      () => playrec(new Float32Array(48), 48000, { channels: 1 }),
      RangeError,
      ["playrec", "defaults.blocksize"],
    );
  } finally {
    defaults.blocksize = saved;
  }
});

Deno.test("play()/rec()/playrec() take only booleans for blocking and loop; wait() for ignoreErrors", async () => {
  const data = new Float32Array(48);
  for (const v of ["false", 1, {}, null]) {
    await rejectsNaming(
      () => play(data, 48000, { blocking: v as never }),
      TypeError,
      ["play", "blocking"],
    );
    await rejectsNaming(
      () => play(data, 48000, { loop: v as never }),
      TypeError,
      ["play", "loop"],
    );
    await rejectsNaming(
      () => rec(48, 48000, { channels: 1, blocking: v as never }),
      TypeError,
      ["rec", "blocking"],
    );
    await rejectsNaming(
      () => playrec(data, 48000, { channels: 1, blocking: v as never }),
      TypeError,
      ["playrec", "blocking"],
    );
  }
  for (const v of ["false", 0, 1n]) {
    await rejectsNaming(() => wait(v as never), TypeError, [
      "wait",
      "ignoreErrors",
    ]);
  }
});

Deno.test("rec()/playrec(): a channels value that is no channel count is refused even beside a mapping", async () => {
  await rejectsNaming(
    () => rec(48, 48000, { channels: {} as never, mapping: [1, 2] }),
    RangeError,
    ["rec", "channels"],
  );
  await rejectsNaming(
    () =>
      playrec(new Float32Array(48), 48000, {
        channels: "2" as never,
        inputMapping: [1, 2],
      }),
    RangeError,
    ["playrec", "channels"],
  );
});

hwTest(
  "play() with blocksize 2^24, the largest allowed, starts and stops",
  async () => {
    // The bound must not refuse what works (measured: start 50 ms, stop 13 ms
    // at 2^24; start never returned in 5 s at 2^31).
    await play(new Float32Array(4800), 48000, { blocksize: 2 ** 24 });
    assert.equal(getStream().blocksize, 2 ** 24);
    await stop();
  },
);

// --- close()/stop()/abort() and reinitialize()/terminate() options ----------

hwTest(
  "close()/stop()/abort() of every stream class refuse unknown options (close() also once closed), naming the key and the nearest one",
  async () => {
    const streams = [
      new Stream({ channels: 1 }),
      new InputStream({ channels: 1 }),
      new OutputStream({ channels: 1 }),
      new RawStream({ channels: 1, dtype: "int16" }),
      new RawInputStream({ channels: 1, dtype: "int16" }),
      new RawOutputStream({ channels: 1, dtype: "int16" }),
    ];
    try {
      for (const s of streams) {
        const cls = s.constructor.name;
        for (const method of ["close", "stop", "abort"] as const) {
          await rejectsNaming(
            () => s[method]({ typo: 1 } as never),
            TypeError,
            [`${cls}.${method}`, '"typo"', "ignoreErrors"],
          );
          await rejectsNaming(
            () => s[method]({ ignoreError: true } as never),
            TypeError,
            [`${cls}.${method}`, 'did you mean "ignoreErrors"'],
          );
          await rejectsNaming(
            () => s[method]({ ignoreErrors: "yes" } as never),
            TypeError,
            [`${cls}.${method}`, "ignoreErrors"],
          );
        }
        assert.equal(s.closed, false, `${cls}: a refused close() left it open`);
      }
    } finally {
      for (const s of streams) await s.close();
    }
    // After close() too: a typo is never silently taken.
    for (const s of streams) {
      const cls = s.constructor.name;
      for (
        const bad of [{ ignoreErrorsX: 1 }, 5, "fuzz", { ignoreErrors: [] }]
      ) {
        await rejectsNaming(() => s.close(bad as never), TypeError, [
          `${cls}.close`,
        ]);
      }
      await s.close({ ignoreErrors: true }); // still idempotent
    }
  },
);

hwTest(
  "reinitialize()/terminate() refuse unknown options, naming the key and the nearest one",
  async () => {
    await rejectsNaming(
      () => reinitialize({ typo: 1 } as never),
      TypeError,
      ["reinitialize", '"typo"', "closeStreams"],
    );
    await rejectsNaming(
      () => reinitialize({ closeStream: true } as never),
      TypeError,
      ["reinitialize", 'did you mean "closeStreams"'],
    );
    await rejectsNaming(
      () => reinitialize({ closeStreams: 1 } as never),
      TypeError,
      ["reinitialize", "closeStreams"],
    );
    await rejectsNaming(
      () => reinitialize(5 as never),
      TypeError,
      ["reinitialize", "options"],
    );
    await rejectsNaming(
      () => terminate({ closestreams: true } as never),
      TypeError,
      ["terminate", 'did you mean "closeStreams"'],
    );
    // null and {} stay accepted.
    await reinitialize(null as never);
    await reinitialize({});
  },
);

// --- blocking read()/write() --------------------------------------------------

hwTest(
  "read() refuses frames that are not a frame count, naming the class, read and frames",
  async () => {
    const streams = [
      new RawInputStream({ channels: 1, dtype: "int16" }),
      new InputStream({ channels: 1 }),
      new RawStream({ channels: 1, dtype: "int16" }),
      new Stream({ channels: 1 }),
    ];
    try {
      for (const s of streams) {
        const cls = s.constructor.name;
        for (
          const [frames, err] of [
            ["1", TypeError],
            [{}, TypeError],
            [Object.create(null), TypeError],
            [10n, TypeError],
            [undefined, TypeError],
            [1.5, RangeError],
            [-1, RangeError],
            [NaN, RangeError],
            [2 ** 40, RangeError],
          ] as [unknown, ErrorClass][]
        ) {
          await rejectsNaming(() => s.read(frames as number), err, [
            `${cls}.read(frames)`,
          ]);
        }
      }
    } finally {
      for (const s of streams) await s.close();
    }
  },
);

hwTest(
  "write() refuses data of the wrong type, detached data and partial frames, naming the class, write and data",
  async () => {
    const detached = new Int16Array(8);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    const raw = new RawOutputStream({ channels: 2, dtype: "int16" });
    const typed = new OutputStream({ channels: 2, dtype: "int16" });
    try {
      for (const s of [raw, typed]) {
        const cls = s.constructor.name;
        for (const data of ["1", 1, null, {}, new ArrayBuffer(8)]) {
          await rejectsNaming(() => s.write(data as never), TypeError, [
            `${cls}.write(data)`,
          ]);
        }
        await rejectsNaming(() => s.write(detached), TypeError, [
          `${cls}.write(data)`,
          "detached",
        ]);
        await rejectsNaming(() => s.write(new Int16Array(3)), RangeError, [
          `${cls}.write(data)`,
          "whole number of frames",
        ]);
      }
      await rejectsNaming(() => typed.write(new Float32Array(4)), TypeError, [
        "OutputStream.write(data)",
        "Int16Array",
      ]);
      // The I/O helpers' fast path checks its arguments too.
      for (const s of [raw, typed]) {
        const cls = s.constructor.name;
        throwsNaming(() => s.tryWriteNow(true as never, 1024), TypeError, [
          `${cls}.tryWriteNow(data)`,
        ]);
        throwsNaming(
          () => s.tryWriteNow(new Int16Array(2), "44100" as never),
          TypeError,
          [`${cls}.tryWriteNow(available)`],
        );
      }
    } finally {
      await raw.close();
      await typed.close();
    }
  },
);

hwTest(
  "a PortAudio error of write()/tryWriteNow() names the stream and the method",
  async () => {
    // Never started: PortAudio answers "Stream is stopped".
    const s = new RawOutputStream({ channels: 1, dtype: "int16" });
    try {
      // A callback stream or an input stream writes nothing, and still checks.
      const cb = new OutputStream({ channels: 1, callback: () => {} });
      const input = new RawInputStream({ channels: 1, dtype: "int16" });
      try {
        for (const t of [cb, input]) {
          const cls = t.constructor.name;
          throwsNaming(() => t.tryWriteNow(true as never, 8), TypeError, [
            `${cls}.tryWriteNow(data)`,
          ]);
          throwsNaming(
            () => t.tryWriteNow(new Float32Array(2), "8" as never),
            TypeError,
            [`${cls}.tryWriteNow(available)`],
          );
          assert.equal(t.tryWriteNow(new Float32Array(2), 8), null);
        }
      } finally {
        await cb.close();
        await input.close();
      }
      await rejectsNaming(() => s.write(new Int16Array(64)), PortAudioError, [
        "RawOutputStream.write()",
        "Stream is stopped",
      ]);
      throwsNaming(
        () => s.tryWriteNow(new Int16Array(64), 1e9),
        PortAudioError,
        ["RawOutputStream.tryWriteNow()", "Stream is stopped"],
      );
    } finally {
      await s.close();
    }
  },
);

// --- OSS errno messages -----------------------------------------------------

/** Sets this thread's errno, as a failed system call leaves it. */
function setErrno(code: number): void {
  const p = libc().__errno_location()!;
  new Int32Array(Deno.UnsafePointerView.getArrayBuffer(p, 4))[0] = code;
}

Deno.test("an OSS errno message says which call failed on which device, in which method, and what it means", () => {
  setErrno(32);
  const e = sysError("write", "/dev/dsp", {
    method: "writeall",
    detail: "4096 of 40000 bytes were written",
  });
  names(e, OSSAudioError, [
    "[Errno 32] Broken pipe",
    'write on "/dev/dsp"',
    "writeall()",
    "reset()",
    "4096 of 40000 bytes",
  ]);
  assert.equal(e.errno, 32);
  assert.equal(e.call, "write");
  setErrno(16);
  const busy = sysError("open", "/dev/dsp1", { method: "open" });
  names(busy, OSSAudioError, ["[Errno 16]", 'open on "/dev/dsp1"', "busy"]);
  assert.ok(!busy.message.includes("(in open())"), busy.message);
});

Deno.test("an OSS device or mixer that cannot be opened names the function, the path and what the errno means", () => {
  const saved = Deno.env.get("AUDIODEV_OSS_BACKEND");
  Deno.env.set("AUDIODEV_OSS_BACKEND", "kernel");
  try {
    throwsNaming(() => openMixer("/nonexistent/mixer"), OSSAudioError, [
      "[Errno 2]",
      'open on "/nonexistent/mixer"',
      "(in openMixer())",
      "path does not exist",
    ]);
    throwsNaming(() => open("/nonexistent/dsp", "w"), OSSAudioError, [
      "[Errno 2]",
      'open on "/nonexistent/dsp"',
      "path does not exist",
    ]);
  } finally {
    if (saved === undefined) Deno.env.delete("AUDIODEV_OSS_BACKEND");
    else Deno.env.set("AUDIODEV_OSS_BACKEND", saved);
  }
});

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
