/**
 * A PulseAudio server of the fuzz's own (a null sink "virt" in a private
 * runtime dir, as scripts/sound_server.sh makes the shared one), so that
 * whatever the fuzz does to its server cannot disturb other programs using
 * the shared one, and a server that dies is seen and reported.
 *
 * @module
 */

/** A running private server. */
export interface PrivateServer {
  /** Environment that points clients at it (`XDG_RUNTIME_DIR`). */
  readonly env: Record<string, string>;
  /** `true` while the server answers. */
  alive(): boolean;
  /** Stops the server (its own pid only) and removes its runtime dir. */
  stop(): void;
}

function answers(dir: string): boolean {
  try {
    return new Deno.Command("pactl", {
      args: ["info"],
      env: { XDG_RUNTIME_DIR: dir },
      stdout: "null",
      stderr: "null",
    }).outputSync().code === 0;
  } catch {
    return false;
  }
}

/**
 * Starts a private PulseAudio server with a null sink `virt`.
 *
 * @returns The server, or `null` when pulseaudio cannot be started here.
 */
export function startPrivateServer(): PrivateServer | null {
  const dir = Deno.makeTempDirSync({ prefix: "audiodev_fuzz_pulse_" });
  Deno.chmodSync(dir, 0o700);
  const env = { XDG_RUNTIME_DIR: dir };
  try {
    new Deno.Command("pulseaudio", {
      args: [
        "--daemonize=yes",
        "--exit-idle-time=-1",
        "-n",
        "--load=module-native-protocol-unix",
        "--load=module-null-sink sink_name=virt",
        "--load=module-always-sink",
      ],
      env,
      stdout: "null",
      stderr: "null",
    }).outputSync();
  } catch {
    return null;
  }
  for (let i = 0; i < 50 && !answers(dir); i++) {
    new Deno.Command("sleep", { args: ["0.2"] }).outputSync();
  }
  if (!answers(dir)) return null;
  let pid = 0;
  try {
    pid = Number(Deno.readTextFileSync(`${dir}/pulse/pid`).trim());
  } catch { /* no pid file: stop() cannot stop it */ }
  return {
    env,
    alive: () => answers(dir),
    stop: () => {
      if (pid > 0) {
        try {
          Deno.kill(pid, "SIGTERM");
        } catch { /* already gone */ }
      }
      try {
        Deno.removeSync(dir, { recursive: true });
      } catch { /* still in use */ }
    },
  };
}
