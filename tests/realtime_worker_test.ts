import assert from "node:assert/strict";
import { hardware, hwTest } from "./_hw.ts";
import { type ChildResult, runJsonChild } from "./_child.ts";
import {
  DeviceSelectionError,
  inputBlocks,
  PaErrorCode,
  PortAudioError,
  WorkerStream,
} from "../mod.ts";
import {
  analyseTone,
  recordMonitor,
  usePrivateSink,
} from "./realtime_fixtures/monitor.ts";

if (hardware) usePrivateSink("rtworker");
// A null sink streams steadily only after its monitor has been read for
// about 1.9 s; a stream started sooner gets no callbacks for that long.
const sinkSteadyAt = performance.now() + 2500;
async function sinkSteady(): Promise<void> {
  const left = sinkSteadyAt - performance.now();
  if (left > 0) await new Promise((r) => setTimeout(r, left));
}

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
  "a WorkerStream callback error rejects finished with the same class, reaches error listeners and is not printed",
  async () => {
    const ws = new WorkerStream({
      module: toneModule,
      samplerate: 48000,
      blocksize: 256,
      device: "pulse",
      workerData: { frequency: 500, samplerate: 48000, stopAfter: 5 },
    });
    const events: ErrorEvent[] = [];
    ws.addEventListener("error", (e) => events.push(e as ErrorEvent));
    let finishedEvents = 0;
    ws.addEventListener("finished", () => finishedEvents++);
    try {
      await ws.start();
      const outcome = await within(
        ws.finished.then(() => null, (e: unknown) => e),
        5000,
        () => JSON.stringify(ws.status),
      );
      assert.ok(outcome instanceof Error, String(outcome));
      assert.match(outcome.message, /stopped by the test after 5 calls/);
      assert.equal(ws.callbackError, outcome);
      assert.equal(ws.endReason, "error");
      assert.equal(events.length, 1);
      assert.equal(events[0].error, outcome);
      assert.equal(finishedEvents, 1);
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
  "a WorkerStream on the pulse device plays and closes when the process has one CPU; the worker then stays at normal priority",
  async () => {
    // PortAudio's ALSA thread polls the pulse plugin until the sound
    // server client's thread delivers. With the worker at SCHED_FIFO on the
    // only CPU, that client was starved for good (an input stream's
    // inputBlocks() waited until the test was killed).
    const cpu = allCpus().split(/[-,]/)[0];
    for (const kind of ["input", "output"]) {
      const r = await runChild([kind], {
        prefix: ["taskset", "-c", cpu],
        timeoutMs: 15000,
      });
      assert.equal(r.signal, null, `${kind} hung: ${r.stderr}`);
      assert.equal(r.code, 0, `${kind}: ${r.stderr}`);
      const rt = r.out.realtime as Record<string, unknown>;
      assert.equal(rt.enabled, false, JSON.stringify(rt));
      assert.match(String(rt.reason), /may run on one CPU only \(\d+\)/);
      if (kind === "input") {
        assert.ok(
          (r.out.frames as number) >= 0.5 * 44100,
          JSON.stringify(r.out),
        );
      } else {
        assert.ok((r.out.callbacks as number) >= 50, JSON.stringify(r.out));
      }
    }
    const strict = await runChild(["output"], {
      prefix: ["taskset", "-c", cpu],
      env: { AUDIODEV_TEST_REALTIME: '{"required":true}' },
      timeoutMs: 15000,
    });
    assert.notEqual(strict.code, 0);
    assert.equal(strict.signal, null);
    assert.match(
      strict.stderr,
      /PermissionDenied: WorkerStream: realtime\.required: this process may run on one CPU only/,
    );
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

Deno.test("WorkerStream refuses unknown and malformed options before starting a worker", () => {
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => new WorkerStream({ samplerat: 48000 } as any),
    (e: unknown) =>
      e instanceof TypeError && /"samplerat"/.test(e.message) &&
      /did you mean "samplerate"/.test(e.message),
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => new WorkerStream({ kind: "duplex", channels: [1, 2, 3] as any }),
    RangeError,
  );
  // pairs are for duplex streams, as on the main-isolate stream classes
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => new WorkerStream({ channels: [1, 2] as any }),
    /WorkerStream: channels takes one value on a one-way stream/,
  );
  // deno-lint-ignore no-explicit-any
  assert.throws(() => new WorkerStream({ realtime: "yes" as any }), TypeError);
  assert.throws(
    () => new WorkerStream({ realtime: { priority: 0 } }),
    RangeError,
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => new WorkerStream({ realtime: { policy: "idle" as any } }),
    TypeError,
  );
});

const child = new URL("./realtime_fixtures/worker_child.ts", import.meta.url)
  .pathname;

/** Runs the child fixture (on the private sink's pulse device); kills it after `timeoutMs`. */
function runChild(
  args: string[],
  opts: {
    timeoutMs?: number;
    v8Flags?: string;
    env?: Record<string, string>;
    prefix?: string[];
  } = {},
): Promise<ChildResult> {
  const denoArgs = [
    "run",
    "-A",
    "--no-check",
    ...(opts.v8Flags ? [`--v8-flags=${opts.v8Flags}`] : []),
    child,
    ...args,
  ];
  const [cmd, ...cmdArgs] = opts.prefix
    ? [...opts.prefix, Deno.execPath(), ...denoArgs]
    : [Deno.execPath(), ...denoArgs];
  return runJsonChild(cmd, cmdArgs, {
    AUDIODEV_TEST_DEVICE: "pulse",
    // These children test the pulse device: a JACK server that an earlier
    // test module pointed the process at (JACK_DEFAULT_SERVER) must not be
    // joined, or libjack's own real-time client thread appears among the
    // worker's threads.
    JACK_DEFAULT_SERVER: "audiodev-tests-no-jack",
    JACK_NO_START_SERVER: "1",
    ...opts.env,
  }, opts.timeoutMs ?? 20000);
}

hwTest(
  "a WorkerStream never closed does not keep the program alive, and the program ends cleanly",
  async () => {
    const t0 = performance.now();
    const r = await runChild(["open"], { timeoutMs: 10000 });
    const ms = performance.now() - t0;
    assert.equal(r.signal, null, `killed (${r.signal}) after ${ms} ms`);
    assert.equal(r.code, 0, r.stderr);
    assert.ok((r.out.callbacks as number) > 10, JSON.stringify(r.out));
  },
);

hwTest(
  "WorkerStreams awaited inside a helper function survive 50 open/start/stop/close cycles with GC running",
  async () => {
    const r = await runChild(["gc-cycles", "50"], {
      v8Flags: "--expose-gc",
      timeoutMs: 120000,
    });
    assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr}`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.out.cycles, 50);
    assert.ok((r.out.callbacks as number) > 0);
  },
);

hwTest(
  "a WorkerStream callback error that no listener handles is printed to stderr once",
  async () => {
    const r = await runChild(["unheard-error"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.out, { error: "TypeError", reason: "error" });
    const hits = r.stderr.split("the test's callback failed").length - 1;
    assert.equal(hits, 1, r.stderr);
    assert.match(r.stderr, /Exception in the callback of a WorkerStream/);
  },
);

hwTest(
  "errors thrown in the worker arrive as the same class on the main thread",
  async () => {
    const noDevice = new WorkerStream({ device: "no such device 4711" });
    try {
      const e = await noDevice.ready.then(() => null, (e: unknown) => e);
      assert.ok(e instanceof DeviceSelectionError, String(e));
      assert.equal(e.reason, "no-match");
      assert.match(e.message, /no such device 4711/);
      await assert.rejects(() => noDevice.start(), DeviceSelectionError);
    } finally {
      await noDevice.close();
    }

    const badRate = new WorkerStream({ device: "pulse", samplerate: 1 });
    try {
      const e = await badRate.ready.then(() => null, (e: unknown) => e);
      assert.ok(
        e instanceof PortAudioError || e instanceof RangeError,
        `${(e as Error)?.name}: ${(e as Error)?.message}`,
      );
      if (e instanceof PortAudioError) {
        assert.equal(e.code, PaErrorCode.paInvalidSampleRate);
        assert.equal(e.codeName, "paInvalidSampleRate");
      }
    } finally {
      await badRate.close();
    }

    const loadFails = new WorkerStream({
      module: new URL(
        "./realtime_fixtures/throwing_worker.ts",
        import.meta.url,
      ),
      device: "pulse",
      workerData: { throwAt: "load" },
    });
    try {
      await assert.rejects(
        () => loadFails.start(),
        (e: unknown) =>
          e instanceof RangeError && /refuses to load/.test(e.message),
      );
    } finally {
      await loadFails.close();
    }

    const callbackFails = new WorkerStream({
      module: new URL(
        "./realtime_fixtures/throwing_worker.ts",
        import.meta.url,
      ),
      device: "pulse",
      workerData: { throwAt: "callback" },
    });
    const seen: unknown[] = [];
    callbackFails.addEventListener(
      "error",
      (e) => seen.push((e as ErrorEvent).error),
    );
    try {
      await callbackFails.start();
      const e = await within(
        callbackFails.finished.then(() => null, (e: unknown) => e),
        5000,
        () => JSON.stringify(callbackFails.status),
      );
      assert.ok(e instanceof TypeError, String(e));
      assert.equal((e as TypeError & { code: number }).code, 42);
      assert.match(String((e as Error).stack), /throwing_worker\.ts/);
      assert.deepEqual(seen, [e]);
    } finally {
      await callbackFails.close();
    }
  },
);

for (const kind of ["output", "input", "duplex"] as const) {
  hwTest(
    `a ${kind} WorkerStream callback gets python-sounddevice's arguments${
      kind === "input" ? "" : " and a silent outdata"
    }`,
    async () => {
      const counters = new SharedArrayBuffer(16);
      const c = new Int32Array(counters);
      const ws = new WorkerStream({
        module: new URL("./realtime_fixtures/args_worker.ts", import.meta.url),
        kind,
        device: kind === "duplex" ? ["pulse", "pulse"] : "pulse",
        samplerate: 48000,
        blocksize: 256,
        // A duplex stream on the pulse PCM at the default "high" latency
        // (34.8 ms here) ends by itself within 2-8 ms of starting in most
        // runs, in C too: PortAudio's ALSA poll loop keeps re-preparing the
        // playback PCM, asks snd_pcm_delay() of the new PulseAudio stream
        // before its first timing update, and the pulse plugin answers EIO
        // instead of waiting (it compares -PA_ERR_NODATA with +PA_ERR_NODATA);
        // PortAudio then ends its callback thread. At 0.1 s it does not.
        ...(kind === "duplex" ? { latency: 0.1 } : {}),
        workerData: { kind, counters },
      });
      try {
        await sinkSteady();
        await ws.start();
        await new Promise((r) => setTimeout(r, 700));
        await ws.stop();
      } finally {
        await ws.close();
      }
      assert.ok(c[0] > 20, `${c[0]} calls`);
      assert.equal(c[1], 0, `${c[1]} of ${c[0]} calls got other arguments`);
      assert.equal(
        c[2],
        0,
        `${c[2]} of ${c[0]} calls found outdata not silent`,
      );
    },
  );
}

hwTest(
  "WorkerStream runs its worker at SCHED_FIFO 5 where permitted, and realtime: false leaves it alone",
  async () => {
    const on = await runChild(["rt"]);
    assert.equal(on.code, 0, on.stderr);
    const rt = on.out.realtime as Record<string, unknown>;
    assert.deepEqual(rt.requested, {
      policy: "fifo",
      priority: 5,
      cpu: "auto",
    });
    // Off JACK "auto" does not pin: every thread keeps every CPU.
    const all = allCpus();
    assert.equal(rt.cpu, null);
    assert.ok(
      (on.out.cpus as string[]).every((t) =>
        t.endsWith(` ${all}`) || t.endsWith(" ?")
      ),
      JSON.stringify(on.out.cpus),
    );
    if (Deno.uid() === 0) {
      assert.equal(rt.enabled, true, JSON.stringify(rt));
      // The worker's thread, and threads it started (PortAudio's, the
      // sound server client's), run at FIFO 5; the main thread does not.
      const threads = on.out.threads as string[];
      assert.ok(
        threads.some((t) => /^FF 5 worker-\d+$/.test(t)),
        JSON.stringify(threads),
      );
      assert.ok(threads.every((t) => t.startsWith("FF 5 ")));
      assert.ok(!threads.some((t) => / deno$/.test(t)), "main thread normal");
    }
    const off = await runChild(["rt"], {
      env: { AUDIODEV_TEST_REALTIME: "false" },
    });
    assert.equal(off.code, 0, off.stderr);
    assert.deepEqual(off.out.threads, []);
    assert.deepEqual(off.out.realtime, {
      enabled: false,
      policy: "other",
      priority: 0,
      cpu: null,
      requested: null,
    });
    assert.ok(
      (off.out.cpus as string[]).every((t) =>
        t.endsWith(` ${all}`) || t.endsWith(" ?")
      ),
      JSON.stringify(off.out.cpus),
    );
  },
);

/** The CPUs this process may run on, as Cpus_allowed_list writes them. */
function allCpus(): string {
  const status = Deno.readTextFileSync("/proc/self/status");
  return /Cpus_allowed_list:\s*(\S+)/.exec(status)?.[1] ?? "?";
}

hwTest(
  "realtime.cpu is refused off JACK, before the stream opens, and checked in the constructor",
  async () => {
    const all = allCpus();
    const last = Number(all.split(/[-,]/).at(-1));
    const r = await runChild(["output"], {
      env: { AUDIODEV_TEST_REALTIME: JSON.stringify({ cpu: last }) },
    });
    assert.notEqual(r.code, 0);
    assert.equal(r.signal, null);
    assert.match(
      r.stderr,
      /TypeError: WorkerStream: realtime\.cpu pins the worker to a CPU on JACK devices only; the output device "pulse" is on ALSA/,
    );
    const escaped = all.replaceAll(",", ", ").replace(/[-]/g, "\\-");
    assert.throws(() => new WorkerStream({ realtime: { cpu: 1023 } }), {
      name: "RangeError",
      message: new RegExp(
        `realtime\\.cpu must be a CPU this process may run on \\(${escaped}\\), got 1023$`,
      ),
    });
    assert.throws(() => new WorkerStream({ realtime: { cpu: 1.5 } }), {
      name: "TypeError",
      message:
        /realtime\.cpu must be a CPU number, "current", "auto" or null, got 1\.5$/,
    });
    assert.throws(
      // deno-lint-ignore no-explicit-any
      () => new WorkerStream({ realtime: { cpu: "first" as any } }),
      {
        name: "TypeError",
        message:
          /realtime\.cpu must be a CPU number, "current", "auto" or null, got "first"$/,
      },
    );
  },
);

hwTest(
  "without permission the worker falls back to normal priority and says why; required: true refuses",
  async (t) => {
    if (Deno.uid() !== 0) {
      // The fallback is what this user gets anyway.
      const r = await runChild(["rt"]);
      assert.match(
        String((r.out.realtime as { reason?: string }).reason),
        /RLIMIT_RTPRIO/,
      );
      return;
    }
    // root without CAP_SYS_NICE (setpriv drops it) behaves like a user
    // without an rtprio limit
    const prefix = [
      "setpriv",
      "--bounding-set=-sys_nice",
      "--inh-caps=-sys_nice",
    ];
    await t.step("default: falls back", async () => {
      const r = await runChild(["rt"], { prefix });
      assert.equal(r.code, 0, r.stderr);
      const rt = r.out.realtime as Record<string, unknown>;
      assert.equal(rt.enabled, false);
      assert.equal(rt.policy, "other");
      assert.match(String(rt.reason), /may not use SCHED_FIFO priority 5/);
      assert.match(String(rt.reason), /RLIMIT_RTPRIO is 0/);
      assert.deepEqual(r.out.threads, []);
      assert.ok((r.out.callbacks as number) > 10, "it still plays");
    });
    await t.step("required: the stream does not open", async () => {
      const r = await runChild(["rt"], {
        prefix,
        env: { AUDIODEV_TEST_REALTIME: '{"required":true}' },
      });
      assert.notEqual(r.code, 0);
      assert.equal(r.signal, null);
      assert.match(
        r.stderr,
        /PermissionDenied: WorkerStream: realtime\.required/,
      );
    });
  },
);

hwTest(
  "a WorkerStream whose sound server goes away says so: error event, finished rejects with paDeviceUnavailable",
  async () => {
    // A PulseAudio server of its own, so that killing it disturbs nobody.
    const runtime = await Deno.makeTempDir({ prefix: "audiodev-loss" });
    await Deno.chmod(runtime, 0o700);
    const env = { XDG_RUNTIME_DIR: runtime };
    const started = await new Deno.Command("pulseaudio", {
      args: [
        "--daemonize=yes",
        "--exit-idle-time=-1",
        "-n",
        "--load=module-native-protocol-unix",
        "--load=module-null-sink sink_name=loss",
        "--load=module-always-sink",
      ],
      env,
      stdout: "null",
      stderr: "null",
    }).output();
    assert.ok(started.success, "a private pulseaudio started");
    const pid = Number(
      (await Deno.readTextFile(`${runtime}/pulse/pid`)).trim(),
    );
    // keep the null sink streaming steadily (PLATFORM.md)
    const reader = new Deno.Command("parec", {
      args: ["-d", "loss.monitor"],
      env,
      stdout: "null",
      stderr: "null",
    }).spawn();
    try {
      const proc = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--no-check", child, "device-loss"],
        env: {
          ...env,
          PULSE_SINK: "loss",
          PULSE_SOURCE: "loss.monitor",
          AUDIODEV_TEST_DEVICE: "pulse",
        },
        stdout: "piped",
        stderr: "null",
      }).spawn();
      const lines: string[] = [];
      const decoder = new TextDecoder();
      let killed = false;
      for await (const chunk of proc.stdout) {
        lines.push(...decoder.decode(chunk).split("\n").filter((l) => l));
        if (!killed && lines.some((l) => l.includes('"started"'))) {
          await new Promise((r) => setTimeout(r, 500));
          Deno.kill(pid, "SIGKILL");
          killed = true;
        }
      }
      const status = await proc.status;
      assert.equal(status.signal, null);
      assert.equal(status.code, 0, lines.join("\n"));
      const r = JSON.parse(lines.at(-1)!);
      assert.equal(r.outcome.rejected, "PortAudioError", JSON.stringify(r));
      assert.equal(r.outcome.code, PaErrorCode.paDeviceUnavailable);
      assert.match(r.outcome.message, /ended by itself/);
      assert.deepEqual(r.events, [
        `PortAudioError ${PaErrorCode.paDeviceUnavailable}`,
      ]);
      assert.equal(r.reason, "device");
    } finally {
      try {
        reader.kill("SIGTERM");
      } catch {
        // ended with its server
      }
      await reader.status;
      try {
        Deno.kill(pid, "SIGKILL");
      } catch {
        // killed above
      }
      await Deno.remove(runtime, { recursive: true }).catch(() => {});
    }
  },
);
