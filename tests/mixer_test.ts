import assert from "node:assert/strict";
import {
  AlsaError,
  Mixer,
  mixers,
  percentToRaw,
  rawToPercent,
  VOLUME_UNITS_RAW,
} from "../mixer/mod.ts";
import { hwTest } from "./_hw.ts";

// ---- pure: pyalsaaudio's unit conversions -------------------------------------------

Deno.test("pyalsaaudio's percent conversion round-trips: percents with >= 100 raw steps, raw values below that", () => {
  const wide = [[0, 65536], [0, 255], [0, 100], [-6000, 0], [-10, 127]];
  for (const [min, max] of wide) {
    for (let p = 0; p <= 100; p++) {
      assert.equal(
        rawToPercent(min, max, percentToRaw(min, max, p)),
        p,
        `${min}..${max} ${p}%`,
      );
    }
  }
  const narrow = [[0, 31], [-10, 63], [0, 3], [0, 99]];
  for (const [min, max] of narrow) {
    for (let r = min; r <= max; r++) {
      assert.equal(
        percentToRaw(min, max, rawToPercent(min, max, r)),
        r,
        `${min}..${max} raw ${r}`,
      );
    }
  }
  assert.equal(percentToRaw(0, 65536, 37), 24248); // what amixer shows for 37 %
  assert.equal(rawToPercent(5, 5, 5), 0);
});

// ---- against amixer on the virtual device ------------------------------------------

