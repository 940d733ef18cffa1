/**
 * Streams on JACK (a private server with the dummy backend, see
 * tests/realtime_fixtures/jack.ts): WorkerStreams and main-isolate streams
 * start, play and end cleanly however the program ends, and what they play
 * reaches JACK (recorded by a second client, `jack_rec`).
 *
 * @module
 */
import assert from "node:assert/strict";
import { hardware, hwTest } from "./_hw.ts";
import { type ChildResult, runJsonChild } from "./_child.ts";
import {
  allPorts,
  connectPorts,
  portsPlayingToSystem,
  recordPort,
  useJackServer,
} from "./realtime_fixtures/jack.ts";
import { OutputStream, queryDevices, WorkerStream } from "../mod.ts";

const server = hardware ? useJackServer() : "";
const child = new URL("./realtime_fixtures/worker_child.ts", import.meta.url)
  .pathname;
const JACK_SYSTEM = "system, JACK Audio Connection Kit";

/** Runs the child fixture on the JACK server; fails after `timeoutMs`. */
function runChild(
  args: string[],
  opts: {
    timeoutMs?: number;
    v8Flags?: string;
    realtime?: string;
    blocksize?: number;
  } = {},
): Promise<ChildResult> {
  return runJsonChild(
    Deno.execPath(),
    [
      "run",
      "-A",
      "--no-check",
      ...(opts.v8Flags ? [`--v8-flags=${opts.v8Flags}`] : []),
      child,
      ...args,
    ],
    {
      JACK_DEFAULT_SERVER: server,
      AUDIODEV_TEST_DEVICE: JACK_SYSTEM,
      AUDIODEV_TEST_REALTIME: opts.realtime ?? "true",
      ...(opts.blocksize === undefined
        ? {}
        : { AUDIODEV_TEST_BLOCKSIZE: String(opts.blocksize) }),
    },
    opts.timeoutMs ?? 20000,
  );
}

function assertPlayed(r: ChildResult): void {
  assert.ok(
    typeof r.out.callbacks === "number" && r.out.callbacks > 50,
    `the stream ran on JACK: ${JSON.stringify(r.out)}`,
  );
}

hwTest("PortAudio lists JACK's system device on the private server", () => {
  const d = queryDevices(JACK_SYSTEM);
  assert.equal(d.name, "system");
  assert.ok(d.maxOutputChannels >= 2);
});

hwTest(
  "on JACK a WorkerStream's worker and JACK's process thread share one CPU (realtime.cpu: the default, or a number); it still plays",
  async () => {
    const status = Deno.readTextFileSync("/proc/self/status");
    const all = /Cpus_allowed_list:\s*(\S+)/.exec(status)?.[1] ?? "?";
    const last = Number(all.split(/[-,]/).at(-1));
    for (const realtime of ["true", JSON.stringify({ cpu: last })]) {
      // at the server's period, as a JACK user runs it
      const r = await runChild(["rt"], { realtime, blocksize: 64 });
      assert.equal(r.code, 0, r.stderr);
      const rt = r.out.realtime as Record<string, unknown>;
      assert.equal(typeof rt.cpu, "number", JSON.stringify(rt));
      if (realtime !== "true") assert.equal(rt.cpu, last);
      assert.equal(rt.reason, undefined, String(rt.reason));
      // The worker started PortAudio here, so JACK's threads were started
      // by it: they carry its mask, and the process thread JACK raised to
      // SCHED_FIFO is among them. The main thread keeps every CPU.
      const cpus = r.out.cpus as string[];
      const fifo = cpus.filter((t) => t.startsWith("FF "));
      assert.ok(fifo.length >= 2, JSON.stringify(cpus));
      assert.ok(
        fifo.every((t) => t.endsWith(` ${rt.cpu}`)),
        JSON.stringify(cpus),
      );
      assert.ok(cpus.includes(`TS deno ${all}`), JSON.stringify(cpus));
      assertPlayed(r);
    }
    const loose = await runChild(["rt"], { realtime: '{"cpu":null}' });
    assert.equal(loose.code, 0, loose.stderr);
    assert.equal((loose.out.realtime as Record<string, unknown>).cpu, null);
    assert.ok(
      (loose.out.cpus as string[]).every((t) =>
        t.endsWith(` ${all}`) || t.endsWith(" ?")
      ),
      JSON.stringify(loose.out.cpus),
    );
  },
);

