/**
 * Call generators for `./alsa`: listings and the PCM class with random
 * options (keyword and positional forms) and every method in random order.
 * PCMs: ALSA's `null`, `default`/`pulse` (the run's private sink) and two
 * file-plugin PCMs whose files are in the run's temp dir. ALSA names that
 * would open files (`file:...`) are never drawn.
 *
 * @module
 */
import * as alsa from "../../alsa.ts";
import type { Rng } from "./prng.ts";
import {
  type Action,
  type Call,
  type Ctx,
  isPausedPcm,
  slot,
  strNames,
} from "./context.ts";
import {
  type Arg,
  bad,
  bool,
  good,
  lit,
  num,
  options,
  samples,
  str,
} from "./values.ts";

const NO_PCMS = ["no_such_pcm", "hw:99", "plug:no_such_pcm", "nul"];
const FORMATS = ["S16_LE", "S32_LE", "FLOAT_LE", "U8", "S24_3LE", "S8"];

function pcmDevice(ctx: Ctx, r: Rng, capture: boolean): Arg {
  const goods = capture
    ? ["null", "default", ctx.fileCapturePcm]
    : ["null", "default", "pulse", ctx.filePcm];
  return str(r, goods, NO_PCMS, { nullable: true, p: 0.15 });
}

function pcmOptions(
  ctx: Ctx,
  r: Rng,
  capture: boolean,
): ReturnType<typeof options> {
  return options(r, {
    type: (r) =>
      r.chance(0.8)
        ? good(
          capture
            ? r.pick(["capture", alsa.PCM_CAPTURE])
            : r.pick(["playback", alsa.PCM_PLAYBACK]),
        )
        : r.pick([
          bad(7),
          bad("record"),
          bad(-1),
          bad(Symbol("t")),
          good(null),
        ]),
    mode: (r) =>
      r.chance(0.8)
        ? good(
          r.pick(["normal", "nonblock", alsa.PCM_NORMAL, alsa.PCM_NONBLOCK]),
        )
        : r.pick([bad(9), bad("async"), good(alsa.PCM_ASYNC), bad(NaN)]),
    rate: (r) => num(r, [8000, 44100, 48000], { int: true, min: 1, max: 1e7 }),
    channels: (r) => num(r, [1, 2], { int: true, min: 1, max: 1024 }),
    format: (r) =>
      r.chance(0.75)
        ? good(
          r.chance(0.5) ? r.pick(FORMATS) : alsa.formatValue(r.pick(FORMATS)),
        )
        : r.pick([
          bad("S16"),
          bad("s16_le"),
          bad(999),
          bad(-2),
          bad(1.5),
          bad(10n),
          bad("S16_LE\0junk"),
        ]),
    periodsize: (r) =>
      num(r, [32, 256, 1024], { int: true, min: 1, max: 1 << 24 }),
    periods: (r) => num(r, [2, 4, 8], { int: true, min: 1, max: 1024 }),
    device: (r) => pcmDevice(ctx, r, capture),
    cardindex: (r) =>
      r.chance(0.7)
        ? good(-1)
        : num(r, [0, 5], { int: true, min: -1, max: -1, p: 0.7 }),
    startThreshold: (r) =>
      r.chance(0.6) ? good("buffer") : num(r, [1, 256], { int: true, min: 0 }),
    availMin: (r) => num(r, [32, 256], { int: true, min: 1 }),
  }, ["device", "type"]);
}

/** What a PCM slot remembers. */
interface PcmInfo {
  capture: boolean;
  rate: number;
  channels: number;
  framesize: number;
  periodsize: number;
  device: string;
}

