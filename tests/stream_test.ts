import assert from "node:assert/strict";
import {
  AlsaSettings,
  CallbackAbort,
  CallbackFlags,
  CallbackStop,
  checkOutputSettings,
  getChannel,
  InputStream,
  OutputStream,
  PortAudioError,
  RawOutputStream,
  reinitialize,
  setChannel,
  Stream,
} from "../mod.ts";
import { hwTest } from "./_hw.ts";
import {
  analyseTone,
  recordMonitor,
  usePrivateSink,
} from "./realtime_fixtures/monitor.ts";
import { hardware } from "./_hw.ts";
import { endMarkerFrames, signalWithEndMarker } from "./_marker.ts";

// ---- pure ----------------------------------------------------------------------

Deno.test("CallbackFlags names its bits, accumulates with or(), and prints the set names", () => {
  const f = new CallbackFlags();
  assert.equal(f.any(), false);
  assert.equal(f.toString(), "");
  f.or(new CallbackFlags(0x2)).or(0x4);
  assert.equal(f.inputOverflow, true);
  assert.equal(f.outputUnderflow, true);
  assert.equal(f.inputUnderflow, false);
  assert.equal(f.value, 6);
  assert.equal(f.toString(), "input overflow, output underflow");
  f.outputUnderflow = false;
  f.primingOutput = true;
  assert.equal(f.value, 0x12);
  assert.equal(f.toString(), "input overflow, priming output");
});

Deno.test("getChannel()/setChannel() address one channel of interleaved samples", () => {
  const data = new Float32Array([1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...getChannel(data, 2, 1)], [2, 4, 6]);
  const out = new Float32Array(3);
  assert.equal(getChannel(data, 3, 2, out), out);
  assert.deepEqual([...out], [3, 6, 0]);
  setChannel(data, 2, 0, 0);
  assert.deepEqual([...data], [0, 2, 0, 4, 0, 6]);
  assert.throws(() => getChannel(data, 2, 2), RangeError);
});

Deno.test("AlsaSettings refuses a bad period count and an empty device name", () => {
  assert.throws(
    () => new AlsaSettings({ numPeriods: 1 }),
    /numPeriods must be an integer from 2 to 1024/,
  );
  assert.throws(
    () => new AlsaSettings({ device: "" }),
    /non-empty ALSA PCM name/,
  );
});

// ---- on the device ---------------------------------------------------------------

if (hardware) usePrivateSink("stream");

const SR = 44100;

function tone(
  frames: number,
  freq: number,
  amp: number,
  start = 0,
): Float32Array {
  return Float32Array.from(
    { length: frames },
    (_, i) => amp * Math.sin(2 * Math.PI * freq * (i + start) / SR),
  );
}

hwTest(
  "OutputStream.write() then stop() keeps the whole signal to its last frame",
  async () => {
    const { data, markerFrames } = signalWithEndMarker();
    const rec = await recordMonitor();
    const s = new OutputStream({
      device: "pulse",
      channels: 1,
      samplerate: SR,
    });
    await s.start();
    await s.write(data);
    await s.stop();
    await s.close();
    await new Promise((r) => setTimeout(r, 200));
    const heard = endMarkerFrames(await rec.stop());
    // The 1 kHz end marker must be there in full (within one period).
    assert.ok(
      heard >= markerFrames - 50,
      `end marker: heard ${heard} of ${markerFrames} frames`,
    );
  },
);

hwTest(
  "a callback OutputStream's tone is recorded from the monitor at its frequency and level",
  async () => {
    const rec = await recordMonitor();
    let pos = 0;
    const s = new OutputStream({
      device: "pulse",
      channels: 2,
      samplerate: SR,
      callback: (o, frames) => {
        for (let i = 0; i < frames; i++) {
          const v = 0.5 * Math.sin(2 * Math.PI * 660 * (pos + i) / SR);
          o[2 * i] = v;
          o[2 * i + 1] = v;
        }
        pos += frames;
        if (pos >= SR) throw new CallbackStop();
      },
    });
    await s.start();
    await s.finished;
    await s.close();
    const a = analyseTone(await rec.stop());
    assert.ok(
      Math.abs(a.frequency - 660) < 660 * 0.01,
      `frequency ${a.frequency}`,
    );
    assert.ok(Math.abs(a.peak - 0.5) < 0.025, `peak ${a.peak}`);
    assert.equal(a.gaps, 0);
    assert.ok(a.duration > 0.9 && a.duration < 1.1, `duration ${a.duration}`);
  },
);

