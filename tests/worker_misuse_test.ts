// deno-lint-ignore-file no-console
/**
 * WorkerStream misuse: options refused in the constructor before a worker
 * starts, a module that cannot serve named in the error, and blocking-style
 * I/O on a stream that is not running rejecting at once (as a main-isolate
 * stream's does) instead of waiting for good.
 */
import assert from "node:assert/strict";
import { hardware, hwTest } from "./_hw.ts";
import {
  AlsaSettings,
  captureStream,
  inputBlocks,
  PaErrorCode,
  playbackStream,
  PortAudioError,
  readFull,
  WorkerStream,
  type WorkerStreamOptions,
  writeAll,
} from "../mod.ts";
import {
  analyseTone,
  recordMonitor,
  usePrivateSink,
} from "./realtime_fixtures/monitor.ts";

if (hardware) usePrivateSink("wsmisuse");

const idleModule = new URL(
  "./realtime_fixtures/idle_worker.ts",
  import.meta.url,
);
const mod = new URL("../mod.ts", import.meta.url).href;

/** Settles `p` and says how, and after how many milliseconds. */
async function settle(
  p: Promise<unknown>,
  limitMs: number,
): Promise<
  { value?: unknown; error?: unknown; ms: number; pending?: true }
> {
  const t0 = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((r) => {
    timer = setTimeout(() => r("late"), limitMs);
  });
  try {
    const r = await Promise.race([
      p.then((value) => ({ value }), (error) => ({ error })),
      late,
    ]);
    const ms = performance.now() - t0;
    return r === "late" ? { pending: true, ms } : { ...r, ms };
  } finally {
    clearTimeout(timer);
  }
}

/** Asserts a PortAudioError with `code` whose message matches `re`, within `limitMs`. */
async function rejectsPromptly(
  what: string,
  p: Promise<unknown>,
  code: number,
  re: RegExp,
  limitMs = 500,
): Promise<number> {
  const r = await settle(p, limitMs);
  assert.ok(!r.pending, `${what}: still pending after ${limitMs} ms`);
  assert.ok(
    r.error instanceof PortAudioError,
    `${what}: ${r.error ?? `resolved with ${r.value}`}`,
  );
  assert.equal(r.error.code, code, `${what}: ${r.error.message}`);
  assert.match(r.error.message, re, what);
  assert.match(r.error.message, /WorkerStream/, what);
  return r.ms;
}

// ---- options ---------------------------------------------------------------

