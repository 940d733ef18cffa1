/**
 * Tests of the ports of python-sounddevice's examples play_sine,
 * play_long_file_raw, priming_output, play_stream, rec_gui and
 * spectrogram's positional range: their command lines, and on the virtual
 * device (`-- --hardware`) what they really played (recorded from a private
 * PulseAudio null sink's monitor with `parec`), recorded (a tone played
 * with `pacat`, checked in the WAV file written) or showed (rec_gui's page
 * in headless Chromium).
 */
import assert from "node:assert/strict";
import { hardware, hwTest } from "./_hw.ts";
import { privateSinks, PULSE_ENV, recordSink } from "./_sinks.ts";
import { withChromium } from "./_chromium.ts";
import { parseGradientLine } from "../examples/_util.ts";
import { SoundFile, writeFile } from "../soundfile.ts";

const FS = 44100;
const NEW_EXAMPLES = [
  "play_sine.ts",
  "play_long_file_raw.ts",
  "priming_output.ts",
  "play_stream.ts",
  "rec_gui.ts",
];

const sinks = hardware ? privateSinks("audiodev_sdexamples") : null;
const SINK = sinks?.names[0] ?? "";
const env = {
  ...PULSE_ENV,
  PULSE_SINK: SINK,
  PULSE_SOURCE: `${SINK}.monitor`,
};

function soundTest(name: string, fn: () => Promise<void>): void {
  hwTest(name, async () => {
    await sinks!.ready();
    await fn();
  });
}

function examplePath(name: string): string {
  return new URL(`../examples/${name}`, import.meta.url).pathname;
}

function example(
  name: string,
  args: string[],
  options: { stdin?: "piped" | "null"; cwd?: string } = {},
): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", examplePath(name), ...args],
    env,
    cwd: options.cwd,
    stdin: options.stdin ?? "null",
    stdout: "piped",
    stderr: "piped",
  });
}

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Samples of one channel of interleaved s16 bytes, scaled to -1..1. */
function channel(bytes: Uint8Array, channels: number, c: number): Float64Array {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames = Math.floor(bytes.length / 2 / channels);
  const out = new Float64Array(frames);
  for (let i = 0; i < frames; i++) {
    out[i] = v.getInt16((i * channels + c) * 2, true) / 32768;
  }
  return out;
}

interface Tone {
  /** Seconds from the first to the last sample above the threshold. */
  seconds: number;
  /** Peak amplitude. */
  max: number;
  /** Frequency from rising zero crossings in the sounding part, Hz. */
  freq: number;
}

/** Measures the sounding part of `x` (samples above 0.05). */
function tone(x: Float64Array, rate = FS): Tone {
  let first = -1;
  let last = -1;
  let max = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > 0.05) {
      if (first < 0) first = i;
      last = i;
    }
    if (a > max) max = a;
  }
  if (first < 0) return { seconds: 0, max, freq: 0 };
  // Frequency over the middle of the sound (edges can be ramped or cut):
  // the median period between rising zero crossings, interpolated between
  // samples, so that a dropout under load does not shift the pitch.
  const margin = Math.floor((last - first) / 10);
  const crossings: number[] = [];
  for (let i = first + margin + 1; i <= last - margin; i++) {
    if (x[i - 1] < 0 && x[i] >= 0) {
      crossings.push(i - 1 + x[i - 1] / (x[i - 1] - x[i]));
    }
  }
  const periods = crossings.slice(1).map((c, i) => c - crossings[i])
    .sort((p, q) => p - q);
  const freq = periods.length > 0 ? rate / periods[periods.length >> 1] : 0;
  return { seconds: (last - first + 1) / rate, max, freq };
}

async function sox(args: string[]): Promise<void> {
  const r = await new Deno.Command("sox", { args, stderr: "piped" }).output();
  assert.equal(r.code, 0, text(r.stderr));
}

