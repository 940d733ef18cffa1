/**
 * Call generators for `./oss` through PulseAudio's OSS emulation: `/dev/dsp`
 * and `/dev/mixer` (the run's private sink), a plain file and a missing path
 * in the run's temp dir. Every mixer write is followed by restoring the
 * volumes and record source seen at the start of the run.
 *
 * @module
 */
import * as oss from "../../oss.ts";
import type { Rng } from "./prng.ts";
import { type Action, type Call, type Ctx, slot, strNames } from "./context.ts";
import { type Arg, bad, good, num, samples, str } from "./values.ts";

function dspPath(ctx: Ctx, r: Rng): Arg {
  return str(r, ["/dev/dsp"], [
    `${ctx.tmp}/no_such_dsp`,
    `${ctx.tmp}/plain_file`,
  ], { p: 0.15 });
}

function newDsp(ctx: Ctx, r: Rng): Call | null {
  const i = slot(r);
  const existing = ctx.pools.get("dsp", i);
  if (existing && r.chance(0.8)) {
    const d = existing.obj as oss.OSSAudioDevice;
    return {
      src: `dsp[${i}].close()`,
      names: ["close", "OSSAudioDevice"],
      bad: false,
      run: () => d.close(),
    };
  }
  const mode = str(r, ["w", "w", "r", "rw"], ["x", "wb", "rw+"], { p: 0.15 });
  const positional = r.chance(0.25);
  const path = dspPath(ctx, r);
  const keep = (d: unknown) => ctx.pools.put("dsp", i, d, { mode: mode.v });
  if (positional) {
    // open(mode): the device comes from AUDIODEV, else /dev/dsp
    return {
      src: `dsp[${i}] = open(${mode.src})`,
      names: ["open", "mode", ...strNames(mode.v)],
      bad: mode.bad,
      run: () => oss.open(mode.v as string),
      done: keep,
    };
  }
  return {
    src: `dsp[${i}] = open(${path.src}, ${mode.src})`,
    names: ["open", "mode", "device", ...strNames(path.v, mode.v)],
    bad: mode.bad || path.bad,
    run: () => oss.open(path.v as string, mode.v as string),
    done: keep,
  };
}

function dspMethod(ctx: Ctx, r: Rng): Call | null {
  const i = slot(r);
  const s = ctx.pools.get("dsp", i);
  if (!s) return null;
  const d = s.obj as oss.OSSAudioDevice;
  const name = `dsp[${i}]`;
  const call = (
    f: string,
    args: Arg[],
    run: () => unknown,
    extra: string[] = [],
  ): Call => ({
    src: `${name}.${f}(${args.map((a) => a.src).join(", ")})`,
    names: [
      f,
      "OSSAudioDevice",
      "OSS device",
      ...extra,
      ...strNames(d.name, ...args.map((a) => a.v)),
    ],
    bad: args.some((a) => a.bad),
    run,
  });
  const fmt = (r: Rng) =>
    num(r, [oss.AFMT_S16_LE, oss.AFMT_U8], {
      int: true,
      min: 0,
      max: 0x7fffffff,
      p: 0.2,
    });
  const ch = (r: Rng) => num(r, [1, 2], { int: true, min: 1, max: 32, p: 0.2 });
  const rate = (r: Rng) =>
    num(r, [8000, 44100, 48000], { int: true, min: 1000, max: 384000, p: 0.2 });
  const which = r.weighted(
    [
      "query",
      "setfmt",
      "channels",
      "speed",
      "setparameters",
      "writeSync",
      "write",
      "writeall",
      "read",
      "readSync",
      "sync",
      "reset",
      "post",
      "nonblock",
      "close",
      "dispose",
    ] as const,
    (w) =>
      ({
        query: 3,
        setfmt: 1,
        channels: 1,
        speed: 1,
        setparameters: 2,
        writeSync: 2,
        write: 3,
        writeall: 3,
        read: 1.5,
        readSync: 0.7,
        sync: 1.5,
        reset: 1,
        post: 0.7,
        nonblock: 0.5,
        close: 1,
        dispose: 0.3,
      })[w],
  );
  // At most 50 ms of 48 kHz stereo 16-bit audio, whatever the rate set.
  const bytes = r.int(0, 9600);
  switch (which) {
    case "query": {
      const f = r.pick(
        [
          "fileno",
          "getfmts",
          "bufsize",
          "obufcount",
          "obuffree",
          "getptr",
        ] as const,
      );
      return call(f, [], () => d[f]());
    }
    case "setfmt": {
      const a = fmt(r);
      return call("setfmt", [a], () => d.setfmt(a.v as number), ["format"]);
    }
    case "channels": {
      const a = ch(r);
      return call("channels", [a], () => d.channels(a.v as number), [
        "nchannels",
      ]);
    }
    case "speed": {
      const a = rate(r);
      return call("speed", [a], () => d.speed(a.v as number), ["rate"]);
    }
    case "setparameters": {
      const a = fmt(r), b = ch(r), c = rate(r);
      const st = r.chance(0.8) ? good(r.chance(0.5)) : bad("yes");
      return call(
        "setparameters",
        [a, b, c, st],
        () =>
          d.setparameters(
            a.v as number,
            b.v as number,
            c.v as number,
            st.v as boolean,
          ),
        ["format", "nchannels", "rate", "strict"],
      );
    }
    case "writeSync":
    case "write":
    case "writeall": {
      const data = samples(r, bytes >> 1, {});
      return call(which, [data], () => d[which](data.v as Uint8Array), [
        "data",
      ]);
    }
    case "read":
    case "readSync": {
      const n = num(r, [bytes, 0], { int: true, min: 0, max: 1 << 20 });
      if (
        typeof n.v === "number" && Number.isInteger(n.v) && n.v > 9600 &&
        n.v < 1e15
      ) {
        n.v = 9600;
        n.bad = false;
      }
      if (typeof n.v === "number") n.src = String(n.v);
      if (typeof n.v === "bigint") n.src = `${n.v}n`;
      if (typeof n.v === "symbol") n.src = `Symbol("fuzz")`;
      if (typeof n.v === "string") n.src = JSON.stringify(n.v);
      return call(which, [n], () => d[which](n.v as number), ["size"]);
    }
    case "sync":
    case "reset":
    case "post":
    case "nonblock":
    case "close":
      return call(which, [], () => d[which]());
    default:
      return {
        src: `${name}[Symbol.dispose]()`,
        names: ["dispose", "close", "OSSAudioDevice"],
        bad: false,
        run: () => d[Symbol.dispose](),
      };
  }
}