Deno.test("WorkerStream refuses bad options in its constructor, naming the option and what is allowed", () => {
  const detached = new Float32Array(8);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  const cases: [string, unknown, typeof TypeError, RegExp][] = [
    [
      "ringFrames 2^31",
      { ringFrames: 2 ** 31 },
      RangeError,
      /ringFrames.*1 to 16777216/,
    ],
    ["ringFrames 0", { ringFrames: 0 }, RangeError, /ringFrames/],
    ["ringFrames 1.5", { ringFrames: 1.5 }, RangeError, /ringFrames/],
    [
      "ringFrames array",
      { ringFrames: detached },
      TypeError,
      /ringFrames.*detached Float32Array/,
    ],
    [
      "ringFrames < blocksize",
      { ringFrames: 256, blocksize: 512 },
      RangeError,
      /ringFrames.*blocksize 512/,
    ],
    [
      "latency LOW",
      { latency: "LOW" },
      TypeError,
      /latency: "LOW" is not a latency; use "low", "high" or seconds/,
    ],
    ["latency -1", { latency: -1 }, TypeError, /latency/],
    [
      "latency pair one-way",
      { latency: ["low", "low"] },
      TypeError,
      /latency takes one value on a one-way stream/,
    ],
    [
      "samplerate -1",
      { samplerate: -1 },
      RangeError,
      /samplerate: -1 is not a sampling rate \(a number > 0/,
    ],
    ["samplerate NaN", { samplerate: NaN }, RangeError, /samplerate/],
    [
      "samplerate string",
      { samplerate: "48000" },
      TypeError,
      /samplerate: "48000"/,
    ],
    [
      "blocksize 1.5",
      { blocksize: 1.5 },
      RangeError,
      /blocksize: 1\.5 is not a block size/,
    ],
    ["blocksize 10n", { blocksize: 10n }, TypeError, /blocksize: 10n/],
    [
      "channels 0",
      { channels: 0 },
      RangeError,
      /channels: 0 is not a channel count/,
    ],
    ["channels string", { channels: "2" }, TypeError, /channels: "2"/],
    [
      "channels triple",
      { kind: "duplex", channels: [1, 2, 3] },
      RangeError,
      /channels must be one value or an \[input, output\] pair/,
    ],
    [
      "channels x ringFrames",
      { channels: 4096, ringFrames: 2 ** 24 },
      RangeError,
      /ringFrames.*channels/,
    ],
    [
      "dtype float64",
      { dtype: "float64" },
      TypeError,
      /dtype: unsupported sample type "float64"; use one of float32/,
    ],
    ["dtype int24", { dtype: "int24" }, TypeError, /int24/],
    [
      "dtype pair one-way",
      { dtype: ["int16", "int16"] },
      TypeError,
      /dtype takes one value/,
    ],
    [
      "kind",
      { kind: "sideways" },
      TypeError,
      /kind must be "output", "input" or "duplex", got "sideways"/,
    ],
    [
      "device object",
      { device: {} },
      TypeError,
      /device must be a device index/,
    ],
    [
      "device NUL",
      { device: "pulse\0x" },
      TypeError,
      /device contains a NUL byte/,
    ],
    [
      "unknown key",
      { samplerat: 48000 },
      TypeError,
      /unknown option "samplerat" \(did you mean "samplerate"\?\)/,
    ],
    [
      "extra 5",
      { extra: 5 },
      TypeError,
      /extra must be an object of further stream options/,
    ],
    [
      "extra unknown",
      { extra: { clipof: true } },
      TypeError,
      /extra: unknown option "clipof" \(did you mean "clipOff"\?\)/,
    ],
    [
      "extra callback",
      { extra: { callback: () => {} } },
      TypeError,
      /extra: unknown option "callback"/,
    ],
    [
      "extra flag",
      { extra: { clipOff: 1 } },
      TypeError,
      /clipOff must be true or false/,
    ],
    [
      "workerData function",
      { workerData: () => {} },
      TypeError,
      /workerData cannot be sent to the worker/,
    ],
    [
      "realtime symbol",
      { realtime: Symbol("rt") },
      TypeError,
      /realtime must be true, false or \{ policy, priority, required, cpu \}, got Symbol\(rt\)/,
    ],
    [
      "realtime priority symbol",
      { realtime: { priority: Symbol("p") } },
      TypeError,
      /realtime\.priority must be an integer from 1 to 99/,
    ],
    [
      "realtime priority 0",
      { realtime: { priority: 0 } },
      RangeError,
      /realtime\.priority must be an integer from 1 to 99, got 0/,
    ],
    [
      "options ArrayBuffer",
      new ArrayBuffer(0),
      TypeError,
      /options must be (a plain object|an object) of named settings/,
    ],
    [
      "module NUL",
      { module: "file:///tmp/dsp.ts\0junk" },
      TypeError,
      /module contains a NUL byte/,
    ],
    [
      "module number",
      { module: 5 },
      TypeError,
      /module must be a URL or an absolute URL string/,
    ],
    [
      "module relative",
      { module: "./dsp.ts" },
      TypeError,
      /module must be a URL or an absolute URL string.*"\.\/dsp\.ts"/,
    ],
    [
      "module missing",
      { module: new URL("./no_such_worker.ts", import.meta.url) },
      TypeError,
      /module file:\/\/\S+\/no_such_worker\.ts does not exist/,
    ],
    [
      "module folder",
      { module: new URL("./", import.meta.url) },
      TypeError,
      /module file:\/\/\S+ is not a file/,
    ],
  ];
  for (const [what, options, cls, re] of cases) {
    assert.throws(
      () => new WorkerStream(options as WorkerStreamOptions),
      (e: unknown) => {
        assert.ok(e instanceof cls, `${what}: ${e}`);
        assert.match((e as Error).message, /^WorkerStream: /, what);
        assert.match((e as Error).message, re, what);
        return true;
      },
      what,
    );
  }
});

Deno.test("a WorkerStream module that cannot load or registers no callback fails ready, naming its URL", async () => {
  const modules: [string, URL | string, WorkerStreamOptions, RegExp][] = [
    [
      "throws while loading",
      new URL("./realtime_fixtures/throwing_worker.ts", import.meta.url),
      { workerData: { throwAt: "load" } },
      /failed to load: the test's module refuses to load/,
    ],
    [
      "does not compile",
      "data:text/javascript,export default (",
      {},
      /failed to load/,
    ],
    [
      "no callback",
      new URL("./realtime_fixtures/no_callback_worker.ts", import.meta.url),
      {},
      /neither calls registerCallback\(\) nor default-exports a function/,
    ],
  ];
  for (const [what, module, options, re] of modules) {
    const ws = new WorkerStream({ ...options, module, realtime: false });
    try {
      const r = await settle(ws.ready, 10000);
      assert.ok(r.error instanceof Error, `${what}: ${JSON.stringify(r)}`);
      const href = String(module);
      assert.ok(
        r.error.message.includes(`WorkerStream: the worker module ${href}`),
        `${what}: ${r.error.message}`,
      );
      assert.match(r.error.message, re, what);
      if (what === "throws while loading") {
        assert.ok(r.error instanceof RangeError, "its class is kept");
      }
      await assert.rejects(() => ws.start(), re);
    } finally {
      await ws.close();
    }
  }
});

// ---- I/O on a stream that is not running -----------------------------------

const STOPPED = PaErrorCode.paStreamIsStopped;
const CLOSED = PaErrorCode.paBadStreamPtr;

hwTest(
  "WorkerStream read()/write() and the I/O helpers reject at once on a stream never started, stopped, aborted or closed",
  async () => {
    const input = new WorkerStream({
      kind: "input",
      device: "pulse",
      samplerate: 48000,
      realtime: false,
    });
    const output = new WorkerStream({
      device: "pulse",
      samplerate: 48000,
      ringFrames: 4096,
      realtime: false,
    });
    const times: number[] = [];
    const big = new Float32Array(48000);
    const io = (when: string, re: RegExp, code: number) =>
      [
        [`read() ${when}`, () => input.read(4800)],
        [`readFull() ${when}`, () => readFull(input, new Float32Array(4800))],
        [`inputBlocks() ${when}`, async () => {
          for await (const _ of inputBlocks(input, { blocksize: 480 })) break;
        }],
        [`captureStream() ${when}`, () =>
          captureStream(input, { blocksize: 480 }).getReader().read()],
        [`write() ${when}`, () =>
          output.write(new Float32Array(100))],
        [`writeAll() ${when}`, () => writeAll(output, big)],
        [`playbackStream() ${when}`, async () => {
          const writer = playbackStream(output).getWriter();
          await writer.write(big);
          await writer.close();
        }],
      ].map(([what, call]) =>
        [what as string, call as () => Promise<unknown>, re, code] as const
      );
    try {
      // before the worker opened the stream, then opened but never started
      times.push(
        await rejectsPromptly(
          "read() opening",
          input.read(10),
          STOPPED,
          // the worker may have opened the stream already
          /Stream is stopped.*(it is still opening|it was never started)/,
        ),
      );
      await Promise.all([input.ready, output.ready]);
      // zero frames move without a running stream, as on a main-isolate one
      assert.equal((await input.read(0)).length, 0);
      assert.equal(await output.write(new Float32Array(0)), 0);
      const checks = [
        ...io(
          "never started",
          /Stream is stopped.*it was never started: call start\(\) first/,
          STOPPED,
        ),
      ];
      for (const [what, call, re, code] of checks) {
        times.push(await rejectsPromptly(what, call(), code, re));
      }
      await input.start();
      await output.start();
      // running: samples of another type are refused, not converted
      await assert.rejects(
        () => writeAll(output, new Float64Array(70) as unknown as Float32Array),
        (e: unknown) =>
          e instanceof TypeError &&
          /samples moved to a WorkerStream must be a Float32Array for dtype "float32", got a Float64Array of 70/
            .test(e.message),
      );
      await assert.rejects(
        () => output.write(new Int16Array(10) as unknown as Float32Array),
        /WorkerStream\.write: data must be a Float32Array/,
      );
      await assert.rejects(
        () => readFull(input, new Int16Array(10) as unknown as Float32Array),
        /samples moved from a WorkerStream must be a Float32Array/,
      );
      await input.stop();
      await output.stop();
      for (
        const [what, call, re, code] of io(
          "after stop()",
          /Stream is stopped.*it was stopped/,
          STOPPED,
        )
      ) {
        times.push(await rejectsPromptly(what, call(), code, re));
      }
      await input.start();
      await output.start();
      await input.abort();
      await output.abort();
      for (
        const [what, call, re, code] of io(
          "after abort()",
          /Stream is stopped.*it was aborted/,
          STOPPED,
        )
      ) {
        times.push(await rejectsPromptly(what, call(), code, re));
      }
      await input.close();
      await output.close();
      times.push(
        await rejectsPromptly(
          "read() after close()",
          input.read(10),
          CLOSED,
          /WorkerStream is closed: read\(\) is not allowed after close\(\)/,
        ),
      );
      times.push(
        await rejectsPromptly(
          "write() after close()",
          output.write(new Float32Array(10)),
          CLOSED,
          /WorkerStream is closed: write\(\) is not allowed after close\(\)/,
        ),
      );
      // the helpers end on a closed endpoint, as they do for closed devices
      // (a read takes what was left in the ring)
      assert.equal((await settle(writeAll(output, big), 500)).value, 0);
      const left = await settle(readFull(input, new Float32Array(4800)), 500);
      assert.ok(
        !left.pending && (left.value as number) < 4800,
        JSON.stringify(left),
      );
    } finally {
      await input.close();
      await output.close();
    }
    console.log(
      `rejected ${times.length} calls in at most ${
        Math.max(...times).toFixed(1)
      } ms`,
    );
  },
);

hwTest(
  "a WorkerStream read()/write() pending at stop(), abort() or close() settles at once (module streams)",
  async () => {
    for (const end of ["stop", "abort", "close"] as const) {
      const input = new WorkerStream({
        kind: "input",
        module: idleModule,
        device: "pulse",
        realtime: false,
      });
      const output = new WorkerStream({
        module: idleModule,
        device: "pulse",
        ringFrames: 1024,
        realtime: false,
      });
      try {
        await input.start();
        await output.start();
        // the idle callback moves nothing: both wait
        const read = input.read(48000);
        const write = output.write(new Float32Array(48000));
        assert.ok((await settle(read, 300)).pending, "the read waits");
        assert.ok((await settle(write, 10)).pending, "the write waits");
        const stopped = [input[end](), output[end]()];
        const r = await settle(read, 1000);
        assert.ok(!r.pending, `read pending ${r.ms} ms after ${end}()`);
        assert.ok(r.error instanceof PortAudioError, String(r.error));
        assert.equal(r.error.code, end === "close" ? CLOSED : STOPPED);
        const verb =
          { stop: "stopped", abort: "aborted", close: "closed" }[end];
        assert.match(
          r.error.message,
          new RegExp(
            `^WorkerStream was ${verb} during read\\(\\): 0 of 48000 frames read$`,
          ),
        );
        const w = await settle(write, 1000);
        assert.ok(!w.pending, `write pending ${w.ms} ms after ${end}()`);
        assert.equal(w.value, 1024, "resolves with the frames handed over");
        await Promise.all(stopped);
        console.log(
          `${end}(): read settled in ${r.ms.toFixed(1)} ms, write in ${
            w.ms.toFixed(1)
          } ms`,
        );
      } finally {
        await input.close();
        await output.close();
      }
    }
  },
);

hwTest(
  "stop() of a pass-through WorkerStream lets a pending write() and read() finish first, as a main-isolate stream's does",
  async () => {
    const output = new WorkerStream({
      device: "pulse",
      samplerate: 48000,
      ringFrames: 4096,
      realtime: false,
    });
    const input = new WorkerStream({
      kind: "input",
      device: "pulse",
      samplerate: 48000,
      realtime: false,
    });
    try {
      await output.start();
      await input.start();
      const write = output.write(new Float32Array(24000));
      const read = input.read(24000);
      await new Promise((r) => setTimeout(r, 50));
      await Promise.all([output.stop(), input.stop()]);
      const w = await settle(write, 10);
      assert.equal(w.value, 24000, `write: ${JSON.stringify(w)}`);
      const r = await settle(read, 10);
      assert.equal((r.value as Float32Array)?.length, 24000, String(r.error));
    } finally {
      await output.close();
      await input.close();
    }
  },
);

/** Runs `code` in a child process, killed after `ms`. */
async function child(
  code: string,
  ms: number,
): Promise<{ code: number; signal: string | null; out: string; ms: number }> {
  const t0 = performance.now();
  const proc = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-check", code],
    stdout: "piped",
    stderr: "piped",
    env: {
      JACK_NO_START_SERVER: "1",
      JACK_DEFAULT_SERVER: "audiodev-tests-no-jack",
    },
  }).spawn();
  const timer = setTimeout(() => {
    try {
      proc.kill("SIGKILL");
    } catch {
      // ended meanwhile
    }
  }, ms);
  const res = await proc.output();
  clearTimeout(timer);
  return {
    code: res.code,
    signal: res.signal,
    out: new TextDecoder().decode(res.stdout) +
      new TextDecoder().decode(res.stderr).split("\n").filter((l) =>
        !/^ALSA|jack|JACK/i.test(l)
      ).join("\n"),
    ms: performance.now() - t0,
  };
}

