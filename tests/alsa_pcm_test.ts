import assert from "node:assert/strict";
import {
  AlsaError,
  asoundlibVersion,
  cardIndexes,
  cards,
  PCM,
  PCM_CAPTURE,
  PCM_FORMATS,
  PCM_NONBLOCK,
  PCM_STATE_PREPARED,
  PCM_STATE_RUNNING,
  PCM_TSTAMP_ENABLE,
  PCM_TSTAMP_TYPE_MONOTONIC,
  pcms,
} from "../alsa.ts";
import { SND_PCM_STATE, SND_PCM_TSTAMP_TYPE } from "../ffi/alsa_constants.ts";
import { pollfd, snd_htimestamp_t } from "../ffi/alsa.ts";
import { cLayout, runC } from "./_c.ts";
import { hardware, hwTest } from "./_hw.ts";
import {
  analyseTone,
  recordMonitor,
  usePrivateSink,
} from "./realtime_fixtures/monitor.ts";

// ---- pure: constants and layouts against the headers -------------------------------

Deno.test("PCM format, state and timestamp constants match alsa/pcm.h", async () => {
  const entries: [string, number][] = [
    ...Object.entries(PCM_FORMATS).map(([k, v]) =>
      [`SND_PCM_FORMAT_${k}`, v] as [string, number]
    ),
    ...Object.entries(SND_PCM_STATE),
    ...Object.entries(SND_PCM_TSTAMP_TYPE),
  ];
  const lines = await runC(
    ["alsa/asoundlib.h"],
    entries.map(([k]) => `printf("%d\\n", (int)${k});`).join("\n"),
  );
  assert.deepEqual(lines.map(Number), entries.map(([, v]) => v));
});

Deno.test("struct pollfd and snd_htimestamp_t layouts match the headers", async () => {
  const p = await cLayout(["poll.h"], "struct pollfd", {
    fd: "fd",
    events: "events",
    revents: "revents",
  });
  assert.equal(pollfd.size, p.size);
  assert.deepEqual(pollfd.offsets, p.offsets);
  const t = await cLayout(["alsa/asoundlib.h"], "snd_htimestamp_t", {
    tv_sec: "tv_sec",
    tv_nsec: "tv_nsec",
  });
  assert.equal(snd_htimestamp_t.size, t.size);
  assert.deepEqual(snd_htimestamp_t.offsets, t.offsets);
});

Deno.test("bad options are refused before ALSA is called, naming the option", () => {
  assert.throws(
    () => new PCM({ format: "S17_LE" as "S16_LE" }),
    /format: unknown sample format "S17_LE"; use a PCM_FORMAT_\* constant or one of S8, U8, S16_LE/,
  );
  assert.throws(
    () => new PCM({ rate: 0 }),
    /rate: 0 is not a positive integer/,
  );
  assert.throws(
    () => new PCM({ type: "sideways" as "capture" }),
    /PCM type must be PCM_PLAYBACK \(0\), PCM_CAPTURE \(1\), "playback" or "capture", got "sideways"/,
  );
  assert.throws(
    () => new PCM({ mode: 7 as 0 }),
    /invalid PCM mode 7; use PCM_NORMAL \(0\), PCM_NONBLOCK \(1\), PCM_ASYNC \(2\)/,
  );
});

// ---- device ------------------------------------------------------------------------

if (hardware) usePrivateSink("alsa");

async function lines(cmd: string, args: string[]): Promise<string[]> {
  const out = await new Deno.Command(cmd, {
    args,
    stdout: "piped",
    stderr: "null",
  }).output();
  return new TextDecoder().decode(out.stdout).split("\n");
}

hwTest("pcms() lists the same names as aplay -L and arecord -L", async () => {
  const names = (ls: string[]): string[] =>
    ls.filter((l) => l && !l.startsWith(" "));
  assert.deepEqual(pcms(), names(await lines("aplay", ["-L"])));
  assert.deepEqual(pcms("capture"), names(await lines("arecord", ["-L"])));
  assert.deepEqual(pcms(PCM_CAPTURE), pcms("capture"));
});