function newPcm(ctx: Ctx, r: Rng): Call | null {
  const i = slot(r);
  const existing = ctx.pools.get("pcm", i);
  if (existing && r.chance(0.8)) return closePcm(ctx, r, i);
  const capture = r.chance(0.4);
  const keep = (p: alsa.PCM, dev: string) =>
    ctx.pools.put("pcm", i, p, {
      capture,
      rate: p.rate,
      channels: p.channels,
      framesize: p.framesize,
      periodsize: p.periodsize,
      device: dev,
      // for the async I/O helpers
      closed: false,
    });
  if (r.chance(0.12)) {
    // pyalsaaudio's positional form: PCM(type, mode, rate, channels, format, periodsize, periods, device)
    const type = capture ? alsa.PCM_CAPTURE : alsa.PCM_PLAYBACK;
    const dev = r.pick(["null", "default"]);
    const argv: unknown[] = [
      type,
      alsa.PCM_NORMAL,
      44100,
      1,
      alsa.PCM_FORMAT_S16_LE,
      256,
      4,
      dev,
    ].slice(0, r.int(1, 8));
    return {
      src: `pcm[${i}] = new PCM(${argv.map(lit).join(", ")})`,
      names: ["PCM", "options", "type"],
      // The constructor takes one options object: positional arguments must be
      // honoured or refused, never ignored.
      bad: true,
      run: () =>
        new (alsa.PCM as unknown as new (...a: unknown[]) => alsa.PCM)(...argv),
      done: (p) => keep(p as alsa.PCM, "default"),
    };
  }
  const o = pcmOptions(ctx, r, capture);
  const dev = (o.v as { device?: unknown })?.device;
  return {
    src: `pcm[${i}] = new PCM(${o.src})`,
    names: ["PCM", ...o.keys, ...strNames(dev)],
    bad: o.bad,
    run: () => new alsa.PCM(o.v as alsa.PCMOptions),
    done: (p) => keep(p as alsa.PCM, String(dev)),
  };
}

function closePcm(ctx: Ctx, r: Rng, i = slot(r)): Call | null {
  const s = ctx.pools.get("pcm", i);
  if (!s) return null;
  const p = s.obj as alsa.PCM;
  const sync = r.chance(0.25);
  return {
    src: sync ? `pcm[${i}].closeSync()` : `pcm[${i}].close()`,
    names: ["close", "closeSync", "PCM"],
    bad: false,
    run: () => (sync ? p.closeSync() : p.close()),
  };
}