/** Plays float32 mono samples into the sink with pacat. */
function pacat(samples: Float32Array): { kill: () => Promise<void> } {
  const child = new Deno.Command("pacat", {
    args: [
      "--playback",
      "-d",
      SINK,
      "--format=float32le",
      `--rate=${FS}`,
      "--channels=1",
      "--latency-msec=50",
    ],
    env: PULSE_ENV,
    stdin: "piped",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const writing = (async () => {
    const w = child.stdin.getWriter();
    try {
      await w.write(new Uint8Array(samples.buffer));
      await w.close();
    } catch {
      // killed early
    }
  })();
  return {
    kill: async () => {
      try {
        child.kill("SIGTERM");
      } catch {
        // already gone
      }
      await child.status;
      await writing;
    },
  };
}

function sine(freq: number, seconds: number, amp: number): Float32Array {
  const a = new Float32Array(Math.round(seconds * FS));
  for (let i = 0; i < a.length; i++) {
    a[i] = amp * Math.sin(2 * Math.PI * freq * i / FS);
  }
  return a;
}

// ---------------------------------------------------------------------------
// Command lines (no device needed).

Deno.test("every new example prints its usage with --help and exits 0", async () => {
  for (const name of NEW_EXAMPLES) {
    const { code, stdout } = await example(name, ["--help"]).output();
    assert.equal(code, 0, name);
    assert.match(text(stdout), new RegExp(`^usage: ${name}`), name);
  }
});

hwTest("every new example lists the devices with -l and exits 0", async () => {
  const { queryDevices } = await import("../mod.ts");
  const expected = queryDevices().toString();
  for (const name of NEW_EXAMPLES) {
    const { code, stdout } = await example(name, ["-l"]).output();
    assert.equal(code, 0, name);
    assert.equal(text(stdout).trimEnd(), expected, name);
  }
});

Deno.test("the new examples refuse bad command lines with one line and exit 2", async () => {
  const cases: [string, string[], RegExp][] = [
    ["play_sine.ts", ["abc"], /FREQUENCY: "abc" is not a number/],
    ["play_sine.ts", ["440", "550"], /unrecognized arguments: 550/],
    ["play_sine.ts", ["--amplitud", "0.1"], /amplitud/],
    ["play_long_file_raw.ts", [], /required: FILENAME/],
    [
      "play_long_file_raw.ts",
      ["-b", "0", "x.wav"],
      /blocksize must not be zero/,
    ],
    [
      "play_long_file_raw.ts",
      ["-q", "0", "x.wav"],
      /buffersize must be at least 1/,
    ],
    ["play_stream.ts", [], /required: URL/],
    ["play_stream.ts", ["-b", "0", "u"], /blocksize must not be zero/],
    ["rec_gui.ts", ["--port", "70000"], /--port/],
    ["spectrogram.ts", ["-r", "2000", "100"], /HIGH must be greater than LOW/],
    ["spectrogram.ts", ["-r", "100"], /expected two numbers/],
    [
      "spectrogram.ts",
      ["-r", "100", "2000", "3000"],
      /unrecognized arguments: 3000/,
    ],
  ];
  for (const [name, args, pattern] of cases) {
    const { code, stderr } = await example(name, args).output();
    const err = text(stderr).trim();
    assert.equal(code, 2, `${name} ${args.join(" ")}: ${err}`);
    assert.match(err, pattern, `${name} ${args.join(" ")}`);
    assert.ok(!/\n\s+at /.test(err), `stack trace printed: ${err}`);
  }
});

/**
 * Runs a player example while recording the sink's monitor. The players
 * abort at an output underflow, as upstream's do ("Output underflow:
 * increase blocksize?", exit 1); on a loaded machine a new stream can start
 * with one, so only such a run is repeated, three runs at most.
 */
async function playAndRecord(
  name: string,
  args: string[],
  channels: number,
): Promise<
  { code: number; stdout: string; stderr: string; bytes: Uint8Array }
> {
  for (let attempt = 1;; attempt++) {
    const rec = recordSink(SINK, FS, channels);
    const out = await example(name, args).output();
    await new Promise((r) => setTimeout(r, 300));
    const bytes = await rec.stop();
    const stderr = text(out.stderr);
    if (
      out.code === 1 &&
      /^Output underflow: increase blocksize\?$/m.test(stderr) &&
      attempt < 3
    ) {
      // deno-lint-ignore no-console
      console.error(`${name}: underflow at attempt ${attempt}, running again`);
      continue;
    }
    return { code: out.code, stdout: text(out.stdout), stderr, bytes };
  }
}

hwTest(
  "the new examples fail with one line and exit 1 for an unknown device or a missing file",
  async () => {
    const cases: [string, string[], RegExp][] = [
      [
        "play_sine.ts",
        ["-d", "no such device anywhere"],
        /no such device anywhere/,
      ],
      ["play_long_file_raw.ts", ["/nonexistent/x.wav"], /nonexistent/],
    ];
    for (const [name, args, pattern] of cases) {
      const { code, stderr } = await example(name, args).output();
      const err = text(stderr).trim();
      assert.equal(code, 1, `${name} ${args.join(" ")}: ${err}`);
      assert.match(err, pattern);
      assert.equal(err.split("\n").length, 1, `${name}: ${err}`);
    }
  },
);

// ---------------------------------------------------------------------------
// On the device.

/** Runs `play_sine.ts args`, records the sink meanwhile, presses Return after `ms`. */
async function playSine(args: string[], ms: number): Promise<Tone> {
  const rec = recordSink(SINK, FS);
  const child = example("play_sine.ts", args, { stdin: "piped" }).spawn();
  const out = (async () => text((await child.output()).stdout))();
  await new Promise((r) => setTimeout(r, ms));
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode("\n"));
  await w.close();
  const status = await child.status;
  const stdout = await out;
  await new Promise((r) => setTimeout(r, 300));
  const bytes = await rec.stop();
  assert.equal(status.code, 0, stdout);
  assert.match(stdout, /press Return to quit/);
  return tone(channel(bytes, 1, 0));
}

soundTest(
  "play_sine.ts plays 500 Hz at 0.2 by default and FREQUENCY/-a when given",
  async () => {
    const def = await playSine([], 2500);
    assert.ok(Math.abs(def.freq - 500) < 3, `default: ${def.freq} Hz`);
    assert.ok(Math.abs(def.max - 0.2) < 0.02, `default: peak ${def.max}`);
    assert.ok(def.seconds > 1, `default: sounded ${def.seconds} s`);
    const given = await playSine(["440", "-a", "0.5"], 2500);
    assert.ok(Math.abs(given.freq - 440) < 3, `given: ${given.freq} Hz`);
    assert.ok(Math.abs(given.max - 0.5) < 0.03, `given: peak ${given.max}`);
  },
);

soundTest(
  "play_sine.ts stops at Return: the sound ends within 0.6 s of it",
  async () => {
    const t = await playSine(["300"], 3000);
    // started ~0.3-1.5 s after spawn, stopped at 3.0 s
    assert.ok(t.seconds > 1 && t.seconds < 3.3, `sounded ${t.seconds} s`);
  },
);

soundTest(
  "play_long_file_raw.ts plays a stereo file's channels, pitch and length through a raw stream",
  async () => {
    const dir = await Deno.makeTempDir();
    try {
      const file = `${dir}/two.wav`;
      await sox([
        "-n",
        "-r",
        String(FS),
        "-c",
        "2",
        "-b",
        "16",
        file,
        "synth",
        "1.5",
        "sine",
        "440",
        "sine",
        "880",
        "vol",
        "0.4",
      ]);
      const { code, stderr, bytes } = await playAndRecord(
        "play_long_file_raw.ts",
        ["-b", "1024", "-q", "8", file],
        2,
      );
      assert.equal(code, 0, stderr);
      const left = tone(channel(bytes, 2, 0));
      const right = tone(channel(bytes, 2, 1));
      assert.ok(Math.abs(left.freq - 440) < 3, `left ${left.freq} Hz`);
      assert.ok(Math.abs(right.freq - 880) < 4, `right ${right.freq} Hz`);
      assert.ok(Math.abs(left.max - 0.4) < 0.03, `left peak ${left.max}`);
      assert.ok(Math.abs(right.max - 0.4) < 0.03, `right peak ${right.max}`);
      // the whole file, and no more: 1.5 s
      assert.ok(
        Math.abs(left.seconds - 1.5) < 0.05,
        `sounded ${left.seconds} s`,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

/**
 * Lengths, in samples, of the runs of `levels` in `x` (a sine whose
 * amplitude steps through `levels`), from its first to its last sample
 * above 0.05: each sample is classed by the peak within half a period
 * either side of it.
 */
function levelRuns(
  x: Float64Array,
  levels: readonly number[],
  halfPeriod: number,
): number[] {
  const runs = levels.map(() => 0);
  const first = x.findIndex((v) => Math.abs(v) > 0.05);
  const last = x.findLastIndex((v) => Math.abs(v) > 0.05);
  for (let i = first; first >= 0 && i <= last; i++) {
    let peak = 0;
    const end = Math.min(x.length, i + halfPeriod + 1);
    for (let j = Math.max(0, i - halfPeriod); j < end; j++) {
      peak = Math.max(peak, Math.abs(x[j]));
    }
    if (peak > 0.1) {
      let best = 0;
      for (let k = 1; k < levels.length; k++) {
        if (Math.abs(peak - levels[k]) < Math.abs(peak - levels[best])) {
          best = k;
        }
      }
      if (Math.abs(peak - levels[best]) < 0.05) runs[best]++;
    }
  }
  return runs;
}

soundTest(
  "play_long_file_raw.ts with a file shorter than the buffer still plays all of it",
  async () => {
    const dir = await Deno.makeTempDir();
    try {
      const file = `${dir}/short.wav`;
      // exactly 4 blocks of 1024 frames (the end-of-file block is empty),
      // each at its own amplitude so that every block can be found
      const levels = [0.2, 0.4, 0.6, 0.8];
      const samples = new Float32Array(4096);
      for (let i = 0; i < samples.length; i++) {
        samples[i] = levels[i >> 10] * Math.sin(2 * Math.PI * 600 * i / FS);
      }
      await writeFile(file, samples, FS, { subtype: "PCM_16" });
      const { code, stderr, bytes } = await playAndRecord(
        "play_long_file_raw.ts",
        ["-b", "1024", file],
        1,
      );
      assert.equal(code, 0, stderr);
      assert.equal(stderr, "");
      const runs = levelRuns(channel(bytes, 1, 0), levels, 37);
      // A null sink's monitor can miss the first few milliseconds of a
      // stream that joins it (100-460 samples seen, with aplay and pacat as
      // well), so the first block only has to be there; the later ones,
      // the end of the file above all, must be whole.
      assert.ok(runs[0] > 1024 - 600, `blocks' lengths ${runs}`);
      for (const run of runs.slice(1)) {
        assert.ok(Math.abs(run - 1024) < 80, `blocks' lengths ${runs}`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

soundTest(
  "priming_output.ts: on ALSA (which ignores priming) the first callback is regular and stops the stream in silence",
  async () => {
    const rec = recordSink(SINK, FS, 2);
    const t0 = performance.now();
    const { code, stdout, stderr } = await example("priming_output.ts", [])
      .output();
    const ms = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 500));
    const bytes = await rec.stop();
    assert.equal(code, 0, text(stderr));
    // What python-sounddevice's priming_output.py prints on PortAudio's ALSA host API.
    assert.equal(text(stdout), "Not priming, I quit!\n");
    assert.equal(text(stderr), "");
    assert.ok(ms < 5000, `took ${ms} ms`);
    // No primed click, and the stopped block played as the silence it was filled with.
    for (const c of [0, 1]) {
      const x = channel(bytes, 2, c);
      const peak = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      assert.ok(peak < 0.01, `channel ${c + 1}: peak ${peak} on the monitor`);
    }
  },
);

/** Serves `path` over HTTP on 127.0.0.1 while `fn` runs. */
async function serveFile<T>(
  path: string,
  type: string,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  const body = await Deno.readFile(path);
  const ac = new AbortController();
  const { promise: listening, resolve } = Promise.withResolvers<number>();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    signal: ac.signal,
    onListen: ({ port }) => resolve(port),
  }, () => new Response(body, { headers: { "content-type": type } }));
  try {
    return await fn(`http://127.0.0.1:${await listening}/stream.ogg`);
  } finally {
    ac.abort();
    await server.finished;
  }
}

soundTest(
  "play_stream.ts decodes an HTTP stream with ffmpeg at the stream's own rate and plays it to the end",
  async () => {
    const dir = await Deno.makeTempDir();
    try {
      const file = `${dir}/stream.ogg`;
      // 48 kHz: played at the wrong rate, 550 Hz would come out as 505 or 599 Hz
      await sox([
        "-n",
        "-r",
        "48000",
        "-c",
        "1",
        file,
        "synth",
        "2",
        "sine",
        "550",
        "vol",
        "0.3",
      ]);
      await serveFile(file, "audio/ogg", async (url) => {
        const { code, stdout, stderr, bytes } = await playAndRecord(
          "play_stream.ts",
          ["-b", "1024", url],
          1,
        );
        const t = tone(channel(bytes, 1, 0));
        assert.equal(code, 0, stderr);
        assert.match(
          stdout,
          /Getting stream information \.\.\.\nOpening stream \.\.\.\nBuffering \.\.\.\nStarting Playback \.\.\./,
        );
        assert.ok(Math.abs(t.freq - 550) < 3, `${t.freq} Hz`);
        assert.ok(Math.abs(t.max - 0.3) < 0.04, `peak ${t.max}`);
        assert.ok(Math.abs(t.seconds - 2) < 0.1, `sounded ${t.seconds} s`);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

hwTest(
  "play_stream.ts fails with one line and exit 1 for a URL ffprobe cannot read",
  async () => {
    const { code, stderr } = await example("play_stream.ts", [
      "/nonexistent/stream.ogg",
    ]).output();
    const err = text(stderr).trim();
    assert.equal(code, 1, err);
    assert.match(err, /ffprobe: .*No such file or directory/);
    assert.equal(err.split("\n").length, 1, err);
  },
);

/** Clicks the record/stop button once it is enabled (a click on a disabled one is lost). */
const CLICK_REC = `(() => {
  const b = document.getElementById("rec");
  if (b.disabled) return false;
  b.click();
  return true;
})()`;

soundTest(
  "rec_gui.ts: the page in headless Chromium records the tone into a WAV file and meters its level",
  async () => {
    const dir = await Deno.makeTempDir();
    const player = pacat(sine(330, 12, 0.5));
    const child = example("rec_gui.ts", [], { cwd: dir }).spawn();
    const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    try {
      let seen = "";
      let url = "";
      while (!url) {
        const { value, done } = await lines.read();
        if (done) throw new Error(`rec_gui.ts ended:\n${seen}`);
        seen += value;
        url = seen.match(/(http:\/\/127\.0\.0\.1:\d+\/)/)?.[1] ?? "";
      }
      (async () => {
        while (!(await lines.read()).done) { /* drain */ }
      })().catch(() => {});
      await withChromium(600, 400, async (page) => {
        await page.navigate(url);
        // the meter follows the input before anything is recorded
        await page.waitFor(
          `Number(document.getElementById("meter").dataset.peak) > 0.4`,
        );
        assert.equal(
          await page.evaluate(`document.getElementById("rec").textContent`),
          "record",
        );
        // settings: the host APIs and input devices PortAudio reports
        await page.evaluate(`document.getElementById("settings").click()`);
        await page.waitFor(`document.getElementById("dialog").open`);
        const apis = await page.evaluate<string[]>(
          `[...document.querySelectorAll("#hostapi option")].map((o) => o.textContent)`,
        );
        const devs = await page.evaluate<string[]>(
          `[...document.querySelectorAll("#device option")].map((o) => o.textContent)`,
        );
        assert.ok(apis.includes("ALSA"), `host APIs: ${apis}`);
        assert.ok(devs.includes("pulse"), `devices: ${devs}`);
        await page.evaluate(`(() => {
        const s = document.getElementById("device");
        s.value = [...s.options].find((o) => o.textContent === "pulse").value;
        document.getElementById("ok").click();
      })()`);
        await page.waitFor(`!document.getElementById("dialog").open`);
        // record 2 s
        await page.waitFor(CLICK_REC);
        await page.waitFor(
          `document.getElementById("rec").textContent === "stop"`,
        );
        const t0 = performance.now();
        const file = await page.evaluate<string>(
          `document.getElementById("file").textContent`,
        );
        assert.match(file, /^delme_rec_gui_.*\.wav$/);
        await new Promise((r) => setTimeout(r, 2000));
        // the bar is drawn at the peak's share of the meter's width (0.5)
        const share = await page.evaluate<number>(`(() => {
        const m = document.getElementById("meter").getBoundingClientRect();
        const b = document.getElementById("bar").getBoundingClientRect();
        return b.width / (m.width - 2);
      })()`);
        assert.ok(Math.abs(share - 0.5) < 0.06, `meter bar at ${share}`);
        await page.waitFor(CLICK_REC);
        await page.waitFor(
          `document.getElementById("rec").textContent === "record"`,
        );
        const recorded = (performance.now() - t0) / 1000;
        assert.match(
          await page.evaluate<string>(
            `document.getElementById("status").textContent`,
          ),
          /^input overflows: \d+$/,
        );
        // the file is complete once stop returned
        const f = new SoundFile(`${dir}/${file}`);
        try {
          assert.equal(f.channels, 1);
          const x = f.read(-1, { dtype: "float64" }) as Float64Array;
          const t = tone(x, f.samplerate);
          assert.ok(Math.abs(t.freq - 330) < 3, `${t.freq} Hz`);
          assert.ok(Math.abs(t.max - 0.5) < 0.03, `peak ${t.max}`);
          assert.ok(
            Math.abs(x.length / f.samplerate - recorded) < 0.4,
            `${
              x.length / f.samplerate
            } s in the file, ${recorded} s between the clicks`,
          );
        } finally {
          f.close();
        }
      });
      child.kill("SIGINT");
      const status = await child.status;
      assert.equal(status.code, 0);
    } finally {
      try {
        child.kill("SIGKILL");
      } catch {
        // ended
      }
      await child.status;
      await player.kill();
      await Deno.remove(dir, { recursive: true });
    }
  },
);

soundTest(
  "rec_gui.ts: Ctrl-C during a recording completes the file",
  async () => {
    const dir = await Deno.makeTempDir();
    const player = pacat(sine(440, 8, 0.4));
    const child = example("rec_gui.ts", [], { cwd: dir }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream())
      .getReader();
    try {
      let seen = "";
      let url = "";
      while (!url) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`rec_gui.ts ended:\n${seen}`);
        seen += value;
        url = seen.match(/(http:\/\/127\.0\.0\.1:\d+\/)/)?.[1] ?? "";
      }
      const r = await fetch(`${url}record`, { method: "POST", body: "{}" });
      const { file } = await r.json();
      await new Promise((r) => setTimeout(r, 1500));
      child.kill("SIGINT");
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += value;
      }
      assert.equal((await child.status).code, 0);
      assert.match(seen, new RegExp(`stopped recording ${file}`));
      const f = new SoundFile(`${dir}/${file}`);
      try {
        const t = tone(
          f.read(-1, { dtype: "float64" }) as Float64Array,
          f.samplerate,
        );
        assert.ok(f.frames / f.samplerate > 1.2, `${f.frames} frames`);
        assert.ok(Math.abs(t.freq - 440) < 3, `${t.freq} Hz`);
      } finally {
        f.close();
      }
    } finally {
      try {
        child.kill("SIGKILL");
      } catch {
        // ended
      }
      await child.status;
      await player.kill();
      await Deno.remove(dir, { recursive: true });
    }
  },
);

soundTest(
  "spectrogram.ts -r 500 1500 takes LOW and HIGH as two values: the tone's column moves with the range",
  async () => {
    const player = pacat(sine(1000, 4, 0.5));
    try {
      await new Promise((r) => setTimeout(r, 500));
      const { code, stdout, stderr } = await example("spectrogram.ts", [
        "-c",
        "41",
        "-r",
        "500",
        "1500",
        "-g",
        "2",
        "--seconds",
        "2",
      ]).output();
      assert.equal(code, 0, text(stderr));
      const rows = text(stdout).split("\n").slice(1).map(parseGradientLine)
        .filter((l) => l.length === 41);
      const peaks = rows.filter((l) => Math.max(...l) > 10).map((l) =>
        l.indexOf(Math.max(...l))
      ).sort((a, b) => a - b);
      assert.ok(peaks.length >= 10, `${peaks.length} rows show the tone`);
      // 500..1500 Hz over 41 columns: 25 Hz each, 1000 Hz in column 20
      assert.equal(peaks[peaks.length >> 1], 20);
    } finally {
      await player.kill();
    }
  },
);

soundTest(
  "spectrogram.ts quits at Return on its own, as upstream ('+' then Return only doubles the gain)",
  async () => {
    const child = example("spectrogram.ts", ["-c", "20", "--seconds", "20"], {
      stdin: "piped",
    }).spawn();
    const t0 = performance.now();
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode("+\n"));
    await new Promise((r) => setTimeout(r, 1500));
    await w.write(new TextEncoder().encode("\n"));
    const { code, stdout } = await child.output();
    const ms = performance.now() - t0;
    await w.close().catch(() => {});
    assert.equal(code, 0);
    assert.deepEqual(text(stdout).match(/^gain \d+$/gm), ["gain 20"]);
    assert.ok(ms < 10000, `Return did not end the program (${ms} ms)`);
  },
);

soundTest(
  "Ctrl-C (SIGINT) closes the stream and exits 0 in play_sine, play_long_file_raw and play_stream",
  async () => {
    const dir = await Deno.makeTempDir();
    try {
      const wav = `${dir}/long.wav`;
      const ogg = `${dir}/long.ogg`;
      await sox([
        "-n",
        "-r",
        String(FS),
        "-c",
        "1",
        "-b",
        "16",
        wav,
        "synth",
        "20",
        "sine",
        "440",
        "vol",
        "0.1",
      ]);
      await sox([wav, ogg]);
      await serveFile(ogg, "audio/ogg", async (url) => {
        const cases: [string, string[]][] = [
          ["play_sine.ts", []],
          ["play_long_file_raw.ts", [wav]],
          ["play_stream.ts", [url]],
        ];
        await Promise.all(cases.map(async ([name, args]) => {
          const child = example(name, args, { stdin: "piped" }).spawn();
          await new Promise((r) => setTimeout(r, 2500));
          const t0 = performance.now();
          child.kill("SIGINT");
          const { code, stdout, stderr } = await child.output();
          const ms = performance.now() - t0;
          assert.equal(code, 0, `${name}: ${text(stderr)}`);
          assert.match(text(stdout), /interrupted\n$/, name);
          assert.ok(ms < 3000, `${name} took ${ms} ms to stop`);
        }));
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);