hwTest(
  "a program whose last pending thing is a WorkerStream read()/write() on a stream not running exits by itself",
  async () => {
    const programs: Record<string, string> = {
      "read() before start()": `
        const ws = new m.WorkerStream({ kind: "input", device: "pulse", realtime: false });
        await ws.ready;
        ws.read(48000).then(() => console.log("resolved"), (e) => console.log("rejected", e.code));
      `,
      "write() beyond the ring before start()": `
        const ws = new m.WorkerStream({ device: "pulse", ringFrames: 1024, realtime: false });
        ws.write(new Float32Array(48000)).then((n) => console.log("resolved", n), (e) => console.log("rejected", e.code));
      `,
      "read() pending at stop()": `
        const ws = new m.WorkerStream({ kind: "input", module: ${
        JSON.stringify(idleModule.href)
      }, device: "pulse", realtime: false });
        await ws.start();
        ws.read(48000).then(() => console.log("resolved"), (e) => console.log("rejected", e.code));
        setTimeout(() => ws.stop(), 200);
      `,
      "write() pending at abort()": `
        const ws = new m.WorkerStream({ module: ${
        JSON.stringify(idleModule.href)
      }, device: "pulse", ringFrames: 1024, realtime: false });
        await ws.start();
        ws.write(new Float32Array(48000)).then((n) => console.log("resolved", n), (e) => console.log("rejected", e.code));
        setTimeout(() => ws.abort(), 200);
      `,
    };
    for (const [what, body] of Object.entries(programs)) {
      const r = await child(
        `const m = await import(${JSON.stringify(mod)});\n${body}`,
        15000,
      );
      assert.equal(
        r.signal,
        null,
        `${what}: killed after ${r.ms.toFixed(0)} ms: ${r.out}`,
      );
      assert.equal(r.code, 0, `${what}: ${r.out}`);
      assert.match(r.out, /rejected -99(83|88)|resolved 1024/, what);
      console.log(
        `${what}: exited in ${r.ms.toFixed(0)} ms (${
          r.out.trim().split("\n")[0]
        })`,
      );
    }
  },
);