function pcmMethod(ctx: Ctx, r: Rng): Call | null {
  const i = slot(r);
  const s = ctx.pools.get("pcm", i);
  if (!s) return null;
  const p = s.obj as alsa.PCM;
  const info = s.info as unknown as PcmInfo;
  const name = `pcm[${i}]`;
  const call = (
    m: string,
    args: Arg[],
    run: () => unknown,
    extraNames: string[] = [],
  ): Call => ({
    src: `${name}.${m}(${args.map((a) => a.src).join(", ")})`,
    names: [m, "PCM", ...extraNames, ...strNames(...args.map((a) => a.v))],
    bad: args.some((a) => a.bad),
    run,
    // async transfers on a paused PCM wait for its resume (or close)
    mayWait: isPausedPcm(p) && /^(write|read|readInto|readFull|drain)$/.test(m),
  });
  const maxFrames = Math.max(1, Math.floor(info.rate * 0.1));
  const m = r.weighted(
    [
      "write",
      "writeSync",
      "read",
      "readSync",
      "readInto",
      "readFull",
      "iterate",
      "pause",
      "drop",
      "drain",
      "drainSync",
      "poll",
      "pollRevents",
      "wait",
      "tstamp",
      "threshold",
      "query",
      "deprecated",
      "close",
      "dispose",
    ] as const,
    (m) =>
      ({
        write: 8,
        writeSync: 3,
        read: 4,
        readSync: 2,
        readInto: 2,
        readFull: 2,
        iterate: 1,
        pause: 1.5,
        drop: 1.5,
        drain: 1.5,
        drainSync: 0.7,
        poll: 1,
        pollRevents: 1,
        wait: 1.5,
        tstamp: 1,
        threshold: 1,
        query: 4,
        deprecated: 1.5,
        close: 1.5,
        dispose: 0.5,
      })[m],
  );
  switch (m) {
    case "write":
    case "writeSync": {
      const frames = r.int(0, maxFrames);
      const d = r.chance(0.05)
        ? good(
          new ArrayBuffer(frames * info.framesize),
          `new ArrayBuffer(${frames * info.framesize})`,
        )
        : samples(r, frames * info.framesize, {
          types: undefined,
          p: 0.2,
        });
      return call(m, [d], () => p[m](d.v as Uint8Array), ["data"]);
    }
    case "read":
    case "readSync":
      return call(m, [], () => p[m]());
    case "readInto":
    case "readFull": {
      const d = samples(r, r.int(0, maxFrames) * info.framesize, {
        types: undefined,
        p: 0.2,
      });
      return call(m, [d], () => p[m](d.v as Uint8Array), ["dst"]);
    }
    case "iterate": {
      const n = r.int(1, 3);
      return {
        src: `for await (const b of ${name}) if (++k >= ${n}) break`,
        names: ["periodsIterator", "PCM", "read"],
        bad: false,
        run: async () => {
          let k = 0;
          for await (const _b of p) if (++k >= n) break;
          return k;
        },
      };
    }
    case "pause": {
      const e = r.chance(0.8) ? good(r.chance(0.5)) : bool(r, 1);
      return call("pause", [e], () => p.pause(e.v as boolean), ["enable"]);
    }
    case "drop":
      return call("drop", [], () => p.drop());
    case "drain":
      return call("drain", [], () => p.drain());
    case "drainSync":
      return call("drainSync", [], () => p.drainSync());
    case "poll":
      return call("polldescriptors", [], () => p.polldescriptors());
    case "pollRevents": {
      let fds: [number, number][] = [];
      try {
        fds = p.polldescriptors();
      } catch { /* closed */ }
      const d = r.pick([
        good(fds, lit(fds)),
        good(fds, lit(fds)),
        bad([], "[]"),
        good([[-1, 1]], "[[-1, 1]]"),
        bad([["a", 1]], `[["a", 1]]`),
        bad(5),
        bad(null),
        bad([[1e12, 1]], "[[1e12, 1]]"),
      ]);
      return call(
        "polldescriptorsRevents",
        [d],
        () => p.polldescriptorsRevents(d.v as [number, number][]),
        ["descriptors"],
      );
    }
    case "wait": {
      const t = r.chance(0.7)
        ? good(r.pick([0, 10, 100, 500]))
        : r.pick([bad(NaN), bad("5"), good(-1), bad(10n), bad(-7)]);
      return call("wait", [t], () => p.wait(t.v as number), ["timeoutMs"]);
    }
    case "tstamp": {
      const which = r.pick(
        [
          "setTstampMode",
          "setTstampType",
          "getTstampMode",
          "getTstampType",
          "htimestamp",
        ] as const,
      );
      if (which.startsWith("get") || which === "htimestamp") {
        return call(which, [], () => (p[which] as () => unknown).call(p));
      }
      const v = num(r, [0, 1], {
        int: true,
        min: 0,
        max: which === "setTstampMode" ? 1 : 2,
      });
      return call(
        which,
        [v],
        () => (p[which] as (v: unknown) => unknown).call(p, v.v),
        ["mode", "type"],
      );
    }
    case "threshold": {
      const which = r.pick(
        [
          "setStartThreshold",
          "setAvailMin",
          "getStartThreshold",
          "getAvailMin",
        ] as const,
      );
      if (which.startsWith("get")) {
        return call(which, [], () => (p[which] as () => unknown).call(p));
      }
      const v = num(r, [1, info.periodsize], {
        int: true,
        min: which === "setAvailMin" ? 1 : 0,
        max: 1 << 30,
      });
      return call(
        which,
        [v],
        () => (p[which] as (v: unknown) => unknown).call(p, v.v),
        ["frames"],
      );
    }
    case "query": {
      const which = r.pick(
        [
          "pcmtype",
          "pcmmode",
          "cardname",
          "state",
          "avail",
          "info",
          "dump",
          "dumpinfo",
          "getformats",
          "getratebounds",
          "getrates",
          "getchannels",
        ] as const,
      );
      return call(which, [], () => (p[which] as () => unknown).call(p));
    }
    case "deprecated": {
      const which = r.pick(
        ["setchannels", "setrate", "setformat", "setperiodsize"] as const,
      );
      const v = which === "setformat"
        ? (r.chance(0.7)
          ? good(r.pick([alsa.PCM_FORMAT_S16_LE, "S16_LE"]))
          : r.pick([bad("S16"), bad(999), bad(NaN)]))
        : which === "setrate"
        ? (r.chance(0.5) ? good(info.rate) : r.pick([
          bad("S16_LE"),
          bad(NaN),
          bad(0),
          bad(-5),
          bad(1.5),
          bad(10n),
        ]))
        : which === "setchannels"
        ? (r.chance(0.5)
          ? good(info.channels)
          : r.pick([bad("2"), bad(0), bad(NaN), bad(1e9)]))
        : (r.chance(0.5)
          ? good(info.periodsize)
          : r.pick([bad("x"), bad(0), bad(-1), bad(NaN)]));
      return call(
        which,
        [v],
        () => (p[which] as (v: unknown) => unknown).call(p, v.v),
        ["rate", "channels", "format", "period"],
      );
    }
    case "close":
      return closePcm(ctx, r, i);
    default:
      return {
        src: `${name}[Symbol.dispose]()`,
        names: ["dispose", "close", "PCM"],
        bad: false,
        run: () => p[Symbol.dispose](),
      };
  }
}

