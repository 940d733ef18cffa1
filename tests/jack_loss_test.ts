/**
 * Streams on JACK whose server goes away, and the blocking streams
 * PortAudio's JACK host API cannot serve. Each case runs a child program
 * (tests/realtime_fixtures/jack_loss_child.ts) against a JACK server of its
 * own (dummy backend) that the child kills with SIGKILL while its stream
 * runs. PortAudio 19.6 would then wait for good in `Pa_StopStream`,
 * `Pa_CloseStream` and `Pa_Terminate`, and in a blocking read or write: the
 * program must say what happened and end by itself.
 *
 * @module
 */
import assert from "node:assert/strict";
import { hwTest } from "./_hw.ts";
import { type ChildResult, runJsonChild } from "./_child.ts";
import { jackAnswers, jackInstalled } from "./realtime_fixtures/jack.ts";

const child = new URL("./realtime_fixtures/jack_loss_child.ts", import.meta.url)
  .pathname;

interface Server {
  name: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The servers' name: always the same one. jackd keeps a registry of at most
 * 8 servers in shared memory and reclaims the entry of a killed server only
 * when a server of the same name starts again; with a new name per kill,
 * the registry filled up after 8 cases and every later jackd (the test
 * suite's included) failed with "Too many servers already active".
 */
const SERVER_NAME = "audiodev_loss";

/** Starts a private jackd (dummy backend, 48 kHz, 64-frame periods). */
async function startServer(): Promise<Server> {
  const name = SERVER_NAME;
  const proc = new Deno.Command("jackd", {
    args: ["-n", name, "-d", "dummy", "-r", "48000", "-p", "64"],
    env: { JACK_NO_AUDIO_RESERVATION: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(proc.stderr).text();
  let exited = false;
  proc.status.then(() => exited = true);
  for (let i = 0; i < 50 && !exited && !jackAnswers(name); i++) {
    await new Promise((r) => setTimeout(r, 200));
  }
  if (exited || !jackAnswers(name)) {
    if (!exited) proc.kill("SIGKILL");
    await proc.status;
    throw new Error(
      `jackd -n ${name} did not start: ${(await stderr).trim().split("\n")[0]}`,
    );
  }
  return {
    name,
    pid: proc.pid,
    async stop(): Promise<void> {
      try {
        proc.kill("SIGKILL");
      } catch {
        // the child killed it already
      }
      await proc.status;
    },
  };
}

/** Runs the child in `mode` on a fresh server; kills it after 20 s. */
async function runChild(mode: string): Promise<ChildResult> {
  const server = await startServer();
  try {
    return await runJsonChild(
      Deno.execPath(),
      ["run", "-A", "--no-check", child, mode, String(server.pid)],
      { JACK_DEFAULT_SERVER: server.name },
      20000,
    );
  } finally {
    await server.stop();
  }
}

const JACK_GONE = /the JACK server went away/;
const jackTest = (name: string, fn: () => Promise<void>) =>
  hwTest(name, async () => {
    if (!jackInstalled()) throw new Error("jackd is not installed");
    await fn();
  });

jackTest(
  "a callback stream on JACK whose server dies reports it, and stop/close/exit return",
  async () => {
    const r = await runChild("callback");
    assert.equal(r.code, 0, `${JSON.stringify(r)}`);
    assert.match(String(r.out.errorEvent), JACK_GONE);
    assert.match(String(r.out.finished), JACK_GONE);
    assert.match(String(r.out.stop), /PortAudioError: .*JACK server went away/);
    assert.equal(r.out.active, false);
    // noticed within 0.5 s of the kill
    assert.ok(
      (r.out.errorAt as number) - (r.out.killedAt as number) < 500,
      JSON.stringify(r.out),
    );
  },
);

for (const mode of ["write", "read"]) {
  jackTest(
    `a blocking ${mode}() on JACK whose server dies rejects instead of waiting for good`,
    async () => {
      const r = await runChild(mode);
      assert.equal(r.code, 0, `${JSON.stringify(r)}`);
      assert.match(String(r.out.io), JACK_GONE);
      assert.ok(
        (r.out.ioAt as number) - (r.out.killedAt as number) < 500,
        JSON.stringify(r.out),
      );
      assert.match(String(r.out.stop), JACK_GONE);
      assert.equal(typeof r.out.closedAt, "number");
    },
  );
}

jackTest(
  "a WorkerStream on JACK whose server dies reports it and closes",
  async () => {
    const r = await runChild("worker");
    assert.equal(r.code, 0, `${JSON.stringify(r)}`);
    assert.match(String(r.out.errorEvent), /ended by itself/);
    assert.equal(r.out.active, false);
    assert.match(String(r.out.stop), JACK_GONE);
    assert.equal(typeof r.out.closedAt, "number");
  },
);

jackTest(
  "after a JACK server died under a stream, terminate() says why it cannot, and the program still exits",
  async () => {
    const r = await runChild("left-open");
    assert.equal(r.code, 0, `${JSON.stringify(r)}`);
    assert.match(
      String(r.out.terminate),
      /Cannot terminate PortAudio in this program any more: .*lost its server/,
    );
  },
);

jackTest(
  "blocking streams on JACK with frames other than 8 bytes are refused (PortAudio would overrun its buffers)",
  async () => {
    for (const mode of ["mono-read", "mono-write"]) {
      const r = await runChild(mode);
      assert.equal(r.code, 0, `${mode}: ${JSON.stringify(r)}`);
      assert.match(
        String(r.out.open),
        /PortAudioError: \w+Stream: PortAudio's JACK host API can only read and write .* frames of exactly 8 bytes.* 1 channel\(s\) of "(float32|int16)"/,
      );
    }
  },
);

jackTest(
  "a stereo float32 blocking InputStream on JACK reads what it asked for",
  async () => {
    const r = await runChild("stereo-read");
    assert.equal(r.code, 0, `${JSON.stringify(r)}`);
    assert.equal(r.out.frames, 25600);
    assert.equal(r.out.stop, "resolved");
  },
);