hwTest(
  "cards(), cardIndexes() and asoundlibVersion() agree with /proc/asound and the library",
  async () => {
    let procCards: number[] = [];
    try {
      const text = await Deno.readTextFile("/proc/asound/cards");
      procCards = [...text.matchAll(/^\s*(\d+) \[/gm)].map((m) => Number(m[1]));
    } catch {
      // no /proc/asound: no cards
    }
    assert.deepEqual(cardIndexes(), procCards);
    assert.equal(cards().length, procCards.length);
    const v = await lines("/usr/bin/python3", [
      "-c",
      "import ctypes;l=ctypes.CDLL('libasound.so.2');l.snd_asoundlib_version.restype=ctypes.c_char_p;print(l.snd_asoundlib_version().decode())",
    ]);
    assert.equal(asoundlibVersion(), v[0]);
  },
);

/** Runs a script in a subprocess whose HOME holds an .asoundrc with file-plugin PCMs. */
async function withFilePlugin(script: string): Promise<unknown> {
  const home = await Deno.makeTempDir({ prefix: "audiodev-alsa-" });
  try {
    await Deno.writeTextFile(
      `${home}/.asoundrc`,
      `pcm.tofile { type file; slave.pcm "null"; file "${home}/out.raw"; format "raw" }\n` +
        `pcm.fromfile { type file; slave.pcm "null"; file "/dev/null"; infile "${home}/in.raw"; format "raw" }\n`,
    );
    const code = `import * as alsa from "${
      new URL("../alsa.ts", import.meta.url).href
    }";
const HOME = ${JSON.stringify(home)};
${script}`;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", code],
      env: { HOME: home },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    return JSON.parse(new TextDecoder().decode(out.stdout));
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

hwTest(
  "playback and capture are bit-exact through ALSA's file plugin for several formats, rates and period sizes",
  async () => {
    const result = await withFilePlugin(`
const cases = [
  ["S16_LE", 44100, 2, 512], ["S32_LE", 48000, 2, 256], ["U8", 8000, 1, 100],
  ["FLOAT_LE", 22050, 2, 333], ["S24_3LE", 96000, 2, 1024], ["S16_BE", 16000, 1, 64],
];
const out = [];
for (const [format, rate, channels, periodsize] of cases) {
  const pb = new alsa.PCM({ device: "tofile", format, rate, channels, periodsize });
  const fb = pb.framesize;
  const data = crypto.getRandomValues(new Uint8Array(fb * 3000));
  await Deno.writeFile(HOME + "/in.raw", data);
  const wrote = await pb.write(data);
  const info = pb.info();
  await pb.close();
  const written = await Deno.readFile(HOME + "/out.raw");
  await Deno.remove(HOME + "/out.raw");
  const cap = new alsa.PCM({ type: "capture", device: "fromfile", format, rate, channels, periodsize });
  const parts = [];
  let total = 0;
  while (total < data.length) {
    const [n, d] = await cap.read();
    if (n <= 0) break;
    parts.push(d.slice());
    total += d.length;
  }
  await cap.close();
  const got = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { got.set(p, o); o += p.length; }
  const same = (a, b) => a.length >= b.length && b.every((v, i) => a[i] === v);
  out.push({ format, rate, periodsize: info.period_size, realizedRate: info.rate, wrote, framesize: fb,
    playback: written.length === data.length && same(written, data), capture: same(got, data) });
}
console.log(JSON.stringify(out));`) as {
      format: string;
      rate: number;
      realizedRate: number;
      wrote: number;
      playback: boolean;
      capture: boolean;
    }[];
    assert.equal(result.length, 6);
    for (const r of result) {
      assert.equal(r.realizedRate, r.rate, `${r.format}: rate`);
      assert.equal(r.wrote, 3000, `${r.format}: frames written`);
      assert.ok(r.playback, `${r.format} @ ${r.rate}: playback not bit-exact`);
      assert.ok(r.capture, `${r.format} @ ${r.rate}: capture not bit-exact`);
    }
  },
);

hwTest("info() agrees with ALSA's own dump of the same PCM", async () => {
  const pcm = new PCM({
    channels: 1,
    rate: 48000,
    periodsize: 480,
    periods: 4,
  });
  try {
    const info = pcm.info();
    const dump = pcm.dump();
    const field = (name: string): string =>
      dump.match(new RegExp(`^\\s*${name}\\s*:\\s*(\\S+)`, "m"))![1];
    assert.equal(String(info.rate), field("rate"));
    assert.equal(String(info.channels), field("channels"));
    assert.equal(info.format_name, field("format"));
    assert.equal(info.access_type, field("access"));
    assert.equal(String(info.period_size), field("period_size"));
    assert.equal(String(info.buffer_size), field("buffer_size"));
    assert.equal(info.state, "PREPARED");
    assert.equal(pcm.state(), PCM_STATE_PREPARED);
    assert.equal(info.physical_bits, 16);
    assert.deepEqual(info.rate_numden, [48000, 1]);
    // pyalsaaudio 0.11: snd_pcm_stream_name(), and the key "periods"
    assert.equal(info[" (call value) type_name"], "PLAYBACK");
    assert.equal(info[" (call value) mode_name"], "PCM_NORMAL");
    assert.equal(info.periods, 4);
    assert.equal(String(info.periods), String(pcm.periods));
  } finally {
    await pcm.close();
  }
});

hwTest(
  "a tone written through the default PCM is recorded from the monitor at its frequency",
  async () => {
    const rec = await recordMonitor();
    const pcm = new PCM({ channels: 1, rate: 44100, periodsize: 1024 });
    const tone = Int16Array.from(
      { length: 44100 },
      (_, i) => Math.round(16384 * Math.sin(2 * Math.PI * 523 * i / 44100)),
    );
    assert.equal(await pcm.write(tone), 44100);
    await pcm.close(); // drains
    await new Promise((r) => setTimeout(r, 200));
    const a = analyseTone(await rec.stop());
    assert.ok(Math.abs(a.frequency - 523) < 5, `frequency ${a.frequency}`);
    assert.ok(Math.abs(a.peak - 0.5) < 0.03, `peak ${a.peak}`);
    assert.ok(a.duration > 0.9, `duration ${a.duration}`);
  },
);

hwTest(
  "a capture that stalls past its buffer keeps delivering whole periods (pulse absorbs capture overruns)",
  async () => {
    // On ALSA's pulse plugin the server keeps a stalled capture RUNNING with
    // avail clamped at the buffer size, and reports no overrun (arecord stopped
    // for 1 s prints no "overrun" either): the -EPIPE path is exercised by the
    // playback underrun test below, which this device does report.
    const pcm = new PCM({
      type: "capture",
      channels: 1,
      rate: 44100,
      periodsize: 256,
      periods: 4,
    });
    try {
      assert.equal((await pcm.read())[0], 256);
      await new Promise((r) => setTimeout(r, 700));
      assert.equal(pcm.state(), PCM_STATE_RUNNING);
      for (let i = 0; i < 3; i++) {
        const [n, d] = await pcm.read();
        assert.ok(n === 256 || n === -32, `read returned ${n}`);
        if (n === 256) assert.equal(d.length, 512);
      }
    } finally {
      await pcm.close();
    }
  },
);

hwTest(
  "a playback underrun returns -EPIPE, and the same data can be written again",
  async () => {
    const pcm = new PCM({
      channels: 1,
      rate: 44100,
      periodsize: 256,
      periods: 2,
    });
    try {
      const period = new Uint8Array(512);
      assert.equal(await pcm.write(period), 256);
      assert.equal(await pcm.write(period), 256);
      await new Promise((r) => setTimeout(r, 600));
      const r = await pcm.write(period);
      assert.equal(r, -32, `expected -EPIPE after an underrun, got ${r}`);
      assert.equal(await pcm.write(period), 256);
      assert.equal(pcm.xruns, 1);
    } finally {
      await pcm.close();
    }
  },
);

hwTest(
  "nonblock mode: read returns [0, empty] when nothing is ready; write returns 0 when full",
  async () => {
    const cap = new PCM({
      type: "capture",
      mode: "nonblock",
      channels: 1,
      rate: 44100,
      periodsize: 4410,
    });
    try {
      assert.equal(cap.pcmmode(), PCM_NONBLOCK);
      const [n, d] = await cap.read();
      assert.equal(n, 0);
      assert.equal(d.length, 0);
      await new Promise((r) => setTimeout(r, 400));
      const [n2] = await cap.read();
      assert.equal(n2, 4410);
    } finally {
      await cap.close();
    }
    const pb = new PCM({
      mode: "nonblock",
      channels: 1,
      rate: 44100,
      periodsize: 1024,
      periods: 4,
    });
    try {
      const chunk = new Uint8Array(2048);
      let total = 0;
      let zero = false;
      const t0 = performance.now();
      for (let i = 0; i < 100 && !zero; i++) {
        const w = await pb.write(chunk);
        if (w === 0) zero = true;
        else total += w;
      }
      assert.ok(zero, "write() returned 0 once the buffer was full");
      assert.ok(
        total >= 1024 && total <= 8 * 1024,
        `frames accepted before full: ${total}`,
      );
      assert.ok(performance.now() - t0 < 300, "nonblock writes did not wait");
    } finally {
      await pb.close();
    }
  },
);

hwTest("capture state, poll descriptors and timestamps", async () => {
  const pcm = new PCM({
    type: "capture",
    channels: 1,
    rate: 44100,
    periodsize: 441,
  });
  try {
    pcm.setTstampMode(PCM_TSTAMP_ENABLE);
    assert.equal(pcm.getTstampMode(), PCM_TSTAMP_ENABLE);
    pcm.setTstampType(PCM_TSTAMP_TYPE_MONOTONIC);
    assert.equal(pcm.getTstampType(), PCM_TSTAMP_TYPE_MONOTONIC);
    const fds = pcm.polldescriptors();
    assert.ok(fds.length >= 1);
    for (const [fd, ev] of fds) assert.ok(fd >= 0 && ev > 0);
    await pcm.read();
    assert.equal(pcm.state(), PCM_STATE_RUNNING);
    const [sec, nsec, avail] = pcm.htimestamp();
    assert.ok(sec >= 0 && nsec >= 0 && nsec < 1e9 && avail >= 0);
    assert.equal(
      typeof pcm.polldescriptorsRevents(
        fds.map(([fd]) => [fd, 1] as [number, number]),
      ),
      "number",
    );
  } finally {
    await pcm.close();
  }
});

hwTest(
  "the async iterator yields captured periods and ends when the PCM closes",
  async () => {
    const pcm = new PCM({
      type: "capture",
      channels: 2,
      rate: 44100,
      periodsize: 512,
    });
    let periods = 0;
    for await (const period of pcm) {
      assert.equal(period.length, 512 * 4);
      if (++periods === 5) void pcm.close();
    }
    assert.equal(periods, 5);
    assert.equal(pcm.closed, true);
  },
);

hwTest(
  "errors: unknown device, wrong direction, partial frames, closed PCM",
  async () => {
    try {
      new PCM({ device: "no_such_pcm_device" });
      assert.fail("expected AlsaError");
    } catch (e) {
      assert.ok(e instanceof AlsaError);
      assert.equal(e.call, "snd_pcm_open");
      assert.ok(e.code < 0);
      assert.match(
        e.message,
        /^Cannot open playback device "no_such_pcm_device": .+ \(snd_pcm_open returned -\d+\)$/,
      );
    }
    const pb = new PCM({ channels: 2, rate: 44100 });
    assert.throws(
      () => pb.write(new Uint8Array(3)),
      /3 bytes is not a whole number of frames of 4 bytes \(2 channels of S16_LE\)/,
    );
    assert.throws(
      () => pb.read(),
      /read\(\) is for capture PCMs; this one is for playback/,
    );
    await pb.close();
    await pb.close();
    assert.throws(
      () => pb.write(new Uint8Array(4)),
      /PCM is closed: write\(\) is not allowed after close\(\)/,
    );
    assert.throws(() => pb.state(), /PCM is closed: state\(\)/);
    assert.throws(() => pb.info(), /PCM is closed: info\(\)/);
  },
);

hwTest(
  "startThreshold and availMin: ALSA's defaults, 'buffer' holds playback until the buffer is full, bad values refused",
  async () => {
    // ALSA's defaults (what pyalsaaudio leaves): start at 1 frame, wake per period
    const plain = new PCM({
      channels: 1,
      rate: 48000,
      format: "FLOAT_LE",
      periodsize: 256,
      periods: 4,
    });
    assert.equal(plain.getStartThreshold(), 1);
    assert.equal(plain.getAvailMin(), plain.periodsize);
    plain.writeSync(new Float32Array(plain.periodsize));
    assert.equal(plain.state(), PCM_STATE_RUNNING);
    await plain.close();

    const pcm = new PCM({
      channels: 1,
      rate: 48000,
      format: "FLOAT_LE",
      periodsize: 256,
      periods: 4,
      startThreshold: "buffer",
      availMin: 512,
    });
    const buffer = pcm.periodsize * pcm.periods;
    assert.equal(pcm.getStartThreshold(), buffer);
    assert.equal(pcm.getAvailMin(), 512);
    // less than a buffer queued: still prepared, nothing plays
    assert.equal(pcm.writeSync(new Float32Array(buffer - 1)), buffer - 1);
    assert.equal(pcm.state(), PCM_STATE_PREPARED);
    assert.equal(pcm.writeSync(new Float32Array(1)), 1);
    assert.equal(pcm.state(), PCM_STATE_RUNNING);
    pcm.drop();
    pcm.setStartThreshold(3 * pcm.periodsize);
    assert.equal(pcm.getStartThreshold(), 3 * pcm.periodsize);
    for (const bad of [0, -1, 1.5, buffer + 1, NaN]) {
      assert.throws(
        () => pcm.setStartThreshold(bad),
        new RegExp(
          `startThreshold: ${bad} is not a whole number of frames from 1 to the buffer size ${buffer} \\(periodsize 256 x periods 4\\)`,
        ),
      );
      assert.throws(() => pcm.setAvailMin(bad), RangeError);
    }
    await pcm.close();
    assert.throws(() => pcm.getStartThreshold(), /PCM is closed/);
    assert.throws(
      () => new PCM({ periodsize: 256, periods: 4, availMin: 0 }),
      /availMin: 0 is not a whole number of frames/,
    );
  },
);
