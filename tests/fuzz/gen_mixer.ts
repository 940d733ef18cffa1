/**
 * Call generators for `./mixer`. Mixers that may be written to are opened
 * only on the run's fixture ctl device (the private sink); mixers on the
 * shared `default` device get read-only calls.
 *
 * @module
 */
import * as mx from "../../mixer/mod.ts";
import type { Rng } from "./prng.ts";
import { type Action, type Call, type Ctx, slot, strNames } from "./context.ts";
import { type Arg, bad, bool, good, num, options, str } from "./values.ts";

const NO_CONTROLS = ["Nope", "master", "PCM"];
const NO_DEVICES = ["no_such_ctl", "hw:99"];

function units(r: Rng): Arg {
  return r.chance(0.75)
    ? good(r.pick(["percent", "raw", "dB", 0, 1, 2]))
    : r.pick([bad("db"), bad(3), bad(NaN), bad(Symbol("u")), good(undefined)]);
}

function pcmtype(r: Rng): Arg {
  return r.chance(0.75)
    ? good(r.pick(["playback", "capture", 0, 1]))
    : r.pick([bad("both"), bad(5), bad(-1), bad({}), good(undefined)]);
}

function newMixer(ctx: Ctx, r: Rng): Call | null {
  const writable = r.chance(0.7);
  const kind = writable ? "mixer" : "mixerRO";
  const i = slot(r);
  const existing = ctx.pools.get(kind, i);
  if (existing && r.chance(0.8)) {
    const m = existing.obj as mx.Mixer;
    return {
      src: `${kind}[${i}].close()`,
      names: ["close", "Mixer"],
      bad: false,
      run: () => m.close(),
    };
  }
  // Writable mixers: the fixture device, or names that open nothing.
  const dev = writable
    ? str(r, [ctx.mixerDevice], NO_DEVICES, { p: 0.2 })
    : str(r, ["default"], NO_DEVICES, { p: 0.2 });
  // An absent or empty name would mean "default" (the shared sink): never
  // for a mixer that may be written to.
  if (writable && (dev.v === undefined || dev.v === null || dev.v === "")) {
    dev.v = NO_DEVICES[0];
    dev.src = JSON.stringify(NO_DEVICES[0]);
    dev.bad = true;
  }
  const control = str(r, ["Master"], NO_CONTROLS, { p: 0.2, nullable: true });
  const id = num(r, [0], { int: true, min: 0, max: 0, p: 0.15 });
  // cardindex >= 0 opens hw:N (no cards here): the open fails.
  const card = r.chance(0.85)
    ? good(-1)
    : num(r, [3], { int: true, min: -1, max: -1, p: 0.6 });
  const positional = r.chance(0.5);
  let src: string;
  let run: () => unknown;
  let isBad = control.bad || id.bad || card.bad || dev.bad;
  const names = [
    "Mixer",
    "control",
    "id",
    "cardindex",
    "device",
    ...strNames(control.v, dev.v),
  ];
  if (positional) {
    src =
      `${kind}[${i}] = new Mixer(${control.src}, ${id.src}, ${card.src}, ${dev.src})`;
    run = () =>
      new mx.Mixer(
        control.v as string,
        id.v as number,
        card.v as number,
        dev.v as string,
      );
  } else {
    const o = options(
      r,
      {
        control: () => control,
        id: () => id,
        cardindex: () => card,
        device: () => dev,
      },
      ["device"],
      0,
    );
    isBad = o.bad;
    names.push(...o.keys);
    src = `${kind}[${i}] = new Mixer(${o.src})`;
    run = () => new mx.Mixer(o.v as mx.MixerOptions);
  }
  return {
    src,
    names,
    bad: isBad,
    run,
    done: (m) => ctx.pools.put(kind, i, m, { writable }),
  };
}

