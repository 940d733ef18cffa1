/**
 * Tests that bad arguments get a typed error naming the function and the
 * argument, before C is touched: the convenience functions' frames, data,
 * blocksize and flags, stream close()/reinitialize() options, blocking
 * read()/write() arguments and OSS errno messages (the I/O helpers, the ring
 * buffer, CallbackFlags and the device queries: tests/io_args_test.ts).
 *
 * Checks that need no device run everywhere; those that open a stream or
 * initialize PortAudio run with `-- --hardware`.
 */
import assert from "node:assert/strict";
import {
  defaults,
  getStream,
  InputStream,
  OutputStream,
  play,
  playrec,
  PortAudioError,
  RawInputStream,
  RawOutputStream,
  RawStream,
  rec,
  reinitialize,
  sleep,
  stop,
  Stream,
  terminate,
  wait,
} from "../mod.ts";
import { open, openMixer, OSSAudioError } from "../oss.ts";
import { sysError } from "../src/oss/errors.ts";
import { libc } from "../ffi/libc.ts";
import { hwTest } from "./_hw.ts";
import { startPrivateServer } from "./fuzz/server.ts";
import {
  type ErrorClass,
  names,
  rejectsNaming,
  throwsNaming,
} from "./_arg_errors.ts";

const OSS_URL = new URL("../oss.ts", import.meta.url).href;

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

Deno.test("defaults.blocksize refuses what play()/rec()/playrec() could not start", () => {
  // 2^31 was accepted by the setter, and play() then never started
  const saved = defaults.blocksize;
  try {
    for (const v of [2 ** 31, 2 ** 24 + 1]) {
      assert.throws(
        () => defaults.blocksize = v,
        (e: unknown) =>
          e instanceof TypeError && /defaults\.blocksize/.test(e.message) &&
          /2\^24/.test(e.message),
      );
    }
    defaults.blocksize = 2 ** 24;
    assert.equal(defaults.blocksize, 2 ** 24);
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
            `${cls}.write: data`,
          ]);
        }
        await rejectsNaming(() => s.write(detached), TypeError, [
          `${cls}.write: data`,
          "detached",
        ]);
        await rejectsNaming(() => s.write(new Int16Array(3)), RangeError, [
          `${cls}.write: data`,
          "whole number of frames",
        ]);
      }
      await rejectsNaming(() => typed.write(new Float32Array(4)), TypeError, [
        "OutputStream.write: data",
        "Int16Array",
      ]);
      // The I/O helpers' fast path checks its arguments too.
      for (const s of [raw, typed]) {
        const cls = s.constructor.name;
        throwsNaming(() => s.tryWriteNow(true as never, 1024), TypeError, [
          `${cls}.tryWriteNow: data`,
        ]);
        throwsNaming(
          () => s.tryWriteNow(new Int16Array(2), "44100" as never),
          TypeError,
          [`${cls}.tryWriteNow: available`],
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
            `${cls}.tryWriteNow: data`,
          ]);
          throwsNaming(
            () => t.tryWriteNow(new Float32Array(2), "8" as never),
            TypeError,
            [`${cls}.tryWriteNow: available`],
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

hwTest(
  "writeall() cut short by the sound server's death says writeall, the device and how far it got",
  async () => {
    // A private server, killed while a child process writes 10 s to /dev/dsp
    // through PulseAudio's OSS emulation.
    const server = startPrivateServer();
    assert.ok(server, "pulseaudio could not be started");
    const code = `
    import { AFMT_S16_LE, open } from ${JSON.stringify(OSS_URL)};
    const dsp = open("w");
    dsp.setparameters(AFMT_S16_LE, 2, 48000);
    console.log("ready");
    try {
      await dsp.writeall(new Uint8Array(48000 * 4 * 10));
      console.log("no error");
    } catch (e) {
      console.log(JSON.stringify({ name: e.name, errno: e.errno, message: e.message }));
    }
    dsp.closeSync();
  `;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", "--no-check", code],
      env: server.env,
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream())
      .getReader();
    let text = "";
    try {
      while (!text.includes("ready")) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
      }
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      server.stop();
    }
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    await child.status;
    const line = text.split("\n").find((l) => l.startsWith("{"));
    assert.ok(line, `the write did not fail: ${text}`);
    const e = JSON.parse(line);
    assert.equal(e.name, "OSSAudioError");
    for (
      const w of [
        "writeall()",
        '"/dev/dsp"',
        "sound server",
        "of 1920000 bytes",
      ]
    ) {
      assert.ok(e.message.includes(w), `${e.message} does not name ${w}`);
    }
  },
);

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