hwTest(
  "stop() and start() called back to back run in order: the new run is not taken for a lost device, and stop()/abort() of a stream never started return at once",
  async () => {
    const ws = new WorkerStream({
      kind: "input",
      device: "pulse",
      samplerate: 48000,
      realtime: false,
    });
    const errors: unknown[] = [];
    ws.addEventListener("error", (e) => errors.push((e as ErrorEvent).error));
    try {
      await ws.ready;
      const t0 = performance.now();
      await ws.stop();
      await ws.abort();
      const idle = performance.now() - t0;
      assert.ok(
        idle < 500,
        `stop()+abort() of a stream never started took ${idle} ms`,
      );
      for (let i = 0; i < 3; i++) {
        await ws.start();
        await new Promise((r) => setTimeout(r, 100));
        // not awaited in between: both go to the worker at once
        const stopped = ws.stop();
        const started = ws.start();
        await Promise.all([stopped, started]);
        await new Promise((r) => setTimeout(r, 300));
        assert.deepEqual(errors, [], `cycle ${i}`);
        assert.equal(ws.status.state, "active", `cycle ${i}`);
        assert.equal(ws.endReason, undefined, `cycle ${i}`);
        const r = await settle(ws.read(480), 2000);
        assert.equal(
          (r.value as Float32Array)?.length,
          480,
          `cycle ${i}: ${r.error}`,
        );
        await ws.stop();
      }
    } finally {
      await ws.close();
    }
  },
);