function mixerMethod(ctx: Ctx, r: Rng): Call | null {
  const kind = r.chance(0.7) ? "mixer" : "mixerRO";
  const i = slot(r);
  const s = ctx.pools.get(kind, i);
  if (!s) return null;
  const m = s.obj as mx.Mixer;
  const name = `${kind}[${i}]`;
  const writable = s.info.writable === true;
  const call = (
    f: string,
    args: Arg[],
    run: () => unknown,
    extra: string[] = [],
  ): Call => ({
    src: `${name}.${f}(${
      args.map((a) => a.src).filter((x) => x !== "").join(", ")
    })`,
    names: [f, "Mixer", ...extra, ...strNames(...args.map((a) => a.v))],
    bad: args.some((a) => a.bad),
    run,
  });
  const which = r.weighted(
    [
      "info",
      "getrange",
      "getvolume",
      "getmute",
      "getrec",
      "getenum",
      "setvolume",
      "setmute",
      "setrec",
      "setenum",
      "poll",
      "handleevents",
      "state",
      "events",
      "close",
      "dispose",
    ] as const,
    (w) =>
      ({
        info: 3,
        getrange: 2,
        getvolume: 3,
        getmute: 1.5,
        getrec: 1,
        getenum: 1,
        setvolume: writable ? 4 : 0,
        setmute: writable ? 2 : 0,
        setrec: writable ? 1 : 0,
        setenum: writable ? 1 : 0,
        poll: 1,
        handleevents: 1,
        state: 1,
        events: 1.5,
        close: 1,
        dispose: 0.3,
      })[w],
  );
  switch (which) {
    case "info": {
      const f = r.pick(
        ["cardname", "mixer", "mixerid", "switchcap", "volumecap"] as const,
      );
      return call(f, [], () => m[f]());
    }
    case "getrange":
    case "getvolume": {
      if (r.chance(0.5)) {
        const o = options(r, { pcmtype, units });
        return call(which, [o], () => m[which](o.v as mx.VolumeReadOptions), [
          "pcmtype",
          "units",
          ...o.keys,
        ]);
      }
      const t = pcmtype(r);
      const u = units(r);
      return call(
        which,
        [t, u],
        () => m[which](t.v as mx.PcmType, u.v as mx.VolumeUnits),
        ["pcmtype", "units"],
      );
    }
    case "getmute":
    case "getrec":
    case "getenum":
      return call(which, [], () => m[which]());
    case "setvolume": {
      const vol = num(r, [0, 50, 100], { min: 0, max: 100, p: 0.3 });
      if (r.chance(0.4)) {
        const o = options(r, {
          channel: (r) => num(r, [0, 1], { int: true, min: 0, max: 1 }),
          pcmtype,
          units,
        });
        return call(
          "setvolume",
          [vol, o],
          () => m.setvolume(vol.v as number, o.v as mx.VolumeWriteOptions),
          ["volume", "channel", ...o.keys],
        );
      }
      const ch = r.chance(0.5)
        ? good(mx.MIXER_CHANNEL_ALL)
        : num(r, [0, 1], { int: true, min: -1, max: 1 });
      const t = pcmtype(r);
      const u = units(r);
      return call(
        "setvolume",
        [vol, ch, t, u],
        () =>
          m.setvolume(
            vol.v as number,
            ch.v as number,
            t.v as mx.PcmType,
            u.v as mx.VolumeUnits,
          ),
        ["volume", "channel", "pcmtype", "units"],
      );
    }
    case "setmute":
    case "setrec": {
      const v = r.chance(0.7) ? good(r.pick([true, false, 0, 1])) : bool(r, 1);
      const ch = r.chance(0.6)
        ? good(mx.MIXER_CHANNEL_ALL)
        : num(r, [0, 1], { int: true, min: -1, max: 1 });
      return call(
        which,
        [v, ch],
        () => m[which](v.v as boolean, ch.v as number),
        ["mute", "capture", "channel"],
      );
    }
    case "setenum": {
      const v = num(r, [0], { int: true, min: 0 });
      return call("setenum", [v], () => m.setenum(v.v as number), [
        "index",
        "enum",
      ]);
    }
    case "poll":
      return call("polldescriptors", [], () => m.polldescriptors());
    case "handleevents":
      return call("handleevents", [], () => m.handleevents());
    case "state":
      return call("state", [], () => m.state());
    case "events": {
      const ms = r.pick([50, 200]);
      return {
        src:
          `{ const it = ${name}.events(); await Promise.race([it.next(), sleep(${ms})]); await it.return(); }`,
        names: ["events", "Mixer"],
        bad: false,
        run: async () => {
          const it = m.events();
          let timer: ReturnType<typeof setTimeout> | undefined;
          const first = it.next();
          first.catch(() => {});
          await Promise.race([
            first,
            new Promise((res) => timer = setTimeout(res, ms)),
          ]);
          clearTimeout(timer);
          await it.return?.();
          return await first.then((x) => x.done, (e) => {
            throw e;
          });
        },
      };
    }
    case "close":
      return call("close", [], () => m.close());
    default:
      return {
        src: `${name}[Symbol.dispose]()`,
        names: ["dispose", "close", "Mixer"],
        bad: false,
        run: () => m[Symbol.dispose](),
      };
  }
}

function mixerFunctions(ctx: Ctx, r: Rng): Call | null {
  switch (r.int(0, 4)) {
    case 0: {
      const card = r.chance(0.8)
        ? good(-1)
        : num(r, [7], { int: true, min: -1, max: -1, p: 0.7 });
      const dev = str(r, ["default", ctx.mixerDevice], NO_DEVICES, {
        p: 0.2,
        nullable: true,
      });
      return {
        src: `mixers(${card.src}, ${dev.src})`,
        names: ["mixers", "cardindex", "device", ...strNames(dev.v)],
        bad: card.bad || dev.bad,
        run: () => mx.mixers(card.v as number, dev.v as string),
      };
    }
    case 1:
    case 2: {
      const f = r.pick(["rawToPercent", "percentToRaw"] as const);
      const lo = num(r, [0], {});
      const hi = num(r, [65536, 100], {});
      const v = num(r, [0, 50, 65536], {});
      return {
        src: `${f}(${lo.src}, ${hi.src}, ${v.src})`,
        names: [f, "min", "max", "value", "percent"],
        bad: lo.bad || hi.bad || v.bad,
        run: () => mx[f](lo.v as number, hi.v as number, v.v as number),
      };
    }
    case 3: {
      const u = units(r);
      return {
        src: `unitsValue(${u.src})`,
        names: ["unitsValue", "units", ...strNames(u.v)],
        bad: u.bad,
        run: () => mx.unitsValue(u.v as mx.VolumeUnits),
      };
    }
    default: {
      const ev = {
        control: "Master",
        id: 0,
        playbackVolume: [1],
        captureVolume: null,
        volume: [1],
        mute: [0],
        rec: null,
        enumItem: null,
      };
      const other = r.chance(0.7)
        ? good(ev, "ev")
        : r.pick([bad(null), good({}), bad(5)]);
      return {
        src: `sameMixerState(ev, ${other.src})`,
        names: ["sameMixerState"],
        bad: other.bad,
        run: () => mx.sameMixerState(ev, other.v as mx.MixerEvent),
      };
    }
  }
}

/** The `./mixer` entry point's actions. */
export const mixerActions: Action[] = [
  { name: "mixer.new", weight: 1.5, make: newMixer },
  { name: "mixer.method", weight: 5, make: mixerMethod },
  { name: "mixer.functions", weight: 1.5, make: mixerFunctions },
];
