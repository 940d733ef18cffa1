// deno-lint-ignore-file no-console
// AbortSignal on every async call that waits for a device: an abort in the
// middle of a call rejects it with `signal.reason` within 50 ms whatever the
// block size (asserted with a margin: < 150 ms against calls of 3 s), an
// aborted signal rejects at once before anything is touched, and the
// stream, PCM or mixer stays usable or closable afterwards. Device tests run
// on a private PulseAudio sink (PortAudio's and ALSA's `pulse` devices point
// at it); the rest on shared-memory rings and ALSA's `null` PCM.
import assert from "node:assert/strict";
import {
  captureStream,
  getStream,
  inputBlocks,
  InputStream,
  OutputStream,
  play,
  playbackStream,
  playrec,
  readFull,
  rec,
  ringEndpoint,
  SharedRingBuffer,
  wait,
  writeAll,
} from "../mod.ts";
import { PCM, PCM_CAPTURE } from "../alsa.ts";
import { Mixer } from "../mixer/mod.ts";
import { checkSignal, raceSignal } from "../src/abort.ts";
import { hardware, hwTest } from "./_hw.ts";
import { pointPulseAt, privateSinks } from "./_sinks.ts";

/** The bound asserted for "within 50 ms", with room for a loaded machine. */
const LIMIT_MS = 150;
const RATE = 48000;

const sinks = hardware ? privateSinks("audiodev_abort") : null;
if (sinks) pointPulseAt(sinks.names[0]);

type Outcome =
  | { state: "resolved"; value: unknown; ms: number }
  | { state: "rejected"; error: unknown; ms: number }
  | { state: "pending"; ms: number };

