// deno-lint-ignore-file no-console no-explicit-any
/**
 * Mixer against `amixer -D fixture` on a virtual card with real dB scales,
 * a joined and a per-channel control, capture switches and an enumerated
 * control (tests/fixtures/ctl_card, an ALSA external control plugin built
 * with cc during the run). Needs no sound server.
 *
 * ALSA reads `.asoundrc` once per process, so the cases run in a child
 * `deno test` whose HOME is the card's folder; the outer test builds the
 * card, runs them and fails when any fails.
 *
 * Run: deno test -A tests/mixer_fixture_test.ts
 */

import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import {
  AlsaError,
  AlsaRangeError,
  AlsaTypeError,
  Mixer,
  type MixerEvent,
  mixers,
  PCM_CAPTURE,
  PCM_PLAYBACK,
  type PcmType,
  rawToPercent,
} from "../mixer/mod.ts";
import { buildFixtureCard } from "./fixtures/ctl_card/card.ts";

const CHILD_VAR = "AUDIODEV_CTL_FIXTURE_HOME";
const childHome = Deno.env.get(CHILD_VAR);

if (childHome === undefined) {
  Deno.test("Mixer on the fixture card agrees with amixer (dB, enum, joined, switches, events)", async () => {
    const card = await buildFixtureCard();
    try {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["test", "-A", "--no-check", new URL(import.meta.url).pathname],
        env: { HOME: card.home, [CHILD_VAR]: card.home, NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout) +
        new TextDecoder().decode(out.stderr);
      console.log(
        text.split("\n").filter((l) => / \.\.\. (ok|FAILED)/.test(l)).join(
          "\n",
        ),
      );
      assert.equal(out.code, 0, text);
      assert.match(text, /ok \| 11 passed \| 0 failed/, text);
    } finally {
      await card.remove();
    }
  });
} else {
  defineCases(childHome);
}

interface Channel {
  name: string;
  raw: number;
  dB: number | null;
  on: boolean | null;
}
interface Control {
  caps: string[];
  limits: [number, number] | null;
  channels: Channel[];
  item: string | null;
  text: string;
}