hwTest("CallbackStop plays the stream to its last frame", async () => {
  const { data, markerFrames } = signalWithEndMarker();
  const rec = await recordMonitor();
  let pos = 0;
  const s = new OutputStream({
    device: "pulse",
    channels: 1,
    samplerate: SR,
    blocksize: 512,
    callback: (o, frames) => {
      const n = Math.min(frames, data.length - pos);
      o.set(data.subarray(pos, pos + n));
      o.fill(0, n);
      pos += n;
      if (pos >= data.length) throw new CallbackStop();
    },
  });
  await s.start();
  await s.finished;
  assert.equal(s.active, false);
  await s.close();
  await new Promise((r) => setTimeout(r, 200));
  const heard = endMarkerFrames(await rec.stop());
  assert.ok(
    heard >= markerFrames - 50,
    `end marker: heard ${heard} of ${markerFrames} frames`,
  );
  assert.equal(s.callbackError, undefined);
});

hwTest("CallbackAbort ends the stream early", async () => {
  const rec = await recordMonitor();
  let pos = 0;
  const s = new OutputStream({
    device: "pulse",
    channels: 1,
    samplerate: SR,
    callback: (out, frames) => {
      out.set(tone(frames, 440, 0.5, pos));
      pos += frames;
      if (pos >= 0.3 * SR) throw new CallbackAbort(); // planned: endless
    },
  });
  await s.start();
  await s.finished;
  await s.close();
  const a = analyseTone(await rec.stop());
  assert.ok(
    a.duration > 0.1 && a.duration < 0.8,
    `heard ${a.duration} s after aborting at 0.3 s`,
  );
});

hwTest(
  "an exception in a callback ends the stream, is kept in callbackError and dispatched as an error event",
  async () => {
    let calls = 0;
    const s = new OutputStream({
      device: "pulse",
      channels: 1,
      samplerate: SR,
      callback: () => {
        if (++calls === 10) throw new Error("boom in callback");
      },
    });
    const events: string[] = [];
    s.addEventListener(
      "error",
      (e) => events.push((e as ErrorEvent).error.message),
    );
    s.addEventListener("finished", () => events.push("finished"));
    await s.start();
    await assert.rejects(s.finished, /boom in callback/);
    assert.equal(calls, 10);
    assert.ok(s.callbackError instanceof Error);
    assert.equal((s.callbackError as Error).message, "boom in callback");
    assert.deepEqual(events, ["boom in callback", "finished"]);
    assert.equal(s.active, false);
    await s.close();
  },
);

hwTest("a duplex Stream passes input through to output", async () => {
  // Input: a second private sink's monitor, fed by paplay with a 550 Hz tone.
  const src = `audiodev_src_${Deno.pid}`;
  const load = await new Deno.Command("pactl", {
    args: ["load-module", "module-null-sink", `sink_name=${src}`],
    stdout: "piped",
  }).output();
  const mod = new TextDecoder().decode(load.stdout).trim();
  const savedSource = Deno.env.get("PULSE_SOURCE")!;
  const dir = await Deno.makeTempDir();
  try {
    Deno.env.set("PULSE_SOURCE", `${src}.monitor`);
    const wav = `${dir}/in.wav`;
    await new Deno.Command("sox", {
      args: [
        "-n",
        "-r",
        "44100",
        "-c",
        "1",
        "-b",
        "16",
        wav,
        "synth",
        "3",
        "sine",
        "550",
        "vol",
        "0.5",
      ],
    }).output();
    const player = new Deno.Command("paplay", { args: ["-d", src, wav] })
      .spawn();
    const s = new Stream({
      device: "pulse",
      channels: 1,
      samplerate: SR,
      // At the default high latency a duplex pulse/pulse stream can end by
      // itself at start, in C too (PortAudio re-prepares the playback PCM
      // after an early xrun, and the pulse plugin's snd_pcm_delay() then
      // fails with EIO): 0 of 30 such ends at 0.1 s.
      latency: 0.1,
      callback: (i, o) => o.set(i),
    });
    await s.start();
    await new Promise((r) => setTimeout(r, 1000)); // steady streaming
    const rec = await recordMonitor();
    await new Promise((r) => setTimeout(r, 1000));
    const samples = await rec.stop();
    await s.close();
    await player.status;
    const a = analyseTone(samples);
    assert.ok(
      Math.abs(a.frequency - 550) < 550 * 0.01,
      `frequency ${a.frequency}`,
    );
    assert.ok(a.peak > 0.4 && a.peak < 0.55, `peak ${a.peak}`);
  } finally {
    Deno.env.set("PULSE_SOURCE", savedSource);
    await new Deno.Command("pactl", { args: ["unload-module", mod] }).output();
    await Deno.remove(dir, { recursive: true });
  }
});

