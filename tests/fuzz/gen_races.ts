/**
 * Misuse sequences as single calls: an operation on an object is started
 * and, before it settles, the object is closed, stopped, aborted or paused
 * (close during a pending call, close during start, pause during write,
 * drain of a capture PCM, close during async file I/O, double close). Both
 * calls must settle, each with a value or a clear error; the driver's timer
 * reports a sequence that does not settle.
 *
 * @module
 */
import type { Rng } from "./prng.ts";
import { type Action, type Call, type Ctx, slot } from "./context.ts";

type Obj = Record<string, (...a: unknown[]) => unknown>;

interface Race {
  /** Slot kind. */
  kind: string;
  /** The first operation, as source and as a call on the object. */
  op: (
    o: Obj,
    info: Record<string, unknown>,
    r: Rng,
  ) => [string, () => unknown];
  /** What interrupts it. */
  then: string[];
}

const bytes = (info: Record<string, unknown>, r: Rng): number =>
  Math.max(
    1,
    Math.floor(((info.rate as number) || 8000) * r.pick([0.02, 0.2, 1])),
  ) *
  ((info.framesize as number) || 4);

const RACES: Race[] = [
  {
    kind: "stream",
    op: (o) => ["start()", () => o.start()],
    then: ["close()", "abort()", "stop()"],
  },
  {
    kind: "stream",
    op: (o, info, r) => {
      const n =
        Math.floor(((info.rate as number) || 8000) * r.pick([0.05, 0.5])) *
        ((info.outCh as number) || 1);
      const T = info.raw
        ? Uint8Array
        : info.outType === "int16"
        ? Int16Array
        : info.outType === "int32"
        ? Int32Array
        : info.outType === "int8"
        ? Int8Array
        : info.outType === "uint8"
        ? Uint8Array
        : Float32Array;
      return [
        `write(new ${T.name}(${n}))`,
        () => (o.write ? o.write(new T(n)) : null),
      ];
    },
    then: ["close()", "abort()", "stop()"],
  },
  {
    kind: "stream",
    op: (o, info, r) => {
      const n = Math.floor(
        ((info.rate as number) || 8000) * r.pick([0.05, 0.5]),
      );
      return [`read(${n})`, () => (o.read ? o.read(n) : null)];
    },
    then: ["close()", "abort()", "stop()"],
  },
  {
    kind: "stream",
    op: (o) => ["stop()", () => o.stop()],
    then: ["close()", "start()"],
  },
  {
    kind: "stream",
    op: (o) => ["close()", () => o.close()],
    then: ["close()", "start()"],
  },
  {
    kind: "worker",
    op: (o) => ["start()", () => o.start()],
    then: ["close()", "abort()", "stop()"],
  },
  {
    kind: "worker",
    op: (
      o,
    ) => ["ready", () => (o as unknown as { ready: Promise<void> }).ready],
    then: ["close()"],
  },
  {
    kind: "worker",
    op: (o) => ["close()", () => o.close()],
    then: ["close()", "start()"],
  },
  {
    kind: "pcm",
    op: (o, info, r) => {
      const n = bytes(info, r);
      return [`write(new Uint8Array(${n}))`, () => o.write(new Uint8Array(n))];
    },
    then: ["close()", "closeSync()", "pause(true)", "drop()", "drain()"],
  },
  {
    kind: "pcm",
    op: (o) => ["read()", () => o.read()],
    then: ["close()", "closeSync()", "pause(true)", "drop()"],
  },
  {
    kind: "pcm",
    op: (o) => ["drain()", () => o.drain()],
    then: ["close()", "closeSync()", "drop()"],
  },
  {
    kind: "pcm",
    op: (o) => ["wait(500)", () => o.wait(500)],
    then: ["close()", "closeSync()"],
  },
  {
    kind: "pcm",
    op: (o, info, r) => {
      const n = bytes(info, r);
      return [
        `readFull(new Uint8Array(${n}))`,
        () => o.readFull(new Uint8Array(n)),
      ];
    },
    then: ["close()", "closeSync()", "pause(true)"],
  },
  {
    kind: "pcm",
    op: (o) => ["close()", () => o.close()],
    then: ["close()", "closeSync()", "write(new Uint8Array(64))"],
  },
  {
    kind: "sf",
    op: (o, _i, r) => {
      const n = r.pick([100, 10000, 200000]);
      return [`readAsync(${n})`, () => o.readAsync(n)];
    },
    then: ["close()"],
  },
  {
    kind: "sf",
    op: (o, info, r) => {
      const n = r.pick([100, 10000, 100000]) * ((info.channels as number) || 1);
      return [
        `writeAsync(new Float32Array(${n}))`,
        () => o.writeAsync(new Float32Array(n)),
      ];
    },
    then: ["close()"],
  },
  {
    kind: "dsp",
    op: (o, _i, r) => {
      const n = r.pick([1000, 40000]);
      return [
        `writeall(new Uint8Array(${n}))`,
        () => o.writeall(new Uint8Array(n)),
      ];
    },
    then: ["close()", "reset()"],
  },
  { kind: "dsp", op: (o) => ["sync()", () => o.sync()], then: ["close()"] },
];