/** How `p` settled, timed from `t0`, or "pending" after `limitMs`. */
async function outcome(
  p: Promise<unknown>,
  t0: number,
  limitMs = 2000,
): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<Outcome>((r) => {
    timer = setTimeout(
      () => r({ state: "pending", ms: performance.now() - t0 }),
      limitMs,
    );
  });
  try {
    return await Promise.race([
      p.then(
        (value): Outcome => ({
          state: "resolved",
          value,
          ms: performance.now() - t0,
        }),
        (error): Outcome => ({
          state: "rejected",
          error,
          ms: performance.now() - t0,
        }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Aborts after `afterMs` with a fresh reason; resolves to the reason and abort time. */
function abortLater(
  ac: AbortController,
  afterMs: number,
): Promise<{ reason: Error; t0: number }> {
  return new Promise((r) =>
    setTimeout(() => {
      const reason = new Error(`aborted after ${afterMs} ms`);
      const t0 = performance.now();
      ac.abort(reason);
      r({ reason, t0 });
    }, afterMs)
  );
}

/** Starts `call` with a signal, aborts after `afterMs`, and checks the rejection. */
async function expectAbortRejects(
  what: string,
  call: (signal: AbortSignal) => Promise<unknown>,
  afterMs = 300,
): Promise<number> {
  const ac = new AbortController();
  const p = call(ac.signal);
  p.catch(() => {});
  const { reason, t0 } = await abortLater(ac, afterMs);
  const r = await outcome(p, t0);
  assert.equal(
    r.state,
    "rejected",
    `${what}: ${r.state} ${Math.round(r.ms)} ms after the abort` +
      (r.state === "resolved" ? ` with ${String(r.value)}` : ""),
  );
  assert.equal(
    (r as { error: unknown }).error,
    reason,
    `${what}: rejected with ${String((r as { error: unknown }).error)}`,
  );
  assert.ok(
    r.ms < LIMIT_MS,
    `${what}: rejected ${r.ms.toFixed(1)} ms after the abort`,
  );
  return r.ms;
}

/** Calls `call` with an aborted signal and checks that it rejects with the reason at once. */
async function expectPreAborted(
  what: string,
  call: (signal: AbortSignal) => Promise<unknown>,
): Promise<void> {
  const ac = new AbortController();
  const reason = new Error("aborted before the call");
  ac.abort(reason);
  const t0 = performance.now();
  const r = await outcome(call(ac.signal), t0);
  assert.equal(r.state, "rejected", `${what}: ${r.state}`);
  assert.equal((r as { error: unknown }).error, reason, what);
  assert.ok(r.ms < 20, `${what}: rejected after ${r.ms.toFixed(1)} ms`);
}

// --- pure logic and shared-memory rings ------------------------------------

Deno.test("checkSignal() refuses what is not an AbortSignal, naming it", () => {
  assert.equal(checkSignal("x: signal", undefined), undefined);
  const s = AbortSignal.abort();
  assert.equal(checkSignal("x: signal", s), s);
  assert.throws(
    () => checkSignal("read: signal", { aborted: false }),
    (e) =>
      e instanceof TypeError &&
      /read: signal must be an AbortSignal.*got an object/.test(e.message),
  );
});

Deno.test("raceSignal() rejects with the reason at once; the task's late rejection is not unhandled", async () => {
  const ac = new AbortController();
  let fail!: (e: Error) => void;
  const task = new Promise<number>((_, r) => fail = r);
  const p = raceSignal(task, ac.signal);
  const reason = new Error("stop");
  ac.abort(reason);
  await assert.rejects(p, (e) => e === reason);
  fail(new Error("late")); // no unhandled rejection
  await new Promise((r) => setTimeout(r, 0));
});

Deno.test("writeAll() on a full ring rejects with signal.reason within 50 ms", async () => {
  const ring = SharedRingBuffer.create({ frames: 4800 });
  try {
    const ep = ringEndpoint(ring, RATE);
    const cap = ring.availableWrite;
    const ms = await expectAbortRejects(
      "writeAll",
      (signal) => writeAll(ep, new Float32Array(3 * RATE), { signal }),
      100,
    );
    assert.ok(ms < LIMIT_MS);
    console.log(`  writeAll rejected ${ms.toFixed(1)} ms after abort`);
    assert.equal(ring.availableRead, cap, "what fitted stays written");
    // the ring is still usable: a reader frees room, a writer fills it
    ring.read(new Float32Array(cap));
    assert.equal(await writeAll(ep, new Float32Array(480)), 480);
  } finally {
    ring.close();
  }
});

Deno.test("readFull() and inputBlocks() on an empty ring reject with signal.reason within 50 ms, and no partial block is yielded", async () => {
  const ring = SharedRingBuffer.create({ frames: 4 * RATE });
  try {
    const ep = ringEndpoint(ring, RATE);
    ring.write(new Float32Array(1000)); // a partial block is there
    await expectAbortRejects(
      "inputBlocks",
      async (signal) => {
        const it = inputBlocks(ep, { blocksize: 3 * RATE, signal });
        const r = await it.next();
        throw new Error(`inputBlocks yielded ${r.value?.length} samples`);
      },
      100,
    );
    ring.write(new Float32Array(500));
    const dst = new Float32Array(3 * RATE);
    await expectAbortRejects(
      "readFull",
      (signal) => readFull(ep, dst, { signal }),
      100,
    );
    // still usable
    ring.write(new Float32Array(100).fill(0.5));
    const rest = new Float32Array(ring.availableRead);
    assert.equal(await readFull(ep, rest), rest.length);
  } finally {
    ring.close();
  }
});

Deno.test("captureStream() and playbackStream() error with signal.reason within 50 ms", async () => {
  const ring = SharedRingBuffer.create({ frames: 4800 });
  try {
    const ep = ringEndpoint(ring, RATE);
    let reader: ReadableStreamDefaultReader<unknown> | undefined;
    await expectAbortRejects("captureStream read", (signal) => {
      reader = captureStream(ep, { blocksize: 3 * RATE, signal }).getReader();
      return reader.read();
    }, 100);
    await assert.rejects(reader!.closed);
    ring.write(new Float32Array(ring.availableWrite)); // full: writes wait
    let writer: WritableStreamDefaultWriter<Float32Array> | undefined;
    await expectAbortRejects("playbackStream write", (signal) => {
      writer = playbackStream(ep, { signal }).getWriter();
      return writer.write(new Float32Array(3 * RATE));
    }, 100);
    await assert.rejects(writer!.closed);
  } finally {
    ring.close();
  }
});

Deno.test("the I/O helpers reject an aborted signal at once and touch nothing", async () => {
  const ring = SharedRingBuffer.create({ frames: 4800 });
  try {
    const ep = ringEndpoint(ring, RATE);
    await expectPreAborted(
      "writeAll",
      (signal) => writeAll(ep, new Float32Array(480), { signal }),
    );
    assert.equal(ring.availableRead, 0, "nothing was written");
    ring.write(new Float32Array(480));
    await expectPreAborted(
      "readFull",
      (signal) => readFull(ep, new Float32Array(480), { signal }),
    );
    await expectPreAborted(
      "inputBlocks",
      (signal) => inputBlocks(ep, { blocksize: 480, signal }).next(),
    );
    assert.equal(ring.availableRead, 480, "nothing was read");
    await expectPreAborted(
      "captureStream",
      (signal) => captureStream(ep, { signal }).getReader().read(),
    );
    await expectPreAborted(
      "playbackStream",
      (signal) =>
        playbackStream(ep, { signal }).getWriter().write(
          new Float32Array(48),
        ),
    );
    assert.equal(ring.availableRead, 480);
  } finally {
    ring.close();
  }
});

Deno.test("the I/O helpers keep refusing unknown options and a signal that is not one", async () => {
  const ring = SharedRingBuffer.create({ frames: 4800 });
  try {
    const ep = ringEndpoint(ring, RATE);
    const typo = /unknown option "signl" \(did you mean "signal"\?\)/;
    const d = new Float32Array(48);
    await assert.rejects(
      writeAll(ep, d, { signl: 1 } as never),
      (e) => e instanceof TypeError && typo.test(e.message),
    );
    await assert.rejects(
      readFull(ep, d, { signl: 1 } as never),
      (e) => e instanceof TypeError && typo.test(e.message),
    );
    await assert.rejects(
      inputBlocks(ep, { signl: 1 } as never).next(),
      (e) => e instanceof TypeError && typo.test(e.message),
    );
    assert.throws(
      () => captureStream(ep, { signl: 1 } as never),
      (e) => e instanceof TypeError && typo.test(e.message),
    );
    assert.throws(
      () => playbackStream(ep, { signl: 1 } as never),
      (e) => e instanceof TypeError && typo.test(e.message),
    );
    const notSignal = /signal must be an AbortSignal.*got "soon"/;
    await assert.rejects(
      writeAll(ep, d, { signal: "soon" as never }),
      (e) => e instanceof TypeError && notSignal.test(e.message),
    );
    await assert.rejects(
      inputBlocks(ep, { signal: "soon" as never }).next(),
      (e) => e instanceof TypeError && notSignal.test(e.message),
    );
    assert.equal(ring.availableRead, 0);
  } finally {
    ring.close();
  }
});

// --- ALSA's null PCM (no sound server needed) ------------------------------

Deno.test("PCM.write/read/readFull on ALSA's null PCM: an aborted signal rejects at once, the PCM works on; unknown options throw", async () => {
  const out = new PCM({ device: "null", rate: RATE, channels: 1 });
  const mic = new PCM({
    type: PCM_CAPTURE,
    device: "null",
    rate: RATE,
    channels: 1,
  });
  try {
    await expectPreAborted(
      "PCM.write",
      (signal) => out.write(new Int16Array(4800), { signal }),
    );
    await expectPreAborted("PCM.read", (signal) => mic.read({ signal }));
    const dst = new Int16Array(480).fill(7);
    await expectPreAborted(
      "PCM.readFull",
      (signal) => mic.readFull(dst, { signal }),
    );
    assert.ok(dst.every((v) => v === 7), "readFull wrote nothing");
    // usable afterwards, with and without a live signal
    assert.equal(await out.write(new Int16Array(4800)), 4800);
    const live = new AbortController().signal;
    assert.equal(
      await out.write(new Int16Array(4800), { signal: live }),
      4800,
    );
    assert.equal(await mic.readFull(dst, { signal: live }), 480);
    assert.ok((await mic.read({ signal: live }))[0] > 0);
    for (
      const call of [
        () => out.write(new Int16Array(48), { signl: 1 } as never),
        () => mic.read({ signl: 1 } as never),
        () => mic.readFull(dst, { signl: 1 } as never),
      ]
    ) {
      assert.throws(
        call,
        (e) => e instanceof TypeError && /"signl".*"signal"/.test(e.message),
      );
    }
    assert.throws(
      () => mic.read({ signal: 5 as never }),
      (e) =>
        e instanceof TypeError &&
        /read: signal must be an AbortSignal/.test(e.message),
    );
  } finally {
    await out.close();
    await mic.close();
  }
});

// --- devices on the private sink ---------------------------------------------

hwTest(
  "PortAudio blocking streams: inputBlocks/readFull with 3 s blocks and writeAll of 3 s reject within 50 ms of the abort; the streams close",
  async () => {
    await sinks!.ready();
    const inp = new InputStream({
      device: "pulse",
      samplerate: RATE,
      channels: 1,
    });
    await inp.start();
    const figures: number[] = [];
    try {
      figures.push(
        await expectAbortRejects("inputBlocks (PortAudio)", async (signal) => {
          for await (
            const b of inputBlocks(inp, { blocksize: 3 * RATE, signal })
          ) {
            throw new Error(`yielded a block of ${b.length} after the abort`);
          }
        }),
      );
      figures.push(
        await expectAbortRejects(
          "readFull (PortAudio)",
          (signal) => readFull(inp, new Float32Array(3 * RATE), { signal }),
        ),
      );
      // the stream reads on
      const after = new Float32Array(4800);
      assert.equal(await readFull(inp, after), 4800);
    } finally {
      const t = performance.now();
      await inp.close();
      assert.ok(performance.now() - t < 1000, "close() after the aborts");
    }
    const outS = new OutputStream({
      device: "pulse",
      samplerate: RATE,
      channels: 1,
    });
    await outS.start();
    try {
      figures.push(
        await expectAbortRejects(
          "writeAll (PortAudio)",
          (signal) => writeAll(outS, new Float32Array(3 * RATE), { signal }),
        ),
      );
      assert.equal(await writeAll(outS, new Float32Array(480)), 480);
    } finally {
      const t = performance.now();
      await outS.abort();
      await outS.close();
      assert.ok(
        performance.now() - t < 1000,
        "abort()+close() after the abort",
      );
    }
    console.log(
      `  rejected ${
        figures.map((f) => f.toFixed(1)).join(", ")
      } ms after abort`,
    );
  },
);

hwTest(
  "ALSA PCM (pulse): read/readFull/write and inputBlocks/writeAll of 3 s reject within 50 ms of the abort; the PCMs go on and close",
  async () => {
    await sinks!.ready();
    const figures: number[] = [];
    const mic = new PCM({
      type: PCM_CAPTURE,
      device: "pulse",
      rate: RATE,
      channels: 1,
      periodsize: RATE / 2,
      periods: 4,
    });
    try {
      figures.push(
        await expectAbortRejects(
          "PCM.read (500 ms period)",
          (signal) => mic.read({ signal }),
          100,
        ),
      );
      const dst = new Int16Array(3 * RATE).fill(7);
      figures.push(
        await expectAbortRejects(
          "PCM.readFull",
          (signal) => mic.readFull(dst, { signal }),
        ),
      );
      // dst is not written after the rejection
      await new Promise((r) => setTimeout(r, 600));
      assert.ok(dst.every((v) => v === 7), "dst untouched after the abort");
      figures.push(
        await expectAbortRejects("inputBlocks (ALSA)", async (signal) => {
          for await (
            const b of inputBlocks(mic, { blocksize: 3 * RATE, signal })
          ) {
            throw new Error(`yielded a block of ${b.length} after the abort`);
          }
        }),
      );
      // usable: the next read gets frames
      const small = new Int16Array(4800);
      assert.equal(await mic.readFull(small), 4800);
    } finally {
      const t = performance.now();
      await mic.close();
      assert.ok(performance.now() - t < 1000, "close() after the aborts");
    }
    const out = new PCM({ device: "pulse", rate: RATE, channels: 1 });
    try {
      figures.push(
        await expectAbortRejects(
          "PCM.write",
          (signal) => out.write(new Int16Array(3 * RATE), { signal }),
        ),
      );
      figures.push(
        await expectAbortRejects(
          "writeAll (ALSA)",
          (signal) => writeAll(out, new Int16Array(3 * RATE), { signal }),
        ),
      );
      out.drop();
      assert.equal(await out.write(new Int16Array(480)), 480);
    } finally {
      const t = performance.now();
      out.drop();
      await out.close();
      assert.ok(performance.now() - t < 1000, "close() after the aborts");
    }
    console.log(
      `  rejected ${
        figures.map((f) => f.toFixed(1)).join(", ")
      } ms after abort`,
    );
  },
);

hwTest(
  "play/rec/playrec with blocking: true and wait() reject with signal.reason within 50 ms of the abort and stop the stream",
  async () => {
    await sinks!.ready();
    const figures: number[] = [];
    const data = new Float32Array(3 * RATE).fill(0.1);
    const opts = { samplerate: RATE, device: "pulse" };
    figures.push(
      await expectAbortRejects(
        "play",
        (signal) => play(data, { ...opts, blocking: true, signal }),
      ),
    );
    // the sound stops too: the stream is stopped and closed at once
    const t1 = performance.now();
    const played = getStream();
    while (!played.closed && performance.now() - t1 < 2000) {
      await new Promise((r) => setTimeout(r, 1));
    }
    const closedMs = performance.now() - t1;
    assert.ok(played.closed, "play's stream closed after the abort");
    assert.ok(closedMs < LIMIT_MS, `closed ${closedMs.toFixed(1)} ms after`);
    console.log(`  play's stream closed ${closedMs.toFixed(1)} ms after`);
    figures.push(
      await expectAbortRejects(
        "rec",
        (signal) =>
          rec(3 * RATE, { ...opts, channels: 1, blocking: true, signal }),
      ),
    );
    figures.push(
      await expectAbortRejects(
        "playrec",
        (signal) =>
          playrec(data, { ...opts, channels: 1, blocking: true, signal }),
      ),
    );
    // the invocation stopped by its signal: wait() says so, promptly
    const ac = new AbortController();
    await play(data, { ...opts, signal: ac.signal });
    const reason = new Error("stop playing");
    const t0 = performance.now();
    ac.abort(reason);
    const w = await outcome(wait(), t0);
    assert.equal(w.state, "rejected", `wait() after the abort: ${w.state}`);
    assert.equal((w as { error: unknown }).error, reason);
    assert.ok(w.ms < 500, `wait() settled ${w.ms.toFixed(1)} ms after`);
    // wait()'s own signal ends the wait and stops the stream (Python's
    // interrupted wait() closes it)
    await play(data, opts);
    figures.push(
      await expectAbortRejects("wait", (signal) => wait({ signal })),
    );
    // the stream was stopped: wait() is done at once (flags or null)
    const again = await outcome(wait(), performance.now(), 500);
    assert.equal(again.state, "resolved", `wait() after: ${again.state}`);
    // a new invocation works
    await play(new Float32Array(4800), { ...opts, blocking: true });
    console.log(
      `  rejected ${
        figures.map((f) => f.toFixed(1)).join(", ")
      } ms after abort`,
    );
  },
);

hwTest(
  "play/rec/playrec/wait reject an aborted signal at once, open no stream, and refuse unknown options",
  async () => {
    const opts = { samplerate: RATE, device: "pulse" };
    const data = new Float32Array(4800);
    await expectPreAborted("play", (signal) => play(data, { ...opts, signal }));
    await expectPreAborted(
      "rec",
      (signal) => rec(4800, { ...opts, channels: 1, signal }),
    );
    await expectPreAborted(
      "playrec",
      (signal) => playrec(data, { ...opts, channels: 1, signal }),
    );
    await expectPreAborted("wait", (signal) => wait(true, { signal }));
    await assert.rejects(
      play(data, { ...opts, signl: 1 } as never),
      (e) => e instanceof TypeError && /"signl".*"signal"/.test(e.message),
    );
    await assert.rejects(
      wait({ signl: 1 } as never),
      (e) => e instanceof TypeError && /"signl".*"signal"/.test(e.message),
    );
    await assert.rejects(
      rec(10, { ...opts, channels: 1, signal: {} as never }),
      (e) =>
        e instanceof TypeError &&
        /rec: signal must be an AbortSignal/.test(e.message),
    );
  },
);

hwTest(
  "Mixer.events(): a waiting next() rejects with signal.reason within 50 ms; an aborted signal rejects the first next() at once; close() after",
  async () => {
    const m = new Mixer("Master");
    try {
      const ms = await expectAbortRejects(
        "Mixer.events next()",
        (signal) => m.events({ signal }).next(),
      );
      assert.ok(ms < LIMIT_MS);
      console.log(`  next() rejected ${ms.toFixed(1)} ms after abort`);
      await expectPreAborted(
        "Mixer.events",
        (signal) => m.events({ signal }).next(),
      );
      assert.throws(
        () => m.events({ signl: 1 } as never),
        (e) => e instanceof TypeError && /"signl".*"signal"/.test(e.message),
      );
      assert.ok(Array.isArray(m.getvolume()), "the mixer still reads");
    } finally {
      const t = performance.now();
      await m.close();
      assert.ok(performance.now() - t < 500, "close() after the abort");
    }
  },
);