function restoreOssMixer(ctx: Ctx, m: oss.OSSMixerDevice): void {
  for (const [control, vol] of ctx.ossVolumes) {
    try {
      m.set(control, vol);
    } catch { /* closed or refused: the run's own mixer restores at the end */ }
  }
  if (ctx.ossRecsrc !== null) {
    try {
      m.setRecsrc(ctx.ossRecsrc);
    } catch { /* as above */ }
  }
}

function mixerCall(ctx: Ctx, r: Rng): Call | null {
  const i = slot(r);
  const s = ctx.pools.get("ossmixer", i);
  if (!s || r.chance(0.1)) {
    if (s && r.chance(0.7)) {
      const m = s.obj as oss.OSSMixerDevice;
      return {
        src: `ossmixer[${i}].close()`,
        names: ["close", "OSSMixerDevice"],
        bad: false,
        run: () => m.close(),
      };
    }
    const p = r.chance(0.3)
      ? good(undefined, "")
      : str(r, ["/dev/mixer"], [`${ctx.tmp}/no_such_mixer`], { p: 0.15 });
    return {
      src: `ossmixer[${i}] = openMixer(${p.src})`,
      names: ["openMixer", "device", ...strNames(p.v)],
      bad: p.bad,
      run: () => oss.openMixer(p.v as string),
      done: (m) => ctx.pools.put("ossmixer", i, m),
    };
  }
  const m = s.obj as oss.OSSMixerDevice;
  const name = `ossmixer[${i}]`;
  const dev = strNames(m.name);
  const control = (r: Rng) =>
    num(r, [oss.SOUND_MIXER_VOLUME, oss.SOUND_MIXER_PCM], {
      int: true,
      min: 0,
      max: oss.SOUND_MIXER_NRDEVICES - 1,
      p: 0.25,
    });
  switch (r.int(0, 6)) {
    case 0: {
      const f = r.pick(
        [
          "fileno",
          "controls",
          "stereocontrols",
          "reccontrols",
          "getRecsrc",
        ] as const,
      );
      return {
        src: `${name}.${f}()`,
        names: [...dev, "OSS device", f, "OSSMixerDevice"],
        bad: false,
        run: () => m[f](),
      };
    }
    case 1:
    case 2: {
      const c = control(r);
      return {
        src: `${name}.get(${c.src})`,
        names: [...dev, "OSS device", "get", "OSSMixerDevice", "control"],
        bad: c.bad,
        run: () => m.get(c.v as number),
      };
    }
    case 3:
    case 4: {
      const c = control(r);
      const v: Arg = r.chance(0.7)
        ? good([r.int(0, 100), r.int(0, 100)])
        : r.pick([
          bad([101, 0]),
          bad([-1, 5]),
          bad([50]),
          bad(50),
          bad(["a", "b"]),
          bad([NaN, 1]),
          bad([]),
          bad([10n, 1n]),
        ]);
      return {
        src: `${name}.set(${c.src}, ${v.src})`,
        names: [
          ...dev,
          "OSS device",
          "set",
          "OSSMixerDevice",
          "control",
          "volume",
          "left",
          "right",
        ],
        bad: c.bad || v.bad,
        run: () => {
          try {
            return m.set(c.v as number, v.v as [number, number]);
          } finally {
            restoreOssMixer(ctx, m);
          }
        },
      };
    }
    case 5: {
      const b = num(r, [0, 1 << oss.SOUND_MIXER_MIC], {
        int: true,
        min: 0,
        max: 0x7fffffff,
      });
      return {
        src: `${name}.setRecsrc(${b.src})`,
        names: [...dev, "OSS device", "setRecsrc", "OSSMixerDevice", "bitmask"],
        bad: b.bad,
        run: () => {
          try {
            return m.setRecsrc(b.v as number);
          } finally {
            restoreOssMixer(ctx, m);
          }
        },
      };
    }
    default: {
      // Plain array reads: a hostile key would only exercise JavaScript's
      // own property-key conversion (a detached typed array as key throws
      // from %TypedArray%.prototype.join), not this library.
      const c = r.int(-2, 30);
      return {
        src: `controlLabels[${c}]`,
        names: ["controlLabels"],
        bad: false,
        run: () => [oss.controlLabels[c], oss.controlNames[c]],
      };
    }
  }
}

/** The `./oss` entry point's actions. */
export const ossActions: Action[] = [
  { name: "oss.open", weight: 1.5, make: newDsp },
  { name: "oss.dsp", weight: 5, make: dspMethod },
  { name: "oss.mixer", weight: 2, make: mixerCall },
];