hwTest(
  "a WorkerStream on JACK stopped and closed ends the process normally (exit 0, no signal)",
  async () => {
    for (let i = 0; i < 3; i++) {
      const r = await runChild(["close"]);
      assert.equal(r.signal, null, `run ${i}: killed by ${r.signal}`);
      assert.equal(r.code, 0, `run ${i}: exit ${r.code}\n${r.stderr}`);
      assertPlayed(r);
      assert.equal(r.out.state, "closed");
    }
  },
);

hwTest(
  "a program that ends with a WorkerStream running on JACK exits by itself, cleanly",
  async () => {
    const r = await runChild(["open"], { timeoutMs: 10000 });
    assert.equal(r.signal, null, `killed by ${r.signal} after ${r.ms} ms`);
    assert.equal(r.code, 0, r.stderr);
    assertPlayed(r);
  },
);

hwTest(
  "Deno.exit() and an uncaught exception with a WorkerStream running on JACK end without a crash",
  async () => {
    const exit = await runChild(["exit"]);
    assert.equal(exit.signal, null);
    assert.equal(exit.code, 3, exit.stderr);
    assertPlayed(exit);
    const thrown = await runChild(["throw"]);
    assert.equal(thrown.signal, null);
    assert.equal(thrown.code, 1, "the exit code of an uncaught exception");
    assert.match(thrown.stderr, /uncaught, on purpose/);
    assertPlayed(thrown);
  },
);

hwTest(
  "WorkerStream open/start/stop/close cycles on JACK survive forced GC",
  async () => {
    const r = await runChild(["gc-cycles", "20"], {
      v8Flags: "--expose-gc",
      timeoutMs: 60000,
    });
    assert.equal(r.signal, null);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.out.cycles, 20);
  },
);

hwTest(
  "a WorkerStream on JACK runs its worker at SCHED_FIFO 5 (as root) and says so",
  async () => {
    const r = await runChild(["rt"]);
    assert.equal(r.code, 0, r.stderr);
    const rt = r.out.realtime as Record<string, unknown>;
    if (Deno.uid() === 0) {
      assert.equal(rt.enabled, true, JSON.stringify(rt));
      assert.equal(rt.policy, "fifo");
      assert.equal(rt.priority, 5);
      // JACK's own client thread runs at FIFO 5 either way (it inherits
      // the worker's thread name); the worker's thread adds to it.
      const off = await runChild(["rt"], { realtime: "false" });
      const on = r.out.threads as string[];
      const without = off.out.threads as string[];
      assert.ok(
        on.filter((t) => /^FF 5 worker-\d+$/.test(t)).length >
          without.filter((t) => /^FF 5 worker-\d+$/.test(t)).length,
        `ps: ${JSON.stringify(on)} vs ${JSON.stringify(without)}`,
      );
    } else {
      assert.equal(typeof rt.reason, "string");
    }
  },
);

hwTest(
  "a WorkerStream's tone reaches JACK (recorded by jack_rec from its port)",
  async () => {
    const ws = new WorkerStream({
      module: new URL("./realtime_fixtures/tone_worker.ts", import.meta.url),
      samplerate: 48000,
      blocksize: 64,
      device: JACK_SYSTEM,
      workerData: { frequency: 1000, samplerate: 48000 },
    });
    let rec: Float32Array;
    try {
      await ws.start();
      await new Promise((r) => setTimeout(r, 300));
      const ports = portsPlayingToSystem();
      assert.ok(ports.length >= 1, `a port plays to system: ${ports}`);
      rec = await recordPort(ports[ports.length - 1], 1);
      assert.ok(ws.status.callbacks > 500, JSON.stringify(ws.status));
    } finally {
      await ws.close();
    }
    let peak = 0;
    let crossings = 0;
    for (let i = 1; i < rec.length; i++) {
      peak = Math.max(peak, Math.abs(rec[i]));
      if (rec[i - 1] < 0 && rec[i] >= 0) crossings++;
    }
    assert.ok(rec.length > 40000, `recorded ${rec.length} samples`);
    assert.ok(Math.abs(peak - 0.3) < 0.02, `peak ${peak}`);
    const hz = crossings * 48000 / rec.length;
    assert.ok(Math.abs(hz - 1000) < 10, `frequency ${hz}`);
  },
);

