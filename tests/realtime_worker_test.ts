import assert from "node:assert/strict";
import { hardware, hwTest } from "./_hw.ts";
import { inputBlocks, WorkerStream } from "../mod.ts";
import {
  analyseTone,
  recordMonitor,
  usePrivateSink,
} from "./realtime_fixtures/monitor.ts";

if (hardware) usePrivateSink("rtworker");

const toneModule = new URL(
  "./realtime_fixtures/tone_worker.ts",
  import.meta.url,
);

/** Fails (instead of hanging) when `p` takes longer than `ms`. */
async function within<T>(
  p: Promise<T>,
  ms: number,
  what: () => string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${ms} ms: ${what()}`)),
      ms,
    );
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* keep the main thread busy */ }
}

/** Spins 50 ms of every 60 ms for `seconds`. */
async function spinFor(seconds: number): Promise<void> {
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    spin(50);
    await new Promise((r) => setTimeout(r, 10));
  }
}

Deno.test("WorkerStream rejects bad options before starting a worker", () => {
  // deno-lint-ignore no-explicit-any
  assert.throws(() => new WorkerStream({ kind: "sideways" as any }), TypeError);
  assert.throws(() => new WorkerStream({ channels: 0 }), RangeError);
  assert.throws(() => new WorkerStream({ blocksize: -1 }), RangeError);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => new WorkerStream({ dtype: "float64" as any }), TypeError);
});

Deno.test("WorkerStream.start() rejects when the worker module registers no callback", async () => {
  const ws = new WorkerStream({
    module: new URL(
      "./realtime_fixtures/no_callback_worker.ts",
      import.meta.url,
    ),
  });
  try {
    await assert.rejects(() => ws.start(), /registerCallback/);
    assert.equal(ws.status.state, "failed");
  } finally {
    await ws.close();
  }
  assert.equal(ws.closed, true);
  await ws.close(); // idempotent
  await assert.rejects(() => ws.start(), /closed/);
});

hwTest(
  "WorkerStream plays a worker callback's 1 kHz tone without gaps while the main thread spins",
  async () => {
    const ws = new WorkerStream({
      module: toneModule,
      samplerate: 48000,
      blocksize: 256,
      channels: 1,
      device: "pulse",
      workerData: { frequency: 1000, samplerate: 48000 },
    });
    let samples: Int16Array = new Int16Array(0);
    try {
      await ws.start();
      assert.equal(ws.active, true);
      // A new stream on the null sink stalls about 2 s before it streams
      // steadily (PLATFORM.md); record only after that.
      await new Promise((r) => setTimeout(r, 2500));
      const before = ws.status.callbacks;
      const rec = await recordMonitor();
      try {
        await spinFor(3);
      } finally {
        samples = await rec.stop();
      }
      const status = ws.status;
      assert.ok(
        status.callbacks > before,
        "callbacks counted in shared memory",
      );
      assert.equal(status.state, "active");
      assert.ok(
        status.cpuLoad > 0 && status.cpuLoad < 1,
        `cpu load ${status.cpuLoad} sampled by the worker`,
      );
      await ws.stop();
      assert.equal(ws.status.state, "stopped");
    } finally {
      await ws.close();
    }
    const tone = analyseTone(samples);
    assert.ok(tone.duration > 2.5, `tone heard for ${tone.duration} s`);
    assert.ok(
      Math.abs(tone.frequency - 1000) < 3,
      `frequency ${tone.frequency} Hz`,
    );
    assert.ok(Math.abs(tone.peak - 0.3) < 0.03, `peak ${tone.peak}`);
    assert.equal(tone.gaps, 0, "no silent runs inside the tone");
  },
);

hwTest(
  "WorkerStream pass-through plays what the main thread writes",
  async () => {
    const rec = await recordMonitor();
    const ws = new WorkerStream({
      samplerate: 48000,
      blocksize: 512,
      channels: 1,
      device: "pulse",
    });
    let samples: Int16Array;
    try {
      const state = (): string => JSON.stringify(ws.status);
      await within(ws.ready, 10000, () => "ready " + state());
      const tone = Float32Array.from(
        { length: 48000 },
        (_, i) => 0.25 * Math.sin(2 * Math.PI * 700 * i / 48000),
      );
      // Start with an empty ring (the worker plays silence and counts ring
      // underruns) and let the null sink reach steady streaming first.
      await within(ws.start(), 10000, () => "start " + state());
      await new Promise((r) => setTimeout(r, 2500));
      assert.ok(
        ws.status.ringUnderruns > 0,
        "silence while the ring was empty",
      );
      // write() awaits whenever the ring is full
      assert.equal(
        await within(ws.write(tone), 10000, () => "write " + state()),
        48000,
      );
      await new Promise((r) => setTimeout(r, 400));
      await within(ws.stop(), 10000, () => "stop " + state());
    } finally {
      await within(ws.close(), 10000, () => "close");
      samples = await rec.stop();
    }
    const got = analyseTone(samples);
    assert.ok(Math.abs(got.frequency - 700) < 5, `frequency ${got.frequency}`);
    assert.ok(Math.abs(got.peak - 0.25) < 0.03, `peak ${got.peak}`);
    assert.ok(
      Math.abs(got.duration - 1) < 0.03,
      `duration ${got.duration}`,
    );
    assert.equal(got.gaps, 0, "no silent runs inside the tone");
  },
);

hwTest(
  "WorkerStream reports a callback error through finished and callbackError",
  async () => {
    const ws = new WorkerStream({
      module: toneModule,
      samplerate: 48000,
      blocksize: 256,
      device: "pulse",
      workerData: { frequency: 500, samplerate: 48000, stopAfter: 5 },
    });
    try {
      await ws.start();
      const timeout = new Promise<string>((r) => {
        const t = setTimeout(() => r("timeout"), 5000);
        ws.finished.then(() => clearTimeout(t));
      });
      assert.equal(
        await Promise.race([ws.finished.then(() => "finished"), timeout]),
        "finished",
      );
      assert.match(
        String(ws.callbackError),
        /stopped by the test after 5 calls/,
      );
      assert.equal(ws.status.callbacks, 5);
    } finally {
      await ws.close();
    }
  },
);

hwTest(
  "inputBlocks() on an input WorkerStream yields blocks of what the worker captured and ends on close()",
  async () => {
    const ws = new WorkerStream({
      kind: "input",
      samplerate: 44100,
      blocksize: 441,
      channels: 1,
      device: "pulse",
    });
    await ws.start();
    setTimeout(() => ws.close(), 800);
    const sizes: number[] = [];
    for await (const block of inputBlocks(ws, { blocksize: 2205 })) {
      assert.ok(block instanceof Float32Array);
      sizes.push(block.length);
    }
    assert.ok(sizes.length >= 5, `${sizes.length} blocks in 0.8 s`);
    assert.ok(sizes.slice(0, -1).every((n) => n === 2205), String(sizes));
    assert.equal(ws.closed, true);
    await ws.close(); // the same close, now finished
    assert.equal(ws.status.state, "closed");
  },
);

hwTest(
  "a WorkerStream dropped without close() is closed by its worker after GC, without a crash",
  async () => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--v8-flags=--expose-gc",
        new URL("./realtime_fixtures/dropped_stream.ts", import.meta.url)
          .pathname,
      ],
      stdout: "piped",
      stderr: "null",
    }).output();
    assert.equal(out.code, 0, "the process ended normally (no signal)");
    const { before, after } = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.equal(before, 1, "the stream played into the private sink");
    assert.equal(after, 0, "the worker closed the stream after GC");
  },
);
