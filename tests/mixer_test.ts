// deno-lint-ignore-file no-console
/**
 * Mixer against `amixer` on the virtual device's PulseAudio mixer
 * (`Master`: playback volume and switch; `Capture`: capture volume and
 * switch). Every test restores the volumes and switches it changed.
 *
 * Run: XDG_RUNTIME_DIR=/tmp/audiodev-xdg deno test -A tests/mixer_test.ts -- --hardware
 */

import assert from "node:assert/strict";
import process from "node:process";
import { isDeepStrictEqual } from "node:util";
import {
  AlsaError,
  Mixer,
  mixers,
  PCM_CAPTURE,
  PCM_PLAYBACK,
  VOLUME_UNITS_RAW,
} from "../mixer/mod.ts";
import { hwTest } from "./_hw.ts";

interface AmixerChannel {
  name: string;
  raw: number;
  percent: number;
  dB: number | null;
  on: boolean | null;
}
interface AmixerControl {
  caps: string[];
  limits: [number, number] | null;
  channels: AmixerChannel[];
  text: string;
}

async function amixer(...args: string[]): Promise<string> {
  const out = await new Deno.Command("amixer", {
    args,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(
      `amixer ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return text;
}

async function sget(control: string): Promise<AmixerControl> {
  const text = await amixer("sget", control);
  const caps = /Capabilities: (.*)/.exec(text)?.[1].trim().split(/\s+/) ?? [];
  const lim = /Limits: (?:Playback |Capture )?(-?\d+) - (-?\d+)/.exec(text);
  const channels: AmixerChannel[] = [];
  const re =
    /^\s+([A-Za-z ]+): (?:Playback|Capture) (-?\d+) \[(\d+)%\](?: \[(-?[\d.]+)dB\])?(?: \[(on|off)\])?/gm;
  for (const m of text.matchAll(re)) {
    channels.push({
      name: m[1],
      raw: +m[2],
      percent: +m[3],
      dB: m[4] === undefined ? null : +m[4],
      on: m[5] === undefined ? null : m[5] === "on",
    });
  }
  return { caps, limits: lim ? [+lim[1], +lim[2]] : null, channels, text };
}

/**
 * A change made by another program (amixer) reaches an open mixer as a
 * PulseAudio event a moment after that program exits, not at once: reads
 * `read()` until it equals `want` or `ms` pass, and returns the last value
 * read (the caller asserts on it, so a change that never arrives fails).
 */
async function settled<T>(read: () => T, want: T, ms = 3000): Promise<T> {
  const deadline = performance.now() + ms;
  let got = read();
  while (!isDeepStrictEqual(got, want) && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5));
    got = read();
  }
  return got;
}

/** Runs `fn`, then puts Master and Capture back as they were. */
async function restoring(fn: () => Promise<void>): Promise<void> {
  const saved = [await sget("Master"), await sget("Capture")];
  try {
    await fn();
  } finally {
    for (
      const [name, s] of [["Master", saved[0]], ["Capture", saved[1]]] as const
    ) {
      await amixer(
        "-q",
        "sset",
        name,
        s.channels.map((c) => c.raw).join(","),
        s.channels[0].on ? "on" : "off",
      );
    }
  }
}

const raws = (c: AmixerControl): number[] => c.channels.map((ch) => ch.raw);

hwTest("mixers() lists the controls `amixer scontrols` lists", async () => {
  const want = [...(await amixer("scontrols")).matchAll(/'(.*)',\d+/g)].map((
    m,
  ) => m[1]);
  assert.ok(want.length >= 2, "amixer lists Master and Capture");
  assert.deepEqual(mixers(), want);
  assert.deepEqual(mixers(-1, "default"), want);
  assert.deepEqual(mixers(-1, "pulse"), want);
});

hwTest(
  "volumecap()/switchcap() say what amixer's Capabilities line says",
  async () => {
    const names: Record<string, string> = {
      volume: "Volume",
      "volume-joined": "Joined Volume",
      pvolume: "Playback Volume",
      "pvolume-joined": "Joined Playback Volume",
      cvolume: "Capture Volume",
      "cvolume-joined": "Joined Capture Volume",
      switch: "Mute",
      "switch-joined": "Joined Mute",
      pswitch: "Playback Mute",
      "pswitch-joined": "Joined Playback Mute",
      cswitch: "Capture Mute",
      "cswitch-joined": "Joined Capture Mute",
      "cswitch-exclusive": "Capture Exclusive",
    };
    for (const control of ["Master", "Capture"]) {
      const a = await sget(control);
      using m = new Mixer(control);
      const ours = [...m.volumecap(), ...m.switchcap()].sort();
      const theirs = a.caps.filter((c) => c in names).map((c) => names[c])
        .sort();
      assert.deepEqual(ours, theirs, control);
      assert.equal(m.mixer(), control);
      assert.equal(m.mixerid(), 0);
      assert.equal(m.cardname(), "default");
    }
  },
);

hwTest(
  "getrange() in raw units equals amixer's Limits; in dB it agrees with amixer on the dB scale",
  async () => {
    for (
      const [control, dir] of [["Master", PCM_PLAYBACK], [
        "Capture",
        PCM_CAPTURE,
      ]] as const
    ) {
      const a = await sget(control);
      using m = new Mixer(control);
      assert.deepEqual(m.getrange(), a.limits, control);
      assert.deepEqual(m.getrange(dir, "raw"), a.limits, control);
      assert.deepEqual(m.getrange({ pcmtype: dir, units: "percent" }), [
        0,
        100,
      ]);
      const amixerHasDb = a.channels.some((c) => c.dB !== null);
      if (amixerHasDb) {
        const [lo, hi] = m.getrange(dir, "dB");
        const db = m.getvolume(dir, "dB");
        a.channels.forEach((c, i) => {
          assert.equal(db[i] / 100, c.dB);
          assert.ok(db[i] >= lo && db[i] <= hi);
        });
      } else {
        // amixer prints no dB for these controls: ALSA has no dB scale for them.
        assert.throws(
          () => m.getrange(dir, "dB"),
          (e) => e instanceof AlsaError && e.code < 0,
        );
        assert.throws(() => m.getvolume(dir, "dB"), AlsaError);
        const before = raws(await sget(control));
        assert.throws(() => m.setvolume(-1000, -1, dir, "dB"), AlsaError);
        assert.deepEqual(raws(await sget(control)), before);
      }
    }
  },
);

hwTest(
  "setvolume() in percent reads back the same with amixer and with ours, for every 0..100",
  async () => {
    await restoring(async () => {
      using m = new Mixer("Master");
      const [min, max] = (await sget("Master")).limits!;
      for (let p = 0; p <= 100; p++) {
        m.setvolume(p);
        const a = await sget("Master");
        // pyalsaaudio's conversion rint(range * p / 100) + min (no exact halves here)
        const want = Math.round((max - min) * p * 0.01) + min;
        assert.deepEqual(
          raws(a),
          a.channels.map(() => want),
          `amixer raw at ${p}%`,
        );
        assert.deepEqual(
          m.getvolume(PCM_PLAYBACK, VOLUME_UNITS_RAW),
          raws(a),
          `raw at ${p}%`,
        );
        assert.deepEqual(
          m.getvolume(),
          a.channels.map(() => p),
          `${p}% round trip`,
        );
        assert.deepEqual(
          a.channels.map((c) => c.percent),
          a.channels.map(() => p),
          `amixer says ${p}%`,
        );
      }
    });
  },
);

hwTest(
  "a volume set with amixer reads back the same with ours, without handleevents()",
  async () => {
    await restoring(async () => {
      using m = new Mixer("Master");
      using c = new Mixer("Capture");
      for (const v of [[12345, 54321], [0, 65536], [777, 777]]) {
        await amixer("-q", "sset", "Master", v.join(","));
        await amixer("-q", "sset", "Capture", [...v].reverse().join(","));
        const a = await sget("Master");
        assert.deepEqual(
          await settled(() => m.getvolume(PCM_PLAYBACK, "raw"), v),
          v,
        );
        assert.deepEqual(m.getvolume(), a.channels.map((ch) => ch.percent));
        const rv = [...v].reverse();
        assert.deepEqual(
          await settled(() => c.getvolume(PCM_CAPTURE, "raw"), rv),
          rv,
        );
        assert.deepEqual(
          c.getvolume("capture", "raw"),
          raws(await sget("Capture")),
        );
      }
    });
  },
);

hwTest(
  "setvolume() on one channel changes only that channel; raw and capture volumes reach amixer",
  async () => {
    await restoring(async () => {
      using m = new Mixer("Master");
      m.setvolume(20000, { units: "raw" });
      m.setvolume(30, 1);
      assert.deepEqual(raws(await sget("Master")), [
        20000,
        Math.round(65536 * 0.3),
      ]);
      m.setvolume(1000, 0, "playback", "raw");
      assert.deepEqual(raws(await sget("Master")), [
        1000,
        Math.round(65536 * 0.3),
      ]);
      using c = new Mixer({ control: "Capture" });
      c.setvolume(4321, { units: VOLUME_UNITS_RAW }); // default direction: capture
      assert.deepEqual(raws(await sget("Capture")), [4321, 4321]);
      c.setvolume(50, { channel: 0, pcmtype: PCM_CAPTURE });
      assert.deepEqual(raws(await sget("Capture")), [32768, 4321]);
    });
  },
);

hwTest(
  "setmute()/getmute() and setrec()/getrec() agree with amixer's [on]/[off]",
  async () => {
    await restoring(async () => {
      using m = new Mixer("Master");
      using c = new Mixer("Capture");
      m.setmute(true);
      assert.deepEqual((await sget("Master")).channels.map((ch) => ch.on), [
        false,
        false,
      ]);
      assert.deepEqual(m.getmute(), [1, 1]);
      await amixer("-q", "sset", "Master", "unmute");
      assert.deepEqual(await settled(() => m.getmute(), [0, 0]), [0, 0]);
      c.setrec(0);
      assert.deepEqual((await sget("Capture")).channels.map((ch) => ch.on), [
        false,
        false,
      ]);
      assert.deepEqual(c.getrec(), [0, 0]);
      await amixer("-q", "sset", "Capture", "cap");
      assert.deepEqual(await settled(() => c.getrec(), [1, 1]), [1, 1]);
      c.setrec(false);
      c.setrec(true, 0); // joined switch: ALSA sets both
      assert.deepEqual((await sget("Capture")).channels.map((ch) => ch.on), [
        true,
        true,
      ]);
    });
  },
);

hwTest(
  "a change made by amixer arrives as an event; close() ends the iterator promptly",
  async () => {
    await restoring(async () => {
      const m = new Mixer("Master");
      m.setvolume(10);
      const got: { raw: number[] | null; mute: number[] | null; at: number }[] =
        [];
      const done = (async () => {
        for await (const ev of m.events()) {
          got.push({
            raw: ev.playbackVolume,
            mute: ev.mute,
            at: performance.now(),
          });
        }
      })();
      await new Promise((r) => setTimeout(r, 150));
      const t0 = performance.now();
      await amixer("-q", "sset", "Master", "23456,34567");
      const deadline = performance.now() + 3000;
      const final = (e: { raw: number[] | null }): boolean =>
        e.raw?.[0] === 23456 && e.raw?.[1] === 34567;
      // amixer sets one channel after the other: an event may show the first alone
      while (!got.some(final) && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
      }
      const ev = got.find(final);
      assert.ok(ev, `event for amixer's change (got ${JSON.stringify(got)})`);
      assert.deepEqual(ev.raw, [23456, 34567]);
      await amixer("-q", "sset", "Master", "mute");
      const deadline2 = performance.now() + 3000;
      while (
        !got.some((e) => e.mute?.[0] === 1) && performance.now() < deadline2
      ) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.ok(got.some((e) => e.mute?.[0] === 1), "mute event");
      console.log(
        `event arrived ${
          (ev.at - t0).toFixed(1)
        } ms after starting amixer (includes the amixer run)`,
      );
      const t1 = performance.now();
      const closing = m.close();
      await done;
      const ended = performance.now() - t1;
      await closing;
      const freed = performance.now() - t1;
      console.log(
        `iterator ended ${
          ended.toFixed(1)
        } ms after close(), handle freed after ${freed.toFixed(1)} ms`,
      );
      assert.ok(ended < 50, `iterator ended ${ended} ms after close()`);
      assert.ok(freed < 500, `handle freed ${freed} ms after close()`);
    });
  },
);