hwTest(
  "a main-isolate OutputStream on JACK plays a callback's tone and closes cleanly",
  async () => {
    let phase = 0;
    const s = new OutputStream({
      samplerate: 48000,
      blocksize: 256,
      channels: 1,
      device: JACK_SYSTEM,
      callback: (out, frames) => {
        for (let i = 0; i < frames; i++) {
          out[i] = 0.25 * Math.sin(phase);
          phase += 2 * Math.PI * 500 / 48000;
        }
      },
    });
    let rec: Float32Array;
    try {
      await s.start();
      await new Promise((r) => setTimeout(r, 300));
      const ports = portsPlayingToSystem();
      rec = await recordPort(ports[ports.length - 1], 1);
      await s.stop();
    } finally {
      await s.close();
    }
    let peak = 0;
    for (const v of rec) peak = Math.max(peak, Math.abs(v));
    assert.ok(Math.abs(peak - 0.25) < 0.02, `peak ${peak}`);
  },
);

hwTest(
  "a duplex WorkerStream on JACK passes its input to its output (a tone routed in with jack_connect, recorded with jack_rec)",
  async () => {
    const opts = { samplerate: 48000, blocksize: 64, device: JACK_SYSTEM };
    const before = new Set(allPorts());
    const tone = new WorkerStream({
      ...opts,
      module: new URL("./realtime_fixtures/tone_worker.ts", import.meta.url),
      workerData: { frequency: 750, samplerate: 48000 },
    });
    await tone.start();
    const tonePorts = allPorts().filter((p) => !before.has(p));
    const seen = new Set(allPorts());
    const thru = new WorkerStream({
      ...opts,
      kind: "duplex",
      device: [JACK_SYSTEM, JACK_SYSTEM],
      module: new URL("./realtime_fixtures/thru_worker.ts", import.meta.url),
      workerData: { gain: 0.5 },
    });
    let rec: Float32Array;
    try {
      await thru.start();
      const thruPorts = allPorts().filter((p) => !seen.has(p));
      const toneOut = tonePorts.find((p) => /:out_\d+$/.test(p));
      const thruIn = thruPorts.find((p) => /:in_\d+$/.test(p));
      const thruOut = thruPorts.find((p) => /:out_\d+$/.test(p));
      assert.ok(
        toneOut && thruIn && thruOut,
        `ports: ${tonePorts} / ${thruPorts}`,
      );
      connectPorts("system:capture_1", thruIn, false);
      connectPorts(toneOut, thruIn);
      await new Promise((r) => setTimeout(r, 200));
      rec = await recordPort(thruOut, 1);
      assert.ok(thru.status.callbacks > 500, JSON.stringify(thru.status));
    } finally {
      await thru.close();
      await tone.close();
    }
    let peak = 0;
    let crossings = 0;
    for (let i = 1; i < rec.length; i++) {
      peak = Math.max(peak, Math.abs(rec[i]));
      if (rec[i - 1] < 0 && rec[i] >= 0) crossings++;
    }
    assert.ok(Math.abs(peak - 0.15) < 0.01, `peak ${peak} (0.3 x 0.5)`);
    const hz = crossings * 48000 / rec.length;
    assert.ok(Math.abs(hz - 750) < 10, `frequency ${hz}`);
  },
);

hwTest(
  "an uncaught exception after a main-isolate stream on JACK was closed ends with exit 1, not a crash",
  async () => {
    for (let i = 0; i < 2; i++) {
      const r = await runChild(["main-throw"]);
      assert.equal(r.signal, null, `run ${i}: killed by ${r.signal}`);
      assert.equal(r.code, 1, `run ${i}: exit ${r.code}\n${r.stderr}`);
      assert.deepEqual(r.out, { closed: true });
    }
  },
);
