import assert from "node:assert/strict";
import {
  AFMT_S16_LE,
  AFMT_U16_LE,
  AFMT_U8,
  controlLabels,
  controlNames,
  open,
  openMixer,
  OSSAudioError,
  ossBackend,
  SNDCTL,
  SOUND_MIXER_NRDEVICES,
  SOUND_MIXER_PCM,
} from "../oss.ts";
import { runC } from "./_c.ts";
import { hardware, hwTest } from "./_hw.ts";
import {
  analyseTone,
  recordMonitor,
  usePrivateSink,
} from "./realtime_fixtures/monitor.ts";
import { endMarkerFrames, signalWithEndMarker } from "./_marker.ts";

Deno.test("ioctl numbers and constants match sys/soundcard.h", async () => {
  const names = Object.keys(SNDCTL).filter((k) => !k.endsWith("_BASE"));
  const lines = await runC(
    ["sys/soundcard.h"],
    [
      ...names,
      "AFMT_S16_LE",
      "AFMT_U16_LE",
      "SOUND_MIXER_PCM",
      "SOUND_MIXER_NRDEVICES",
    ]
      .map((n) => `printf("%lu\\n", (unsigned long)(unsigned int)${n});`).join(
        "\n",
      ),
  );
  assert.deepEqual(
    lines.map(Number),
    [
      ...names.map((n) => SNDCTL[n as keyof typeof SNDCTL]),
      AFMT_S16_LE,
      AFMT_U16_LE,
      SOUND_MIXER_PCM,
      SOUND_MIXER_NRDEVICES,
    ],
  );
  const read0 = await runC(
    ["sys/soundcard.h"],
    `printf("%u\\n%u\\n", (unsigned)MIXER_READ(0), (unsigned)MIXER_WRITE(0));`,
  );
  assert.deepEqual(read0.map(Number), [
    SNDCTL.MIXER_READ_BASE,
    SNDCTL.MIXER_WRITE_BASE,
  ]);
  assert.equal(controlNames.length, 25);
  assert.equal(controlLabels.length, 25);
});

Deno.test("open() rejects a bad mode with ossaudiodev's message", () => {
  assert.throws(
    () => open("x"),
    (e: unknown) =>
      e instanceof OSSAudioError &&
      e.message === "mode must be 'r', 'w', or 'rw'",
  );
  assert.throws(
    () => open("/dev/dsp", "rw+"),
    /mode must be 'r', 'w', or 'rw'/,
  );
});

Deno.test("the backend is chosen by the device type and AUDIODEV_OSS_BACKEND", () => {
  const saved = Deno.env.get("AUDIODEV_OSS_BACKEND");
  try {
    Deno.env.delete("AUDIODEV_OSS_BACKEND");
    assert.equal(ossBackend("/dev/null"), "kernel"); // a character device
    assert.equal(ossBackend("/nonexistent/dsp"), "pulsedsp");
    Deno.env.set("AUDIODEV_OSS_BACKEND", "kernel");
    assert.equal(ossBackend("/nonexistent/dsp"), "kernel");
    Deno.env.set("AUDIODEV_OSS_BACKEND", "bogus");
    assert.throws(
      () => ossBackend("/dev/dsp"),
      /must be "kernel", "pulsedsp" or "auto"/,
    );
  } finally {
    if (saved === undefined) Deno.env.delete("AUDIODEV_OSS_BACKEND");
    else Deno.env.set("AUDIODEV_OSS_BACKEND", saved);
  }
});

if (hardware) usePrivateSink("oss");

hwTest(
  "a tone written through the OSS API is recorded at its frequency, to its last frame",
  async () => {
    const rec = await recordMonitor();
    using dsp = open("w");
    assert.equal(dsp.backend, "pulsedsp");
    assert.deepEqual(dsp.setparameters(AFMT_S16_LE, 1, 44100, true), [
      AFMT_S16_LE,
      1,
      44100,
    ]);
    assert.ok(dsp.getfmts() & AFMT_S16_LE);
    assert.ok(dsp.bufsize() > 0);
    const { data, markerFrames } = signalWithEndMarker();
    const pcm = Int16Array.from(data, (v) => Math.round(v * 32767));
    await dsp.writeall(pcm);
    await dsp.sync();
    assert.ok(
      dsp.getptr()[0] >= pcm.byteLength * 0.9,
      `bytes played: ${dsp.getptr()[0]}`,
    );
    dsp.close();
    await new Promise((r) => setTimeout(r, 200));
    const samples = await rec.stop();
    const heard = endMarkerFrames(samples);
    assert.ok(
      heard >= markerFrames - 50,
      `end marker: ${heard} of ${markerFrames} frames`,
    );
    const a = analyseTone(samples);
    assert.ok(Math.abs(a.peak - 0.5) < 0.03, `peak ${a.peak}`);
    assert.ok(
      a.duration > 0.5 && a.duration < 0.85,
      `duration ${a.duration} of 0.8 s (the sink may clip the start)`,
    );
  },
);