hwTest("an idle events() iterator does not busy-poll", async () => {
  const m = new Mixer("Master");
  const done = (async () => {
    for await (const _ of m.events()) { /* none expected */ }
  })();
  await new Promise((r) => setTimeout(r, 100));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, 1000));
  const c = process.cpuUsage(c0);
  const wall = performance.now() - t0;
  await m.close();
  await done;
  const cpuMs = (c.user + c.system) / 1000;
  console.log(
    `CPU while waiting for events: ${cpuMs.toFixed(1)} ms in ${
      wall.toFixed(0)
    } ms`,
  );
  assert.ok(cpuMs < 100, `CPU ${cpuMs} ms in 1 s idle`);
});

hwTest(
  "polldescriptors() gives open fds; handleevents() acknowledges amixer's change",
  async () => {
    await restoring(async () => {
      using m = new Mixer("Master");
      const fds = m.polldescriptors();
      assert.ok(fds.length >= 1);
      for (const [fd, events] of fds) {
        assert.ok(Deno.statSync(`/proc/self/fd/${fd}`), `fd ${fd} open`);
        assert.ok(events & 1, "POLLIN");
      }
      m.handleevents();
      await amixer("-q", "sset", "Master", "1234");
      // the change arrives as an event a moment after amixer exits
      let pending = 0;
      const until = performance.now() + 3000;
      while (pending === 0 && performance.now() < until) {
        await new Promise((r) => setTimeout(r, 5));
        pending = m.handleevents();
      }
      assert.ok(pending > 0, "the change was pending");
      assert.equal(m.handleevents(), 0, "and is acknowledged");
      assert.deepEqual(m.getvolume(undefined, "raw"), [1234, 1234]);
      assert.deepEqual(m.getenum(), [], "not an enumerated control");
    });
  },
);