async function amixer(...args: string[]): Promise<string> {
  const out = await new Deno.Command("amixer", {
    args,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

function channelValues(
  text: string,
  kind: "Playback" | "Capture",
): { raw: number; percent: number; on: boolean }[] {
  return [
    ...text.matchAll(
      new RegExp(
        `^\\s+(?:Front Left|Front Right|Mono): ${kind} (\\d+) \\[(\\d+)%\\](?: \\[[^\\]]*dB\\])? \\[(on|off)\\]`,
        "gm",
      ),
    ),
  ]
    .map((m) => ({
      raw: Number(m[1]),
      percent: Number(m[2]),
      on: m[3] === "on",
    }));
}

/** Runs `fn` and puts Master and Capture back as they were. */
async function preserving(fn: () => Promise<void>): Promise<void> {
  const master = channelValues(await amixer("get", "Master"), "Playback");
  const capture = channelValues(await amixer("get", "Capture"), "Capture");
  try {
    await fn();
  } finally {
    await amixer(
      "set",
      "Master",
      `${master[0].raw}`,
      master[0].on ? "unmute" : "mute",
    );
    await amixer(
      "set",
      "Capture",
      `${capture[0].raw}`,
      capture[0].on ? "cap" : "nocap",
    );
  }
}

hwTest("mixers() lists the same controls as amixer scontrols", async () => {
  const names = [
    ...(await amixer("scontrols")).matchAll(
      /^Simple mixer control '([^']+)',\d+$/gm,
    ),
  ].map((m) => m[1]);
  assert.ok(names.length > 0);
  assert.deepEqual(mixers(), names);
});

hwTest(
  "a volume set with Mixer reads back the same with amixer (percent and raw)",
  async () => {
    await preserving(async () => {
      using m = new Mixer({ control: "Master" });
      for (const p of [0, 1, 37, 50, 99, 100]) {
        m.setvolume(p);
        const ch = channelValues(await amixer("get", "Master"), "Playback");
        assert.ok(ch.length > 0);
        for (const c of ch) {
          assert.equal(
            c.percent,
            p,
            `amixer shows ${c.percent}% after setvolume(${p})`,
          );
          assert.equal(c.raw, percentToRaw(0, 65536, p));
        }
      }
      m.setvolume(12345, undefined, "playback", "raw");
      for (
        const c of channelValues(await amixer("get", "Master"), "Playback")
      ) assert.equal(c.raw, 12345);
    });
  },
);

hwTest(
  "a volume set with amixer reads back the same with Mixer, without reopening it",
  async () => {
    await preserving(async () => {
      using m = new Mixer({ control: "Master" });
      await amixer("set", "Master", "23456");
      assert.deepEqual(m.getvolume(undefined, VOLUME_UNITS_RAW), [
        23456,
        23456,
      ]);
      await amixer("set", "Master", "80%");
      const shown = channelValues(await amixer("get", "Master"), "Playback")
        .map((c) => c.percent);
      assert.deepEqual(m.getvolume(), shown);
      await amixer("set", "Capture", "30%");
      using c = new Mixer({ control: "Capture" });
      assert.deepEqual(
        c.getvolume("capture"),
        channelValues(await amixer("get", "Capture"), "Capture").map((x) =>
          x.percent
        ),
      );
    });
  },
);

hwTest("mute and record switches agree with amixer both ways", async () => {
  await preserving(async () => {
    using m = new Mixer({ control: "Master" });
    m.setmute(true);
    assert.ok(
      channelValues(await amixer("get", "Master"), "Playback").every((c) =>
        !c.on
      ),
    );
    assert.deepEqual(m.getmute(), [1, 1]);
    await amixer("set", "Master", "unmute");
    assert.deepEqual(m.getmute(), [0, 0]);
    using c = new Mixer({ control: "Capture" });
    c.setrec(false);
    assert.ok(
      channelValues(await amixer("get", "Capture"), "Capture").every((x) =>
        !x.on
      ),
    );
    await amixer("set", "Capture", "cap");
    assert.deepEqual(c.getrec(), [1, 1]);
  });
});

hwTest(
  "ranges agree with amixer's limits; dB is refused where amixer shows no dB either",
  async () => {
    using m = new Mixer({ control: "Master" });
    const text = await amixer("get", "Master");
    const [, lo, hi] = text.match(/Limits: Playback (-?\d+) - (-?\d+)/)!;
    assert.deepEqual(m.getrange(), [Number(lo), Number(hi)]);
    assert.deepEqual(m.getrange(undefined, "percent"), [0, 100]);
    assert.equal(
      /dB/.test(text),
      false,
      "the pulse control has no dB information",
    );
    assert.throws(
      () => m.getrange(undefined, "dB"),
      /has no playback dB information/,
    );
    assert.throws(
      () => m.getvolume(undefined, "dB"),
      /has no playback dB information/,
    );
    using c = new Mixer({ control: "Capture" });
    const [, clo, chi] = (await amixer("get", "Capture")).match(
      /Limits: Capture (-?\d+) - (-?\d+)/,
    )!;
    assert.deepEqual(c.getrange("capture"), [Number(clo), Number(chi)]);
  },
);

hwTest(
  "a change made by amixer arrives as an event; the iterator ends on close()",
  async () => {
    await preserving(async () => {
      const m = new Mixer({ control: "Master" });
      await amixer("set", "Master", "40%");
      const it = m.events();
      const seen: number[][] = [];
      const settled = (async (): Promise<boolean> => {
        // amixer sets one channel after the other: intermediate events are real.
        for (;;) {
          const ev = await it.next();
          if (ev.done) return false;
          assert.equal(ev.value.control, "Master");
          seen.push(ev.value.playbackVolume);
          if (ev.value.playbackVolume.every((v) => v === 60)) return true;
        }
      })();
      await new Promise((r) => setTimeout(r, 100));
      await amixer("set", "Master", "60%");
      const timeout = new Promise<never>((_, rej) =>
        setTimeout(
          () =>
            rej(
              new Error(`no settled event within 3 s: ${JSON.stringify(seen)}`),
            ),
          3000,
        )
      );
      assert.equal(await Promise.race([settled, timeout]), true);
      assert.ok(
        seen.length >= 1 && seen.length <= 2,
        `events: ${JSON.stringify(seen)}`,
      );
      const ending = it.next();
      m.close();
      const t0 = performance.now();
      assert.equal((await ending).done, true);
      assert.ok(performance.now() - t0 < 1000, "ended promptly after close()");
    });
  },
);

hwTest(
  "errors: an unknown control lists the others; missing capabilities; closed mixer",
  () => {
    assert.throws(
      () => new Mixer({ control: "NoSuchControl" }),
      (e: unknown) =>
        e instanceof AlsaError &&
        /Unable to find mixer control 'NoSuchControl',0 \[default\]; available controls: 'Master',0/
          .test(e.message),
    );
    using c = new Mixer({ control: "Capture" });
    assert.throws(
      () => c.getmute(),
      /'Capture',0 \[default\] has no playback switch capabilities/,
    );
    assert.throws(() => c.getvolume("playback"), /has no playback volume/);
    const m = new Mixer({ control: "Master" });
    assert.throws(() => m.setvolume(101), /Volume out of range: 101/);
    assert.throws(() => m.getrec(), /has no capture switch capabilities/);
    assert.deepEqual(m.getenum(), []);
    assert.throws(() => m.setenum(0), /is not an enumerated control/);
    m.close();
    m.close();
    assert.throws(
      () => m.getvolume(),
      /Mixer is closed: getvolume\(\) is not allowed after close\(\)/,
    );
    assert.throws(() => m.setmute(true), /Mixer is closed/);
  },
);

hwTest(
  "examples/mixertest.ts lists, shows and sets controls (checked with amixer)",
  async () => {
    await preserving(async () => {
      const run = async (...args: string[]): Promise<string> => {
        const out = await new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "-A",
            new URL("../examples/mixertest.ts", import.meta.url).pathname,
            ...args,
          ],
          stdout: "piped",
          stderr: "piped",
        }).output();
        assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
        return new TextDecoder().decode(out.stdout);
      };
      assert.match(
        await run(),
        /Available mixer controls:\n {2}'Master'\n {2}'Capture'/,
      );
      const shown = await run("Master", "42");
      assert.match(shown, /Channel 0 volume: 42%/);
      assert.ok(
        channelValues(await amixer("get", "Master"), "Playback").every((c) =>
          c.percent === 42
        ),
      );
      await run("Master", "mute");
      assert.ok(
        channelValues(await amixer("get", "Master"), "Playback").every((c) =>
          !c.on
        ),
      );
      assert.match(await run("Master"), /Channel 0 is muted/);
    });
  },
);