hwTest(
  "blocking write then read: an InputStream reads back what an OutputStream plays",
  async () => {
    const out = new OutputStream({
      device: "pulse",
      channels: 1,
      samplerate: SR,
    });
    const inp = new InputStream({
      device: "pulse",
      channels: 1,
      samplerate: SR,
      dtype: "int16",
    });
    await out.start();
    await inp.start();
    const playing = out.write(tone(2 * SR, 880, 0.5));
    await new Promise((r) => setTimeout(r, 600));
    const { data } = await inp.read(SR / 2);
    await playing;
    await out.close();
    await inp.close();
    assert.ok(data instanceof Int16Array);
    assert.equal(data.length, SR / 2);
    const a = analyseTone(data as Int16Array);
    assert.ok(
      Math.abs(a.frequency - 880) < 880 * 0.01,
      `frequency ${a.frequency}`,
    );
    assert.ok(Math.abs(a.peak - 0.5) < 0.03, `peak ${a.peak}`);
  },
);

hwTest(
  "every dtype plays a tone that the monitor records at the right level (within quantization)",
  async () => {
    const cases = [
      { dtype: "float32", make: (v: number) => v, ctor: Float32Array },
      {
        dtype: "int32",
        make: (v: number) => Math.round(v * 2 ** 31),
        ctor: Int32Array,
      },
      {
        dtype: "int16",
        make: (v: number) => Math.round(v * 2 ** 15),
        ctor: Int16Array,
      },
      {
        dtype: "int8",
        make: (v: number) => Math.round(v * 127),
        ctor: Int8Array,
      },
      {
        dtype: "uint8",
        make: (v: number) => Math.round(128 + v * 127),
        ctor: Uint8Array,
      },
    ] as const;
    for (const c of cases) {
      const t = tone(Math.round(0.5 * SR), 1000, 0.5);
      const data = new c.ctor(t.length);
      for (let i = 0; i < t.length; i++) data[i] = c.make(t[i]);
      const rec = await recordMonitor();
      const s = new OutputStream({
        device: "pulse",
        channels: 1,
        samplerate: SR,
        dtype: c.dtype,
      });
      await s.start();
      await s.write(data);
      await s.stop();
      await s.close();
      const a = analyseTone(await rec.stop());
      assert.ok(
        Math.abs(a.frequency - 1000) < 10,
        `${c.dtype}: frequency ${a.frequency}`,
      );
      assert.ok(Math.abs(a.peak - 0.5) < 0.02, `${c.dtype}: peak ${a.peak}`);
    }
  },
);

