/**
 * Private PulseAudio null sinks for a test file's device tests, so that other
 * programs playing into the shared `virt` sink at the same time cannot
 * disturb what is measured. Each sink gets a "silence keeper" (pacat playing
 * zeros): an idle null sink's monitor misses the first ~0.1 s of whatever
 * starts playing into it. Sinks left behind by killed earlier runs of the
 * same file are unloaded first; this run's are unloaded when it ends.
 *
 * @module
 */

/** The sound server of this process's environment (set by scripts/test.sh). */
export const PULSE_ENV: Record<string, string> = Deno.env.get(
    "XDG_RUNTIME_DIR",
  )
  ? { XDG_RUNTIME_DIR: Deno.env.get("XDG_RUNTIME_DIR")! }
  : {};

/** How long a keeper streams before the sink counts as steady, in ms. */
const SETTLE_MS = 2500;

/** Private sinks and a way to wait until they stream steadily. */
export interface PrivateSinks {
  /** Sink names, in the order of the `suffixes` given. */
  readonly names: readonly string[];
  /** Resolves once the keepers have streamed for 2.5 s. */
  ready(): Promise<void>;
}

function pactl(args: string[], piped = false): Deno.CommandOutput {
  return new Deno.Command("pactl", {
    args,
    env: { ...PULSE_ENV },
    stdout: piped ? "piped" : "null",
    stderr: "null",
  }).outputSync();
}

/**
 * Unloads null sinks named `<prefix>_[<suffix>_]<pid>` whose process is gone.
 */
function unloadStale(prefix: string): void {
  const text = new TextDecoder().decode(
    pactl(["list", "short", "modules"], true).stdout,
  );
  const re = new RegExp(
    `^(\\d+)\\s+module-null-sink\\s+sink_name=${prefix}_(?:[a-z]+_)?(\\d+)`,
    "gm",
  );
  for (const m of text.matchAll(re)) {
    try {
      Deno.statSync(`/proc/${m[2]}`);
    } catch {
      pactl(["unload-module", m[1]]);
    }
  }
}

/**
 * Loads one private null sink per suffix (`""` gives `<prefix>_<pid>`,
 * `"out"` gives `<prefix>_out_<pid>`), each with a silence keeper.
 *
 * @param prefix Start of the sink names, e.g. `"audiodev_examples"`.
 * @param suffixes One entry per sink.
 * @returns The sink names and `ready()`.
 */
export function privateSinks(
  prefix: string,
  suffixes: readonly string[] = [""],
): PrivateSinks {
  unloadStale(prefix);
  const names = suffixes.map((s) =>
    s === "" ? `${prefix}_${Deno.pid}` : `${prefix}_${s}_${Deno.pid}`
  );
  const started = performance.now();
  for (const name of names) {
    const load = pactl(
      ["load-module", "module-null-sink", `sink_name=${name}`],
      true,
    );
    if (load.code !== 0) throw new Error(`pactl load-module ${name} failed`);
    const moduleIndex = new TextDecoder().decode(load.stdout).trim();
    const keeper = new Deno.Command("sh", {
      args: [
        "-c",
        `exec pacat --playback -d ${name} --format=s16le --rate=44100 --channels=1 --latency-msec=20 < /dev/zero`,
      ],
      env: { ...PULSE_ENV },
      stdout: "null",
      stderr: "null",
    }).spawn();
    keeper.unref();
    globalThis.addEventListener("unload", () => {
      try {
        keeper.kill("SIGTERM");
      } catch {
        // already gone
      }
      pactl(["unload-module", moduleIndex]);
    });
  }
  return {
    names,
    async ready(): Promise<void> {
      const left = SETTLE_MS - (performance.now() - started);
      if (left > 0) await new Promise((r) => setTimeout(r, left));
    },
  };
}

/**
 * Records a sink's monitor as raw s16le with `parec` until `stop()`.
 *
 * @param sink The sink whose monitor to record.
 * @param rate Frames per second.
 * @param channels Channels.
 * @returns `stop()`, which ends the recording and resolves to its bytes.
 */
export function recordSink(
  sink: string,
  rate: number,
  channels = 1,
): { stop: () => Promise<Uint8Array> } {
  const child = new Deno.Command("parec", {
    args: [
      "-d",
      `${sink}.monitor`,
      "--format=s16le",
      `--rate=${rate}`,
      `--channels=${channels}`,
      "--latency-msec=20",
      "--raw",
    ],
    env: { ...PULSE_ENV },
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const chunks: Uint8Array[] = [];
  const done = (async () => {
    for await (const c of child.stdout) chunks.push(c);
  })();
  return {
    stop: async () => {
      child.kill("SIGTERM");
      await child.status;
      await done;
      const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let o = 0;
      for (const c of chunks) {
        all.set(c, o);
        o += c.length;
      }
      return all;
    },
  };
}

/**
 * Points the `pulse` devices of PortAudio and ALSA at `sink` (its monitor
 * for capture) through `PULSE_SINK`/`PULSE_SOURCE`, until this test module
 * ends. The variables are process-wide and `deno test` runs every module in
 * one process, while a module's sinks are unloaded when it ends: without the
 * restore, the modules after it would play into a sink that is gone
 * (`snd_pcm_hw_params` fails with EIO).
 *
 * @param sink The sink's name.
 */
export function pointPulseAt(sink: string): void {
  const saved = {
    PULSE_SINK: Deno.env.get("PULSE_SINK"),
    PULSE_SOURCE: Deno.env.get("PULSE_SOURCE"),
  };
  Deno.env.set("PULSE_SINK", sink);
  Deno.env.set("PULSE_SOURCE", `${sink}.monitor`);
  globalThis.addEventListener("unload", () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) Deno.env.delete(k);
      else Deno.env.set(k, v);
    }
  });
}