hwTest("setparameters(strict) refuses a format the device does not set", () => {
  using dsp = open("w");
  assert.equal(dsp.getfmts() & AFMT_U16_LE, 0, "the emulation lacks U16_LE");
  assert.throws(
    () => dsp.setparameters(AFMT_U16_LE, 1, 44100, true),
    (e: unknown) =>
      e instanceof OSSAudioError &&
      /^unable to set requested format \(wanted 128, got \d+\)$/.test(
        e.message,
      ),
  );
  const [fmt] = dsp.setparameters(AFMT_U8, 2, 22050);
  assert.equal(fmt, AFMT_U8);
});

hwTest(
  "mixer: set then get round-trips (within PulseAudio's rounding) and matches pactl",
  async () => {
    using mixer = openMixer();
    assert.ok(mixer.controls() & (1 << SOUND_MIXER_PCM));
    const before = mixer.get(SOUND_MIXER_PCM);
    try {
      for (const v of [20, 40, 75]) {
        mixer.set(SOUND_MIXER_PCM, [v, v]);
        const [l, r] = mixer.get(SOUND_MIXER_PCM);
        assert.ok(
          Math.abs(l - v) <= 1 && Math.abs(r - v) <= 1,
          `set ${v}, got ${l} ${r}`,
        );
        const out = await new Deno.Command("pactl", {
          args: ["get-sink-volume", "@DEFAULT_SINK@"],
          stdout: "piped",
        }).output();
        const pct = [
          ...new TextDecoder().decode(out.stdout).matchAll(/(\d+)%/g),
        ].map((m) => Number(m[1]));
        assert.ok(
          pct.length >= 2 && pct.every((p) => Math.abs(p - v) <= 1),
          `pactl shows ${pct} after ${v}`,
        );
      }
      assert.throws(
        () => mixer.set(SOUND_MIXER_PCM, [101, 0]),
        /Volumes must be between 0 and 100\./,
      );
      assert.throws(() => mixer.get(25), /Invalid mixer channel specified\./);
    } finally {
      mixer.set(SOUND_MIXER_PCM, before);
    }
  },
);

hwTest(
  "every method of a closed audio or mixer device refuses use",
  () => {
    const dsp = open("w");
    dsp.close();
    dsp.close();
    assert.equal(dsp.closed, true);
    const calls: (() => unknown)[] = [
      () => dsp.fileno(),
      () => dsp.getfmts(),
      () => dsp.setfmt(AFMT_S16_LE),
      () => dsp.channels(1),
      () => dsp.speed(44100),
      () => dsp.setparameters(AFMT_S16_LE, 1, 44100),
      () => dsp.bufsize(),
      () => dsp.obufcount(),
      () => dsp.obuffree(),
      () => dsp.getptr(),
      () => dsp.nonblock(),
      () => dsp.reset(),
      () => dsp.post(),
      () => dsp.writeSync(new Uint8Array(2)),
      () => dsp.write(new Uint8Array(2)),
      () => dsp.writeall(new Uint8Array(2)),
      () => dsp.read(2),
      () => dsp.readSync(2),
      () => dsp.sync(),
    ];
    for (const c of calls) {
      assert.throws(
        c,
        /^OSSAudioError: Operation on closed OSS device\.$/,
      );
    }
    const mixer = openMixer();
    mixer.close();
    for (
      const c of [
        () => mixer.controls(),
        () => mixer.get(SOUND_MIXER_PCM),
        () => mixer.set(SOUND_MIXER_PCM, [1, 1]),
        () => mixer.getRecsrc(),
        () => mixer.fileno(),
      ]
    ) {
      assert.throws(c, /Operation on closed OSS device\./);
    }
  },
);

hwTest(
  "a missing device gives an OSSAudioError with errno and its text",
  () => {
    const saved = Deno.env.get("AUDIODEV_OSS_BACKEND");
    Deno.env.set("AUDIODEV_OSS_BACKEND", "kernel");
    try {
      assert.throws(
        () => open("/nonexistent/dsp", "w"),
        (e: unknown) =>
          e instanceof OSSAudioError && e.errno === 2 &&
          /No such file or directory: open on "\/nonexistent\/dsp"/.test(
            e.message,
          ),
      );
    } finally {
      if (saved === undefined) {
        Deno.env.delete("AUDIODEV_OSS_BACKEND");
      } else Deno.env.set("AUDIODEV_OSS_BACKEND", saved);
    }
  },
);

hwTest(
  "examples/oss_play.ts and oss_mixer.ts work on the emulated devices",
  async () => {
    const run = async (...args: string[]): Promise<string> => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", ...args],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      return new TextDecoder().decode(out.stdout);
    };
    const rec = await recordMonitor();
    await run(
      new URL("../examples/oss_play.ts", import.meta.url).pathname,
      "--tone",
      "880",
      "--duration",
      "0.5",
    );
    await new Promise((r) => setTimeout(r, 200));
    const a = analyseTone(await rec.stop());
    assert.ok(Math.abs(a.frequency - 880) < 9, `frequency ${a.frequency}`);
    assert.match(
      await run(new URL("../examples/oss_mixer.ts", import.meta.url).pathname),
      /Pcm +\(pcm\): \d+% \d+%/,
    );
  },
);