hwTest(
  "close() while a pass-through WorkerStream's stop() waits for a pending write: the write resolves with what it handed over and stop() resolves, as on a main-isolate stream",
  async () => {
    const ws = new WorkerStream({
      device: "pulse",
      samplerate: 48000,
      ringFrames: 4096,
      realtime: false,
    });
    try {
      await ws.start();
      const write = ws.write(new Float32Array(48000 * 10));
      await new Promise((r) => setTimeout(r, 100));
      const stopped = settle(ws.stop(), 3000);
      await new Promise((r) => setTimeout(r, 100));
      assert.ok(
        (await settle(write, 10)).pending,
        "stop() waits for the write",
      );
      const closed = ws.close();
      const w = await settle(write, 1000);
      assert.ok(!w.pending, "the write settled at close()");
      assert.ok(
        typeof w.value === "number" && w.value >= 4096 && w.value < 480000,
        JSON.stringify(w),
      );
      const s = await stopped;
      assert.ok(!s.pending && s.error === undefined, String(s.error));
      await closed;
    } finally {
      await ws.close();
    }
  },
);

hwTest(
  "writeAll()/readFull() waiting on a WorkerStream end when it stops: the write with the frames handed over, the read with the stopped error",
  async () => {
    const input = new WorkerStream({
      kind: "input",
      module: idleModule,
      device: "pulse",
      realtime: false,
    });
    const output = new WorkerStream({
      module: idleModule,
      device: "pulse",
      ringFrames: 1024,
      realtime: false,
    });
    try {
      await input.start();
      await output.start();
      const written = writeAll(output, new Float32Array(48000));
      const read = readFull(input, new Float32Array(48000));
      assert.ok((await settle(written, 300)).pending, "writeAll waits");
      assert.ok((await settle(read, 10)).pending, "readFull waits");
      await Promise.all([input.stop(), output.stop()]);
      const w = await settle(written, 1000);
      assert.equal(w.value, 1024, JSON.stringify(w));
      const r = await settle(read, 1000);
      assert.ok(r.error instanceof PortAudioError, JSON.stringify(r));
      assert.equal(r.error.code, STOPPED);
      assert.match(r.error.message, /Stream is stopped.*it was stopped/);
      console.log(
        `writeAll settled ${w.ms.toFixed(1)} ms, readFull ${
          r.ms.toFixed(1)
        } ms after stop() resolved`,
      );
    } finally {
      await input.close();
      await output.close();
    }
  },
);