hwTest(
  "RawOutputStream int24 writes packed 3-byte samples bit-exactly through ALSA's file plugin",
  async () => {
    // PortAudio opens an ALSA PCM by name (AlsaSettings.device); the file plugin
    // writes what it receives to disk: the outside oracle for bit-exactness.
    const home = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(
        `${home}/.asoundrc`,
        `pcm.audiodevfile { type file; slave.pcm "null"; file "${home}/out.raw"; format "raw" }\n`,
      );
      const script = `
import { AlsaSettings, RawOutputStream } from "${
        new URL("../mod.ts", import.meta.url).href
      }";
const bytes = new Uint8Array(3 * 2 * 4800);
for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
await Deno.writeFile("${home}/in.raw", bytes);
const s = new RawOutputStream({ channels: 2, dtype: "int24", samplerate: 48000,
  extraSettings: new AlsaSettings({ device: "audiodevfile" }) });
await s.start();
await s.write(bytes);
await s.stop();
await s.close();`;
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["eval", script],
        env: { HOME: home },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      const sent = await Deno.readFile(`${home}/in.raw`);
      const got = await Deno.readFile(`${home}/out.raw`);
      assert.ok(
        got.length >= sent.length,
        `file plugin got ${got.length} of ${sent.length} bytes`,
      );
      assert.deepEqual(got.subarray(0, sent.length), sent);
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
);

hwTest(
  "invalid options fail with a message naming the option, before a stream is opened",
  () => {
    assert.throws(
      () => new OutputStream({ device: "pulse", channels: 1000 }),
      /channels: 1000 output channels requested, but device \d+ \("pulse"\) has at most 32/,
    );
    assert.throws(
      () => new OutputStream({ dtype: "float64" as "float32" }),
      (e: Error) =>
        e instanceof TypeError &&
        /dtype: unsupported sample type "float64"; use one of float32, int32, int16, int8, uint8/
          .test(e.message),
    );
    assert.throws(
      () => new OutputStream({ dtype: "int24" as "int16" }),
      /"int24" is for raw streams only/,
    );
    assert.throws(
      () => new OutputStream({ blocksize: -1 }),
      /blocksize: -1 is not a block size/,
    );
    assert.throws(
      () => new OutputStream({ samplerate: -5 }),
      /samplerate: -5 is not a sampling rate/,
    );
    assert.throws(
      () => new OutputStream({ latency: "medium" as "low" }),
      /latency: "medium" is not a latency/,
    );
    assert.throws(
      () => new OutputStream({ device: "no such device" }),
      /No output device matching "no such device"/,
    );
  },
);

hwTest(
  "a samplerate the device refuses gives a PortAudioError naming the samplerate and device",
  () => {
    try {
      checkOutputSettings({ device: "pulse", samplerate: 1e7 });
      assert.fail("expected a PortAudioError");
    } catch (e) {
      assert.ok(e instanceof PortAudioError, String(e));
      assert.equal(e.codeName, "paInvalidSampleRate");
      assert.equal(e.code, -9997);
      assert.equal(e.call, "Pa_IsFormatSupported");
      assert.match(
        e.message,
        /samplerate 10000000 Hz is not supported by output device \d+ \("pulse"\)/,
      );
    }
  },
);

hwTest(
  "write() refuses data of the wrong dtype or not a whole number of frames",
  async () => {
    const s = new OutputStream({
      device: "pulse",
      channels: 2,
      samplerate: SR,
      dtype: "int16",
    });
    try {
      assert.throws(
        () => s.write(new Float32Array(4) as unknown as Int16Array),
        /data must be a Int16Array for dtype "int16", got a Float32Array of/,
      );
      assert.throws(
        () => s.write(new Int16Array(3)),
        /3 samples is not a whole number of frames of 2 samples/,
      );
      const raw = new RawOutputStream({
        device: "pulse",
        channels: 2,
        samplerate: SR,
        dtype: "int24",
      });
      assert.throws(
        () => raw.write(new Uint8Array(7)),
        /7 bytes is not a whole number of frames of 6 bytes/,
      );
      await raw.close();
    } finally {
      await s.close();
    }
  },
);

hwTest(
  "a closed stream refuses use; closing twice is harmless; callbacks cannot read/write",
  async () => {
    const s = new OutputStream({
      device: "pulse",
      channels: 1,
      samplerate: SR,
    });
    await s.close();
    await s.close();
    assert.equal(s.closed, true);
    assert.equal(s.active, false);
    await assert.rejects(
      () => s.start(),
      (e: Error) =>
        e instanceof PortAudioError &&
        /closed: start\(\) is not allowed after close\(\)/.test(e.message),
    );
    assert.throws(() => s.write(new Float32Array(1)), /closed: write\(\)/);
    assert.throws(() => s.time, /closed: time\(\)/);
    const cb = new OutputStream({
      device: "pulse",
      channels: 1,
      callback: (o) => o.fill(0),
    });
    assert.throws(
      () => cb.write(new Float32Array(1)),
      /not allowed on a callback stream/,
    );
    await cb.close();
  },
);

hwTest("properties report the stream's actual settings", async () => {
  const s = new Stream({
    device: "pulse",
    channels: [1, 2],
    dtype: ["int16", "float32"],
    samplerate: 48000,
    blocksize: 256,
  });
  try {
    assert.deepEqual(s.channels, [1, 2]);
    assert.deepEqual(s.dtype, ["int16", "float32"]);
    assert.deepEqual(s.samplesize, [2, 4]);
    assert.equal(s.samplerate, 48000);
    assert.equal(s.blocksize, 256);
    const [li, lo] = s.latency as [number, number];
    assert.ok(li > 0 && lo > 0, `latency ${li} ${lo}`);
    assert.equal(s.stopped, true);
    await s.start();
    assert.equal(s.active, true);
    assert.ok(s.writeAvailable >= 0 && s.readAvailable >= 0);
    const t0 = s.time;
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(s.time - t0 > 0.05, "the stream clock advances");
    await s.stop();
    assert.equal(s.stopped, true);
  } finally {
    await s.close();
  }
});

hwTest(
  "reinitialize() refuses while a stream is open, and closes it when asked",
  async () => {
    const s = new OutputStream({ device: "pulse", channels: 1 });
    await assert.rejects(() => reinitialize(), /\d+ stream\(s\) still open/);
    assert.equal(s.closed, false);
    await reinitialize({ closeStreams: true });
    assert.equal(s.closed, true);
  },
);

hwTest(
  "200 open/start/stop/close cycles leave file descriptors and memory flat, and stderr empty",
  async () => {
    // In a subprocess with forced GC, so that the figures are not warm-up noise.
    const script = `
import { OutputStream } from "${new URL("../mod.ts", import.meta.url).href}";
const sample = () => {
  globalThis.gc();
  let fds = 0;
  for (const _ of Deno.readDirSync("/proc/self/fd")) fds++;
  const m = Deno.memoryUsage();
  return { fds, rss: m.rss, heap: m.heapUsed };
};
const cycle = async (i) => {
  const s = new OutputStream({ device: "pulse", channels: 1, samplerate: 44100,
    callback: i % 3 === 0 ? undefined : (o) => o.fill(0) });
  await s.start();
  if (i % 3 === 0) await s.write(new Float32Array(441));
  if (i % 2) await s.stop(); else await s.abort();
  await s.close();
};
for (let i = 0; i < 50; i++) await cycle(i);
const before = sample();
for (let i = 0; i < 200; i++) await cycle(i);
console.log(JSON.stringify({ before, after: sample() }));`;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--v8-flags=--expose-gc", script],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    assert.equal(stderr, "", "no ALSA/JACK messages on stderr");
    const { before, after } = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.ok(
      after.fds <= before.fds,
      `file descriptors: ${before.fds} -> ${after.fds}`,
    );
    assert.ok(
      after.heap - before.heap < 1 << 20,
      `heap: ${before.heap} -> ${after.heap}`,
    );
    assert.ok(
      after.rss - before.rss < 8 << 20,
      `RSS: ${before.rss} -> ${after.rss}`,
    );
  },
);

hwTest(
  "a program that leaves a stream running (or drops one unclosed) exits by itself without a crash",
  async () => {
    const script = `
import { OutputStream } from "${new URL("../mod.ts", import.meta.url).href}";
const s = new OutputStream({ device: "pulse", channels: 1, callback: (o) => o.fill(0) });
await s.start();
for (let i = 0; i < 20; i++) new OutputStream({ device: "pulse", channels: 1 }); // dropped, never closed
globalThis.gc?.();
await new Promise((r) => setTimeout(r, 300));
console.log("main done");`;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", "--v8-flags=--expose-gc", script],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const timer = setTimeout(() => child.kill("SIGKILL"), 15000);
    const out = await child.output();
    clearTimeout(timer);
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.signal, null, `killed by ${out.signal}: ${stderr}`);
    assert.equal(out.code, 0, stderr);
    assert.equal(new TextDecoder().decode(out.stdout).trim(), "main done");
    assert.doesNotMatch(stderr, /Segmentation|panicked|core dumped/i);
  },
);

hwTest("await using stops (playing out) and closes the stream", async () => {
  let s: OutputStream;
  {
    await using stream = new OutputStream({
      device: "pulse",
      channels: 1,
      samplerate: SR,
    });
    s = stream;
    await stream.start();
    await stream.write(tone(SR / 10, 440, 0.1));
  }
  assert.equal(s.closed, true);
});