function listings(_ctx: Ctx, r: Rng): Call | null {
  switch (r.int(0, 8)) {
    case 0: {
      const t = r.chance(0.7)
        ? good(r.pick(["playback", "capture", 0, 1]))
        : r.pick([bad(5), bad("both"), bad(Symbol("x"))]);
      return {
        src: `pcms(${t.src})`,
        names: ["pcms", "type", ...strNames(t.v)],
        bad: t.bad,
        run: () => alsa.pcms(t.v as alsa.PcmType),
      };
    }
    case 1:
      return {
        src: `cards()`,
        names: ["cards"],
        bad: false,
        run: () => alsa.cards(),
      };
    case 2:
      return {
        src: `cardIndexes()`,
        names: ["cardIndexes"],
        bad: false,
        run: () => alsa.cardIndexes(),
      };
    case 3: {
      const c = num(r, [0, 1], { int: true, min: 0 });
      return {
        src: `cardName(${c.src})`,
        names: ["cardName", "index", "card"],
        bad: c.bad,
        run: () => alsa.cardName(c.v as number),
      };
    }
    case 4:
      return {
        src: `asoundlibVersion()`,
        names: ["asoundlibVersion"],
        bad: false,
        run: () => alsa.asoundlibVersion(),
      };
    case 5: {
      const c = num(r, [-2, -32, 0], { int: true });
      return {
        src: `alsaStrerror(${c.src})`,
        names: ["alsaStrerror", "code"],
        bad: c.bad,
        run: () => alsa.alsaStrerror(c.v as number),
      };
    }
    case 6: {
      const f = r.chance(0.7)
        ? good(r.pick([...FORMATS, 2]))
        : r.pick([bad("S16"), bad(999), bad(NaN), bad(""), bad("S16_LE\0x")]);
      return {
        src: `formatValue(${f.src})`,
        names: ["formatValue", "format", ...strNames(f.v)],
        bad: f.bad,
        run: () => alsa.formatValue(f.v as number),
      };
    }
    case 7: {
      const c = r.chance(0.7)
        ? good(r.pick([0, -2, -32]))
        : r.pick([bad(NaN), bad("x"), good(-2n), bad(Symbol("c"))]);
      const call = str(r, ["snd_pcm_open"], ["x"], { p: 0.2, alsoGood: ["x"] });
      return {
        src: `checkAlsa(${c.src}, ${call.src})`,
        names: [
          "checkAlsa",
          "code",
          "call",
          ...(typeof call.v === "string" ? [call.v] : []),
          ...strNames(call.v),
        ],
        bad: c.bad || call.bad,
        run: () => alsa.checkAlsa(c.v as number, call.v as string),
      };
    }
    default: {
      const f = r.pick(["pcmTypeValue", "pcmModeValue"] as const);
      const v = r.chance(0.6)
        ? good(r.pick([0, 1, f === "pcmTypeValue" ? "playback" : "normal"]))
        : r.pick([bad(7), bad("x"), bad(NaN), bad(null)]);
      return {
        src: `${f}(${v.src})`,
        names: [f, "type", "mode", ...strNames(v.v)],
        bad: v.bad,
        run: () => (alsa[f] as (v: unknown) => number)(v.v),
      };
    }
  }
}

/** The `./alsa` entry point's actions. */
export const alsaActions: Action[] = [
  { name: "alsa.listings", weight: 2, make: listings },
  { name: "alsa.newPcm", weight: 3, make: newPcm },
  { name: "alsa.pcm", weight: 14, make: pcmMethod },
];