hwTest(
  "AlsaSettings in a WorkerStream's extra options reach the worker's stream (they lost their class on the way), and other extraSettings are refused",
  async () => {
    assert.throws(
      () =>
        new WorkerStream({
          extra: { extraSettings: {} as unknown as AlsaSettings },
        }),
      /WorkerStream: extra\.extraSettings must be an AlsaSettings object or null, got an object/,
    );
    const ws = new WorkerStream({
      extra: {
        extraSettings: new AlsaSettings({ device: "pulse", numPeriods: 4 }),
      },
      samplerate: 48000,
      realtime: false,
    });
    try {
      const r = await settle(ws.ready, 10000);
      assert.equal(r.error, undefined, String(r.error));
      // the ALSA PCM named in the settings, not a PortAudio device index
      assert.equal(ws.info.device, -2);
      await ws.start();
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(ws.status.callbacks > 0, JSON.stringify(ws.status));
      await ws.stop();
    } finally {
      await ws.close();
    }
  },
);

for (const end of ["stop()", "await using"] as const) {
  hwTest(
    `${end} right after the last write() of a pass-through WorkerStream plays every frame written (recorded from the sink's monitor)`,
    async () => {
      const rec = await recordMonitor();
      let samples: Int16Array;
      let underruns = 0;
      try {
        await using ws = new WorkerStream({
          samplerate: 48000,
          blocksize: 512,
          channels: 1,
          device: "pulse",
          realtime: false,
        });
        await ws.start();
        // a new stream on the null sink stalls ~2 s before it streams steadily
        await new Promise((r) => setTimeout(r, 2500));
        const tone = Float32Array.from(
          { length: 24000 },
          (_, i) => 0.25 * Math.sin(2 * Math.PI * 700 * i / 48000),
        );
        // resolves once the last frames are in the ring (8192 frames wait there)
        const before = ws.status.ringUnderruns;
        assert.equal(await ws.write(tone), 24000);
        // a main thread late to refill the ring (a loaded machine) makes
        // gaps: more time, not lost frames
        underruns = ws.status.ringUnderruns - before;
        if (end === "stop()") await ws.stop();
      } finally {
        await new Promise((r) => setTimeout(r, 300));
        samples = await rec.stop();
      }
      const got = analyseTone(samples);
      const what = `${end}: ${
        got.duration.toFixed(3)
      } s of the 0.5 s written reached the sink (${underruns} ring underruns during the write)`;
      assert.ok(got.duration > 0.47, what);
      if (underruns === 0) {
        assert.ok(got.duration < 0.53, what);
        assert.equal(got.gaps, 0, what);
      }
      console.log(what);
    },
  );
}
