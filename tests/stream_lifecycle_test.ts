// Lifecycle of PortAudio streams as python-sounddevice defines it (start() on
// a running stream does nothing, Python's `with` as `await using` with the
// static start()), option checks, close() racing start/stop/abort, and a
// stream whose sound server dies. Crash-prone cases run in child processes:
// a crash fails the test instead of killing the runner.
import assert from "node:assert/strict";
import {
  InputStream,
  OutputStream,
  PaErrorCode,
  RawOutputStream,
  Stream,
} from "../mod.ts";
import { hardware, hwTest } from "./_hw.ts";
import { usePrivateSink } from "./realtime_fixtures/monitor.ts";

if (hardware) usePrivateSink("lifecycle");

const MOD = new URL("../mod.ts", import.meta.url).href;
const SR = 44100;

interface ChildResult {
  code: number;
  signal: Deno.Signal | null;
  stdout: string;
  stderr: string;
}

/** Runs a script in a child process (killed after `timeoutMs`). */
async function child(
  script: string,
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<ChildResult> {
  const p = new Deno.Command(Deno.execPath(), {
    args: ["eval", `import * as ad from "${MOD}";\n${script}`],
    env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => p.kill("SIGKILL"), timeoutMs);
  const out = await p.output();
  clearTimeout(timer);
  return {
    code: out.code,
    signal: out.signal,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

// ---- options ---------------------------------------------------------------------

Deno.test("stream options: unknown keys, one-way pairs and malformed pairs throw before anything is opened", () => {
  assert.throws(
    () => new OutputStream({ samplerat: 48000 } as never),
    /OutputStream: unknown option "samplerat" \(did you mean "samplerate"\?\)/,
  );
  assert.throws(
    () => new InputStream({ channel: 1 } as never),
    /unknown option "channel" \(did you mean "channels"\?\)/,
  );
  assert.throws(
    () => new Stream({ channels: [1, 2, 3] as never }),
    (e: unknown) =>
      e instanceof RangeError &&
      /channels must be one value or an \[input, output\] pair/.test(
        e.message,
      ),
  );
  assert.throws(
    () => new OutputStream({ channels: [1, 2] as never }),
    (e: unknown) =>
      e instanceof TypeError &&
      /channels takes one value on a one-way stream/.test(e.message),
  );
  assert.throws(
    () => new RawOutputStream({ clipOff: "yes" as never }),
    /clipOff must be true or false/,
  );
  assert.throws(
    () => new OutputStream({ callback: 5 as never }),
    /callback must be a function/,
  );
  assert.throws(
    () => new OutputStream(5 as never),
    /options must be an object/,
  );
});

hwTest(
  "stop(), abort() and close() options are checked: a typo throws",
  async () => {
    const s = new OutputStream({ device: "pulse", channels: 1 });
    try {
      await assert.rejects(
        s.stop({ ignoreErros: true } as never),
        /OutputStream.stop: unknown option "ignoreErros" \(did you mean "ignoreErrors"\?\)/,
      );
      await assert.rejects(
        s.abort({ ignoreErrors: 1 } as never),
        /ignoreErrors must be true or false/,
      );
      assert.throws(
        () => s.close({ force: true } as never),
        /OutputStream.close: unknown option "force"/,
      );
    } finally {
      await s.close();
    }
  },
);

// ---- start(), with ------------------------------------------------------------------

/** Waits until `count()` grows by more than `by` within 300 ms (a new stream on a null sink stalls ~2 s first). */
async function steady(count: () => number, by = 3): Promise<void> {
  const deadline = Date.now() + 6000;
  for (;;) {
    const before = count();
    await new Promise((r) => setTimeout(r, 300));
    if (count() - before > by) return;
    if (Date.now() > deadline) {
      throw new Error(
        `the stream did not stream steadily: ${count()} callbacks`,
      );
    }
  }
}

hwTest(
  "start() on a running stream does nothing: no error, callbacks go on, the same run",
  async () => {
    let calls = 0;
    const s = new OutputStream({
      device: "pulse",
      channels: 1,
      samplerate: SR,
      blocksize: 512,
      callback: () => {
        calls++;
      },
    });
    try {
      await s.start();
      const run = s.finished;
      await steady(() => calls);
      await s.start(); // Python ignores paStreamIsNotStopped here
      await s.start();
      await steady(() => calls); // callbacks go on
      assert.equal(s.active, true);
      assert.equal(s.finished, run, "still the same run");
      await s.stop();
      assert.deepEqual(await run, { reason: "stop" });
    } finally {
      await s.close();
    }
  },
);

hwTest(
  "await using s = await OutputStream.start(...) opens and starts like Python's `with`, and stops and closes at the end of the block",
  async () => {
    let outer: OutputStream;
    let calls = 0;
    {
      await using s = await OutputStream.start({
        device: "pulse",
        channels: 1,
        samplerate: SR,
        blocksize: 512,
        callback: (outdata) => {
          calls++;
          outdata.fill(0.01);
        },
      });
      outer = s;
      assert.equal(s.active, true, "running inside the block");
      await steady(() => calls);
    }
    assert.equal(outer.closed, true);
    assert.deepEqual(await outer.finished, { reason: "stop" });
    // A stream that cannot start is closed again, and the error thrown.
    await assert.rejects(
      OutputStream.start({ device: "no such device at all" }),
      /no such device at all/,
    );
  },
);

// ---- close() racing start/stop/abort ---------------------------------------------------

hwTest(
  "close() while start(), stop() or abort() is still running waits for it: no crash in 120 rounds",
  async () => {
    const r = await child(`
const outcomes = {};
const note = (k) => { outcomes[k] = (outcomes[k] ?? 0) + 1; };
for (let round = 0; round < 120; round++) {
  const s = new ad.OutputStream({ device: "pulse", channels: 1, samplerate: 44100,
    callback: round % 2 ? () => {} : undefined });
  const step = Math.floor(round / 2) % 3;
  let call;
  if (step === 0) call = s.start(); // not awaited: close() races it
  else {
    await s.start();
    call = step === 1 ? s.stop() : s.abort();
  }
  // A few microtask hops: close() then lands while the call is on its helper thread.
  for (let k = 0; k < round % 6; k++) await null;
  const closing = s.close();
  await call.then(() => note(step + " resolved"), (e) => note(step + " rejected " + e.code));
  await closing;
  if (!s.closed) throw new Error("not closed");
}
console.log(JSON.stringify(outcomes));`);
    assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr}`);
    assert.equal(r.code, 0, r.stderr);
    const outcomes = JSON.parse(r.stdout);
    const total = Object.values(outcomes as Record<string, number>).reduce(
      (a, b) => a + b,
      0,
    );
    assert.equal(total, 120, r.stdout);
  },
);

// ---- the sound server dies -----------------------------------------------------------

/** A private PulseAudio server in its own runtime dir; `kill()` kills it (SIGKILL). */
async function privateServer(): Promise<
  { env: Record<string, string>; kill(): void; cleanup(): Promise<void> }
> {
  const dir = await Deno.makeTempDir({ prefix: "audiodev-lost-" });
  const env = {
    XDG_RUNTIME_DIR: dir,
    HOME: dir,
    PULSE_SINK: "lost",
    PULSE_SOURCE: "lost.monitor",
  };
  const start = await new Deno.Command("pulseaudio", {
    args: [
      "--daemonize=yes",
      "--exit-idle-time=-1",
      "-n",
      "--load=module-native-protocol-unix",
      "--load=module-null-sink sink_name=lost",
      "--load=module-always-sink",
    ],
    env,
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(start.code, 0, new TextDecoder().decode(start.stderr));
  const pid = Number((await Deno.readTextFile(`${dir}/pulse/pid`)).trim());
  assert.ok(pid > 0);
  return {
    env,
    kill: () => Deno.kill(pid, "SIGKILL"),
    async cleanup(): Promise<void> {
      try {
        Deno.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

/** Runs `script` against a private server and kills the server once the script prints READY. */
async function killServerDuring(script: string): Promise<ChildResult> {
  const server = await privateServer();
  try {
    const p = new Deno.Command(Deno.execPath(), {
      args: ["eval", `import * as ad from "${MOD}";\n${script}`],
      env: server.env,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const timer = setTimeout(() => p.kill("SIGKILL"), 30_000);
    const stderr = new Response(p.stderr).text();
    const reader = p.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let stdout = "";
    while (!stdout.includes("READY\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      stdout += value;
    }
    await new Promise((r) => setTimeout(r, 300));
    server.kill();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      stdout += value;
    }
    const status = await p.status;
    clearTimeout(timer);
    return {
      code: status.code,
      signal: status.signal,
      stdout: stdout.replace("READY\n", ""),
      stderr: await stderr,
    };
  } finally {
    await server.cleanup();
  }
}

hwTest(
  "a callback stream whose sound server dies says so: error event, finished rejects, stop() rejects",
  async () => {
    const r = await killServerDuring(`
const s = new ad.OutputStream({ device: "pulse", channels: 1, samplerate: 44100, blocksize: 512,
  callback: (o) => o.fill(0.1) });
const events = [];
s.addEventListener("error", (e) => events.push(e.error.code));
await s.start();
const t0 = performance.now();
console.log("READY");
const outcome = await Promise.race([
  s.finished.then((v) => ({ resolved: v }), (e) => ({ rejected: e.code, name: e.name })),
  new Promise((r) => setTimeout(() => r({ timeout: true }), 10000)),
]);
let stop;
try { await s.stop(); stop = "resolved"; } catch (e) { stop = e.code; }
await s.close({ ignoreErrors: true });
console.log(JSON.stringify({ outcome, events, stop }));`);
    assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr}`);
    assert.equal(r.code, 0, r.stderr);
    const got = JSON.parse(r.stdout);
    assert.deepEqual(got, {
      outcome: {
        rejected: PaErrorCode.paDeviceUnavailable,
        name: "PortAudioError",
      },
      events: [PaErrorCode.paDeviceUnavailable],
      stop: PaErrorCode.paDeviceUnavailable,
    });
  },
);

hwTest(
  "rec() whose sound server dies: wait() rejects with the device error, and it is printed when nobody waits",
  async () => {
    const r = await killServerDuring(`
await ad.rec(44100 * 10, { device: "pulse", channels: 1, samplerate: 44100 });
console.log("READY");
let result;
try { result = await ad.wait(); } catch (e) { result = { rejected: e.code }; }
console.log(JSON.stringify(result));`);
    assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr}`);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      rejected: PaErrorCode.paDeviceUnavailable,
    });
    // wait() was the report: no print as well.
    assert.doesNotMatch(r.stderr, /InputStream ended/);
    const unwatched = await killServerDuring(`
await ad.play(new Float32Array(44100 * 10).fill(0.1), { device: "pulse", samplerate: 44100 });
console.log("READY");`);
    assert.equal(unwatched.signal, null, unwatched.stderr);
    assert.match(
      unwatched.stderr,
      /OutputStream ended:\nPortAudioError: OutputStream ended by itself: its device stopped working/,
    );
  },
);

hwTest(
  "reading finished does not keep a program alive; awaiting it does, until the stream ends",
  async () => {
    const read = await child(
      `
const s = new ad.OutputStream({ device: "pulse", channels: 1, samplerate: 44100, callback: () => {} });
await s.start();
const f = s.finished; // read, compared, never awaited
if (!(f instanceof Promise)) throw new Error("not a promise");
console.log("main done");`,
      {},
      15000,
    );
    assert.equal(read.signal, null, `it had to be killed: ${read.stderr}`);
    assert.equal(read.code, 0, read.stderr);
    const t0 = performance.now();
    const awaited = await child(
      `
let n = 0;
const s = new ad.OutputStream({ device: "pulse", channels: 1, samplerate: 44100, blocksize: 441,
  callback: () => { if (++n === 150) throw new ad.CallbackStop(); } });
await s.start();
console.log(JSON.stringify({ end: await s.finished, n }));`,
      {},
      15000,
    );
    assert.equal(awaited.code, 0, awaited.stderr);
    assert.deepEqual(JSON.parse(awaited.stdout), {
      end: { reason: "callbackStop" },
      n: 150,
    });
    // 150 blocks of 10 ms: the program waited for them (plus start-up).
    assert.ok(performance.now() - t0 > 1400, "it waited for the callbacks");
  },
);