/** Runs `src` (e.g. `"close()"`) on `o`. */
function interrupt(o: Obj, what: string): unknown {
  switch (what) {
    case "pause(true)":
      return o.pause(true);
    case "write(new Uint8Array(64))":
      return o.write(new Uint8Array(64));
    default:
      return o[what.replace("()", "")]();
  }
}

function race(ctx: Ctx, r: Rng): Call | null {
  const rc = r.pick(RACES);
  const i = slot(r);
  const s = ctx.pools.get(rc.kind, i);
  if (!s) return null;
  const o = s.obj as Obj;
  // Races on live objects are the interesting ones: mostly skip closed ones
  // (use after close is drawn often enough elsewhere).
  let closed = false;
  try {
    closed = (o as unknown as { closed?: boolean }).closed === true;
  } catch { /* a getter that throws is reported by other calls */ }
  if (closed && r.chance(0.85)) return null;
  const [opSrc, op] = rc.op(o, s.info, r);
  const then = r.pick(rc.then);
  const delay = r.pick([0, 0, 5, 30]);
  const name = `${rc.kind}[${i}]`;
  const cls = (o as object).constructor?.name ?? rc.kind;
  // Pause during a write is followed by close(): a paused PCM must still close.
  const andClose = then === "pause(true)";
  return {
    src: `{ const p = ${name}.${opSrc};${
      delay ? ` await sleep(${delay});` : ""
    } const q = ${name}.${then};${
      andClose ? ` await q; await ${name}.close();` : ""
    } await Promise.allSettled([p, q]); }`,
    names: [
      cls,
      "close",
      "closed",
      opSrc.replace(/\(.*$/, ""),
      then.replace(/\(.*$/, ""),
      "stop",
      "abort",
      "pause",
      // errors a WorkerStream's worker reports at start/ready name the
      // options it was made with
      ...(((s.info as { names?: string[] } | undefined)?.names) ?? []),
    ],
    bad: false,
    mustAwait: true,
    run: async () => {
      const settle = (f: () => unknown) => {
        try {
          return Promise.resolve(f()).then(
            (v) => ({ ok: true, v }),
            (e) => ({ ok: false, v: e }),
          );
        } catch (e) {
          return Promise.resolve({ ok: false, v: e });
        }
      };
      const p = settle(op);
      if (delay) await new Promise((res) => setTimeout(res, delay));
      const q = settle(() => interrupt(o, then));
      if (andClose) {
        await q;
        await settle(() => o.close());
      }
      const [a, b] = await Promise.all([p, q]);
      // A rejection is reported (and classified) like any call's error.
      for (const x of [a, b]) if (!x.ok) throw x.v;
      return null;
    },
  };
}

/** The misuse-sequence actions. */
export const raceActions: Action[] = [
  { name: "race", weight: 8, make: race },
];