function defineCases(home: string): void {
  const amixer = async (...args: string[]): Promise<string> => {
    const out = await new Deno.Command("amixer", {
      args: ["-D", "fixture", ...args],
      env: { HOME: home },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    if (!out.success) {
      throw new Error(
        `amixer ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`,
      );
    }
    return text;
  };
  const sget = async (control: string): Promise<Control> => {
    const text = await amixer("sget", control);
    const caps = /Capabilities: (.*)/.exec(text)?.[1].trim().split(/\s+/) ?? [];
    const lim = /Limits: (?:Playback |Capture )?(-?\d+) - (-?\d+)/.exec(text);
    const channels: Channel[] = [];
    const re =
      /^\s+(Front Left|Front Right|Mono): (?:Playback|Capture) (-?\d+) \[\d+%\](?: \[(-?[\d.]+)dB\])?(?: \[(on|off)\])?/gm;
    for (const m of text.matchAll(re)) {
      channels.push({
        name: m[1],
        raw: +m[2],
        dB: m[3] === undefined ? null : Math.round(+m[3] * 100),
        on: m[4] === undefined ? null : m[4] === "on",
      });
    }
    const item = /Item0: '(.*)'/.exec(text)?.[1] ?? null;
    return {
      caps,
      limits: lim ? [+lim[1], +lim[2]] : null,
      channels,
      item,
      text,
    };
  };
  const open = (control: string): Mixer =>
    new Mixer({ control, device: "fixture" });
  const raws = (c: Control): number[] => c.channels.map((ch) => ch.raw);
  const dbs = (c: Control): (number | null)[] => c.channels.map((ch) => ch.dB);

  Deno.test("mixers() and volumecap()/switchcap() say what amixer says", async () => {
    const want = [...(await amixer("scontrols")).matchAll(/'(.*)',\d+/g)].map((
      m,
    ) => m[1]);
    assert.deepEqual(want, ["Master", "PCM", "Capture", "Channel Mode"]);
    assert.deepEqual(mixers({ device: "fixture" }), want);
    assert.deepEqual(mixers(-1, "fixture"), want);
    const names: Record<string, string> = {
      pvolume: "Playback Volume",
      "pvolume-joined": "Joined Playback Volume",
      cvolume: "Capture Volume",
      pswitch: "Playback Mute",
      cswitch: "Capture Mute",
    };
    for (const control of want) {
      const a = await sget(control);
      using m = open(control);
      const theirs = a.caps.filter((c) => c !== "enum").map((c) => names[c])
        .sort();
      assert.deepEqual(
        [...m.volumecap(), ...m.switchcap()].sort(),
        theirs,
        control,
      );
    }
  });

  Deno.test("getrange() in dB is the card's dB scale; raw is amixer's Limits", async () => {
    const want: [string, PcmType, [number, number], [number, number]][] = [
      ["Master", PCM_PLAYBACK, [0, 64], [-6400, 0]],
      ["PCM", PCM_PLAYBACK, [0, 80], [-4000, 0]],
      ["Capture", PCM_CAPTURE, [0, 31], [-1200, 1125]],
    ];
    for (const [control, dir, raw, db] of want) {
      using m = open(control);
      assert.deepEqual((await sget(control)).limits, raw);
      assert.deepEqual(m.getrange(dir, "raw"), raw, control);
      assert.deepEqual(m.getrange({ units: "dB" }), db, control);
      assert.deepEqual(m.getrange(dir, "percent"), [0, 100]);
      // the ends of the scale, as amixer prints them
      for (const [i, end] of raw.entries()) {
        await amixer("-q", "sset", control, String(end));
        const a = await sget(control);
        assert.deepEqual(
          dbs(a),
          a.channels.map(() => db[i]),
          `${control} at ${end}`,
        );
      }
    }
  });

  Deno.test("getvolume() in dB equals amixer's dB for values amixer sets, channel by channel", async () => {
    using m = open("Master");
    using p = open("PCM");
    using c = open("Capture");
    for (const [l, r] of [[0, 64], [17, 33], [64, 1]]) {
      await amixer("-q", "sset", "Master", `${l},${r}`);
      const a = await sget("Master");
      assert.deepEqual(m.getvolume(PCM_PLAYBACK, "raw"), [l, r]);
      assert.deepEqual(m.getvolume(undefined, "dB"), dbs(a));
      assert.deepEqual(m.getvolume(undefined, "dB"), [
        l * 100 - 6400,
        r * 100 - 6400,
      ]);
    }
    await amixer("-q", "sset", "PCM", "33");
    assert.deepEqual(p.getvolume(undefined, "dB"), dbs(await sget("PCM")));
    assert.deepEqual(p.getvolume(undefined, "dB"), [33 * 50 - 4000]);
    await amixer("-q", "sset", "Capture", "5,30");
    assert.deepEqual(
      c.getvolume(PCM_CAPTURE, "dB"),
      dbs(await sget("Capture")),
    );
    assert.deepEqual(c.getvolume({ units: "dB" }), [
      5 * 75 - 1200,
      30 * 75 - 1200,
    ]);
  });

  Deno.test("setvolume() in dB reaches amixer: exact steps land exactly, one channel alone, joined and capture", async () => {
    using m = open("Master");
    m.setvolume(-3000, { units: "dB" });
    let a = await sget("Master");
    assert.deepEqual(raws(a), [34, 34]);
    assert.deepEqual(dbs(a), [-3000, -3000]);
    m.setvolume(-1200, 1, PCM_PLAYBACK, "dB");
    a = await sget("Master");
    assert.deepEqual(raws(a), [34, 52], "only channel 1 changed");
    assert.deepEqual(m.getvolume(undefined, "dB"), dbs(a));
    // between two steps ALSA picks a neighbour
    m.setvolume(-2050, 0, undefined, "dB");
    a = await sget("Master");
    assert.ok(
      Math.abs(a.channels[0].dB! + 2050) <= 100,
      `-20.50 dB set as ${a.channels[0].dB}`,
    );
    assert.deepEqual(m.getvolume(undefined, "dB"), dbs(a));
    // beyond the scale: clamped to its end, as ALSA does
    m.setvolume(500, { units: "dB" });
    assert.deepEqual(raws(await sget("Master")), [64, 64]);
    using p = open("PCM");
    p.setvolume(-1500, { units: "dB" });
    assert.deepEqual(raws(await sget("PCM")), [50]);
    assert.throws(
      () => p.setvolume(-1500, 1, PCM_PLAYBACK, "dB"),
      (e) =>
        e instanceof AlsaRangeError && e instanceof AlsaError &&
        e instanceof RangeError &&
        /no playback channel 1; its channels: 0/.test(e.message),
    );
    using c = open("Capture");
    c.setvolume(750, { pcmtype: PCM_CAPTURE, units: "dB" });
    a = await sget("Capture");
    assert.deepEqual(raws(a), [26, 26]);
    assert.deepEqual(dbs(a), [750, 750]);
    // percent stays linear in raw units, as pyalsaaudio computes it
    m.setvolume(50);
    assert.deepEqual(raws(await sget("Master")), [32, 32]);
  });

  Deno.test("getenum()/setenum() agree with amixer's Items and Item0", async () => {
    using e = open("Channel Mode");
    await amixer("-q", "sset", "Channel Mode", "Stereo");
    assert.deepEqual(e.getenum(), ["Stereo", ["Stereo", "Mono", "Swap"]]);
    e.setenum(2);
    assert.equal((await sget("Channel Mode")).item, "Swap");
    assert.deepEqual(e.getenum(), ["Swap", ["Stereo", "Mono", "Swap"]]);
    await amixer("-q", "sset", "Channel Mode", "Mono");
    assert.equal(e.getenum()[0], "Mono");
    assert.throws(
      () => e.setenum(3),
      (err) =>
        err instanceof AlsaRangeError && err instanceof AlsaError &&
        err.message.includes("Enum index out of range 0 <= 3 < 3"),
    );
    assert.throws(
      () => e.setenum(1.5),
      (err) => err instanceof AlsaTypeError && err instanceof AlsaError,
    );
    assert.equal(
      (await sget("Channel Mode")).item,
      "Mono",
      "refused calls changed nothing",
    );
    // an enumerated control has no volume: [] as in pyalsaaudio 0.11
    assert.deepEqual(e.getvolume(), []);
    assert.deepEqual(e.volumecap(), []);
    assert.throws(
      () => e.getrange(PCM_PLAYBACK, "dB"),
      /has no playback volume/,
    );
    using m = open("Master");
    assert.deepEqual(m.getenum(), []);
  });

  Deno.test("capture and playback switches per channel agree with amixer's [on]/[off]", async () => {
    using c = open("Capture");
    c.setrec(true);
    c.setrec(false, 1);
    let a = await sget("Capture");
    assert.deepEqual(a.channels.map((ch) => ch.on), [true, false]);
    assert.deepEqual(c.getrec(), [1, 0]);
    await amixer("-q", "sset", "Capture", "cap");
    assert.deepEqual(c.getrec(), [1, 1]);
    assert.throws(() => c.getmute(), /has no playback switch/);
    using m = open("Master");
    m.setmute(true, 0);
    a = await sget("Master");
    assert.deepEqual(a.channels.map((ch) => ch.on), [false, true]);
    assert.deepEqual(m.getmute(), [1, 0]);
    m.setmute(false);
    assert.deepEqual(m.getmute(), [0, 0]);
    assert.throws(() => m.getrec(), /has no capture switch/);
    assert.throws(
      () => m.setmute(true, 2),
      (e) => e instanceof AlsaRangeError && e instanceof AlsaError,
    );
    assert.throws(
      () => m.setmute("yes" as any),
      (e) => e instanceof AlsaTypeError,
    );
    assert.throws(
      () => m.setmute(1e300),
      (e) =>
        e instanceof AlsaTypeError &&
        /flag must be a boolean or an integer/.test(e.message),
    );
    assert.deepEqual(m.getmute(), [0, 0], "refused calls changed nothing");
  });

  Deno.test("a direction a control has no volume for reads as [] (pyalsaaudio 0.11)", () => {
    using c = open("Capture");
    assert.deepEqual(c.getvolume(PCM_PLAYBACK), []);
    assert.deepEqual(c.getvolume("playback", "dB"), []);
    using p = open("PCM");
    assert.deepEqual(p.getvolume(PCM_CAPTURE), []);
    assert.ok(p.getvolume().length === 1);
  });

  Deno.test("bad arguments are AlsaTypeError/AlsaRangeError that also pass instanceof AlsaError, checked before ALSA", async () => {
    using m = open("Master");
    const before = raws(await sget("Master"));
    const cases: [
      () => unknown,
      typeof TypeError | typeof RangeError,
      RegExp,
    ][] = [
      [() => m.setvolume(101), RangeError, /Volume out of range/],
      [
        () => m.setvolume(65, -1, PCM_PLAYBACK, "raw"),
        RangeError,
        /raw volume must be 0-64, got 65/,
      ],
      [
        () => m.setvolume(10.5),
        TypeError,
        /volume must be an integer, got 10\.5/,
      ],
      [
        () => m.setvolume(10, 0, PCM_PLAYBACK, "bels" as any),
        TypeError,
        /Invalid volume units/,
      ],
      [() => m.getvolume("sideways" as any), TypeError, /pcmtype must be/],
      [
        () => m.setvolume(10, "1" as any),
        TypeError,
        /channel must be an integer/,
      ],
      [
        () => new Mixer("Mas\0ter", 0, -1, "fixture"),
        TypeError,
        /embedded null byte/,
      ],
      [
        () => new Mixer("Master", 0, -1, "fix\0ture"),
        TypeError,
        /embedded null byte/,
      ],
      [() => mixers(-1, "fix\0ture"), TypeError, /embedded null byte/],
      [() => new Mixer("Master", 0, 32), RangeError, /Invalid card number 32/],
      [
        () => new Mixer("Master", "0" as any),
        TypeError,
        /id must be an integer/,
      ],
    ];
    for (const [call, kind, re] of cases) {
      assert.throws(call, (e: unknown) => {
        assert.ok(e instanceof kind, String(e));
        assert.ok(e instanceof AlsaError, `${e} passes instanceof AlsaError`);
        assert.match((e as Error).message, re);
        return true;
      });
    }
    // a misspelt option is a plain TypeError, as Python's keyword error is
    assert.throws(
      () => m.getvolume({ unit: "dB" } as any),
      (e: unknown) =>
        e instanceof TypeError &&
        /unknown option "unit" \(did you mean "units"\?\)/.test(e.message),
    );
    assert.throws(
      () => new Mixer({ control: "Master", devcie: "fixture" } as any),
      (e: unknown) =>
        e instanceof TypeError && /did you mean "device"/.test(e.message),
    );
    // an argument after the options object would be ignored: refused
    assert.throws(
      () => m.getrange({}, NaN as any),
      (e: unknown) =>
        e instanceof AlsaTypeError && /units given both/.test(String(e)),
    );
    assert.throws(
      () => m.setvolume(10, { channel: 0 }, "capture"),
      (e: unknown) =>
        e instanceof AlsaTypeError && /pcmtype given both/.test(String(e)),
    );
    assert.deepEqual(raws(await sget("Master")), before, "nothing changed");
    // -0 is 0 (the FFI refused negative zero for unsigned parameters)
    using z = new Mixer({ control: "Master", id: -0, device: "fixture" });
    z.setvolume(7, -0, PCM_PLAYBACK, "raw");
    assert.deepEqual(raws(await sget("Master")), [7, before[1]]);
  });

  Deno.test("events() yields amixer's volume and enum changes on the card", async () => {
    using m = open("Master");
    using e = open("Channel Mode");
    await amixer("-q", "sset", "Master", "1,2");
    await amixer("-q", "sset", "Channel Mode", "Stereo");
    const seen: MixerEvent[] = [];
    const enums: MixerEvent[] = [];
    const stop = [m.events(), e.events()];
    const runs = [
      (async () => {
        for await (const ev of stop[0]) seen.push(ev);
      })(),
      (async () => {
        for await (const ev of stop[1]) enums.push(ev);
      })(),
    ];
    await new Promise((r) => setTimeout(r, 150));
    await amixer("-q", "sset", "Master", "40,41");
    await amixer("-q", "sset", "Channel Mode", "Swap");
    const until = performance.now() + 3000;
    const got = (): boolean =>
      seen.some((ev) => isDeepStrictEqual(ev.playbackVolume, [40, 41])) &&
      enums.some((ev) => ev.enumItem === "Swap");
    while (!got() && performance.now() < until) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await m.close();
    await e.close();
    await Promise.all(runs);
    assert.ok(got(), `events: ${JSON.stringify({ seen, enums })}`);
    const last = seen.at(-1)!;
    assert.deepEqual(last.volume, [
      rawToPercent(0, 64, 40),
      rawToPercent(0, 64, 41),
    ]);
  });

  Deno.test("examples/mixertest.ts lists the cards first and shows dB and enum controls of the card", async () => {
    const example =
      new URL("../examples/mixertest.ts", import.meta.url).pathname;
    const run = async (...args: string[]): Promise<string> => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", example, "-d", "fixture", ...args],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      return new TextDecoder().decode(out.stdout);
    };
    await amixer("-q", "sset", "Master", "10,20");
    const master = await run("Master");
    assert.match(master, /^Available sound cards:\n/);
    assert.match(master, /dB playback volume range -64-0/);
    assert.match(master, /Channel 0 volume: 16% \(-54\.0 dB\)/);
    assert.match(master, /Channel 1 volume: 31% \(-44\.0 dB\)/);
    await amixer("-q", "sset", "Channel Mode", "Mono");
    const mode = await run("Channel Mode");
    assert.match(mode, /Item: 'Mono' of 'Stereo' 'Mono' 'Swap'/);
    assert.doesNotMatch(mode, /volume:/);
    assert.deepEqual(
      [...(await run()).matchAll(/^ {2}'(.*)'$/gm)].map((m) => m[1]),
      ["Master", "PCM", "Capture", "Channel Mode"],
    );
  });

  Deno.test("events(): return() during a pending next() ends both at once, and nothing keeps the program alive", async () => {
    using m = open("Master");
    const it = m.events();
    const pending = it.next();
    await new Promise((r) => setTimeout(r, 150)); // waiting in poll
    const t0 = performance.now();
    const timeout = new Promise((r) => setTimeout(() => r("stalled"), 2000));
    const ended = await Promise.race([it.return!(), timeout]);
    const next = await Promise.race([pending, timeout]);
    const ms = performance.now() - t0;
    assert.deepEqual(ended, { value: undefined, done: true });
    assert.deepEqual(next, { value: undefined, done: true });
    assert.ok(ms < 200, `return() took ${ms} ms`);
    assert.deepEqual(await it.next(), { value: undefined, done: true });
    // a program that leaves its loop with break and never closes the mixer exits
    const mod = new URL("../mixer/mod.ts", import.meta.url).href;
    const t1 = performance.now();
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "eval",
        `import { Mixer } from ${JSON.stringify(mod)};
const m = new Mixer({ control: "Master", device: "fixture" });
setTimeout(() => new Deno.Command("amixer", { args: ["-q", "-D", "fixture", "sset", "Master", "3,4"] }).outputSync(), 200);
for await (const ev of m.events()) { console.log(JSON.stringify(ev.playbackVolume)); break; }`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const exitMs = performance.now() - t1;
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.match(new TextDecoder().decode(out.stdout), /\[3,4\]/);
    assert.ok(exitMs < 5000, `the program exited after ${exitMs} ms`);
  });
}
