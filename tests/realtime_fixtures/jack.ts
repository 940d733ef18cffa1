/**
 * Test helpers for JACK: a private JACK server with the dummy backend (the
 * one `scripts/jack_server.sh` started, named by `AUDIODEV_JACK_SERVER`, or
 * one started here and stopped when the test process ends), and a recording
 * of what a client played, made by `jack_rec` (a second JACK client: the
 * outside oracle on JACK, as the monitor is on PulseAudio).
 *
 * @module
 */

import { terminate } from "../../mod.ts";

function run(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Deno.CommandOutput {
  return new Deno.Command(cmd, {
    args,
    env,
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
}

/**
 * `true` when a JACK server of that name answers.
 *
 * @param name The server name.
 * @returns Whether `jack_lsp` reached it.
 */
export function jackAnswers(name: string): boolean {
  try {
    return run("jack_lsp", [], { JACK_DEFAULT_SERVER: name }).code === 0;
  } catch {
    return false; // jack_lsp missing
  }
}

/** `true` when jackd is installed. */
export function jackInstalled(): boolean {
  try {
    return run("jackd", ["--version"]).code === 0;
  } catch {
    return false;
  }
}

let server: string | undefined;

/**
 * Makes this process's PortAudio use a private JACK server (sets
 * `JACK_DEFAULT_SERVER`; call before PortAudio is initialized), starting
 * one when none was given.
 *
 * @returns The server name (child processes need `JACK_DEFAULT_SERVER` set to it).
 */
export function useJackServer(): string {
  if (server !== undefined) return server;
  let name = Deno.env.get("AUDIODEV_JACK_SERVER");
  if (name === undefined || !jackAnswers(name)) {
    name = `audiodev_test_${Deno.pid}`;
    const child = new Deno.Command("jackd", {
      args: ["-n", name, "-d", "dummy", "-r", "48000", "-p", "64"],
      env: { JACK_NO_AUDIO_RESERVATION: "1" },
      stdout: "null",
      stderr: "null",
    }).spawn();
    child.unref();
    const end = Date.now() + 10000;
    while (!jackAnswers(name) && Date.now() < end) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
    if (!jackAnswers(name)) throw new Error("jackd did not start");
    globalThis.addEventListener("unload", () => {
      // PortAudio first: Pa_Terminate asserts (SIGABRT) when its JACK
      // server is gone. With no stream open, terminate() runs synchronously.
      terminate().catch(() => {});
      try {
        child.kill("SIGTERM");
      } catch {
        // gone already
      }
    });
  }
  Deno.env.set("JACK_DEFAULT_SERVER", name);
  server = name;
  return name;
}

/**
 * Output ports of other clients connected to `system:playback_1` (where
 * PortAudio connects a stream's first output channel).
 *
 * @returns Port names.
 */
export function portsPlayingToSystem(): string[] {
  const out = run("jack_lsp", ["-c", "system:playback_1"], {
    JACK_DEFAULT_SERVER: server ?? "",
  });
  return new TextDecoder().decode(out.stdout).split("\n")
    .filter((l) => l.startsWith(" ") || l.startsWith("\t"))
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/**
 * Every port of the server.
 *
 * @returns Port names.
 */
export function allPorts(): string[] {
  const out = run("jack_lsp", [], { JACK_DEFAULT_SERVER: server ?? "" });
  return new TextDecoder().decode(out.stdout).split("\n").filter((l) => l);
}

/**
 * Connects or disconnects two ports (`jack_connect`/`jack_disconnect`).
 *
 * @param from Output port.
 * @param to Input port.
 * @param connect `false` to disconnect.
 * @throws {Error} When the tool fails.
 */
export function connectPorts(from: string, to: string, connect = true): void {
  const out = run(connect ? "jack_connect" : "jack_disconnect", [from, to], {
    JACK_DEFAULT_SERVER: server ?? "",
  });
  if (out.code !== 0) {
    throw new Error(
      `${connect ? "jack_connect" : "jack_disconnect"} ${from} ${to}: ${
        new TextDecoder().decode(out.stderr)
      }`,
    );
  }
}

/**
 * Records `port` for `seconds` with `jack_rec` and returns the samples.
 *
 * @param port The JACK port (e.g. `PortAudio:out_1`).
 * @param seconds How long.
 * @returns Mono samples, -1..1, at the server's 48 kHz.
 */
export async function recordPort(
  port: string,
  seconds: number,
): Promise<Float32Array> {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/rec.wav`;
  try {
    const out = await new Deno.Command("jack_rec", {
      args: ["-f", file, "-d", String(seconds), "-b", "16", port],
      env: { JACK_DEFAULT_SERVER: server ?? "" },
      stdout: "null",
      stderr: "piped",
    }).output();
    if (out.code !== 0) {
      throw new Error(
        `jack_rec failed: ${new TextDecoder().decode(out.stderr)}`,
      );
    }
    const bytes = await Deno.readFile(file);
    // A RIFF/WAVE file of 16-bit samples: find its data chunk.
    const view = new DataView(bytes.buffer);
    let off = 12;
    while (off + 8 <= bytes.length) {
      const id = new TextDecoder().decode(bytes.subarray(off, off + 4));
      const size = view.getUint32(off + 4, true);
      if (id === "data") {
        const n = Math.floor(Math.min(size, bytes.length - off - 8) / 2);
        const s = new Float32Array(n);
        for (let i = 0; i < n; i++) {
          s[i] = view.getInt16(off + 8 + 2 * i, true) / 32768;
        }
        return s;
      }
      off += 8 + size + (size & 1);
    }
    throw new Error("jack_rec wrote no data chunk");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