hwTest(
  "errors: unknown control lists the controls; missing capabilities and closed mixers are refused",
  async () => {
    await restoring(async () => {
      assert.throws(() => new Mixer("NoSuchControl"), (e) => {
        assert.ok(e instanceof AlsaError);
        assert.match(e.message, /'NoSuchControl',0/);
        assert.match(e.message, /'Master',0/);
        assert.match(e.message, /'Capture',0/);
        return true;
      });
      assert.throws(() => new Mixer("Master", 1), /'Master',0/);
      assert.throws(
        () => new Mixer("Master", 0, -1, "no-such-device"),
        AlsaError,
      );
      assert.throws(() => mixers(-1, "no-such-device"), AlsaError);
      const before = raws(await sget("Master"));
      using m = new Mixer("Master");
      using c = new Mixer("Capture");
      // pyalsaaudio 0.11: a direction without volume reads as [] (mixertest.py relies on it)
      assert.deepEqual(m.getvolume("capture"), []);
      assert.deepEqual(m.getvolume(PCM_CAPTURE, "dB"), []);
      assert.throws(
        () => m.setvolume(10, -1, "capture"),
        /has no capture volume/,
      );
      assert.throws(() => m.getrec(), /has no capture switch/);
      assert.throws(() => c.getmute(), /has no playback switch/);
      assert.throws(() => c.setmute(true), /has no playback switch/);
      assert.deepEqual(c.getvolume(PCM_PLAYBACK), []);
      assert.deepEqual(c.getvolume({ pcmtype: "playback", units: "raw" }), []);
      assert.throws(() => m.setenum(0), /not an enumerated control/);
      assert.throws(() => m.setvolume(101), RangeError);
      assert.throws(() => m.setvolume(-1), RangeError);
      assert.throws(
        () => m.setvolume(70000, -1, "playback", "raw"),
        RangeError,
      );
      assert.throws(() => m.setvolume(10.5), TypeError);
      assert.throws(
        () => m.setvolume(10, 5),
        /no playback channel 5; its channels: 0, 1/,
      );
      // deno-lint-ignore no-explicit-any
      assert.throws(() => m.getvolume("sideways" as any), TypeError);
      // deno-lint-ignore no-explicit-any
      assert.throws(() => m.getvolume(undefined, "bels" as any), TypeError);
      assert.deepEqual(
        raws(await sget("Master")),
        before,
        "bad arguments changed nothing",
      );
      await m.close();
      await m.close(); // idempotent
      assert.equal(m.closed, true);
      for (
        const call of [
          () => m.getvolume(),
          () => m.setvolume(10),
          () => m.getmute(),
          () => m.setmute(true),
          () => m.getrange(),
          () => m.cardname(),
          () => m.mixer(),
          () => m.switchcap(),
          () => m.polldescriptors(),
          () => m.handleevents(),
          () => m.getenum(),
          () => m.unsafeHandle,
        ]
      ) {
        assert.throws(call, /Mixer is closed/);
      }
      await assert.rejects(async () => {
        for await (const _ of m.events()) { /* never */ }
      }, /Mixer is closed/);
      assert.deepEqual(raws(await sget("Master")), before);
    });
  },
);

hwTest(
  "events(): a change already handled by a read still arrives; two iterators both see it",
  async () => {
    await restoring(async () => {
      const m = new Mixer("Master");
      m.setvolume(5);
      const a: number[][] = [];
      const b: number[][] = [];
      const run = async (into: number[][]): Promise<void> => {
        for await (const ev of m.events()) into.push(ev.playbackVolume!);
      };
      const done = Promise.all([run(a), run(b)]);
      await new Promise((r) => setTimeout(r, 150));
      await amixer("-q", "sset", "Master", "11111");
      // a read handles the pending events before the iterators' wait sees them
      assert.deepEqual(
        await settled(() => m.getvolume(PCM_PLAYBACK, "raw"), [11111, 11111]),
        [11111, 11111],
      );
      const deadline = performance.now() + 3000;
      const seen = (l: number[][]): boolean =>
        l.some((v) => v[0] === 11111 && v[1] === 11111);
      while (!(seen(a) && seen(b)) && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
      }
      await m.close();
      await done;
      assert.ok(seen(a), `first iterator: ${JSON.stringify(a)}`);
      assert.ok(seen(b), `second iterator: ${JSON.stringify(b)}`);
    });
  },
);
