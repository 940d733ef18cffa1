/**
 * What the fuzz driver and its call generators share: the shape of a call,
 * the object pools calls act on, and the safe devices and paths of a run.
 *
 * @module
 */
import type { Rng } from "./prng.ts";

/** One call the driver makes. */
export interface Call {
  /** The call as one TypeScript statement (for the report and repros). */
  src: string;
  /**
   * Names a clear error message mentions at least one of: the function or
   * method, its class, the arguments or options that were wrong, a bad
   * string value.
   */
  names: string[];
  /** An argument is invalid: success means garbage was accepted silently. */
  bad: boolean;
  /** Makes the call; may return a promise. */
  run(): unknown;
  /** With the value of a successful call (e.g. to keep a new object). */
  done?(value: unknown): void;
  /**
   * Checks what the call left behind (e.g. a file a failed write must not
   * have changed): returns a description of lost data, or `null`.
   */
  verify?(ok: boolean, value: unknown): string | null;
  /** Never leave this call un-awaited (it would block other calls legitimately). */
  mustAwait?: boolean;
  /**
   * The call may rightly wait until another call resumes or closes its
   * object (a transfer on a paused ALSA PCM): it is not awaited and not a
   * stall, but it must still settle once cleanup has closed everything.
   */
  mayWait?: boolean;
}

/**
 * Whether `obj` is an ALSA PCM that is paused right now: transfers on it
 * wait until it is resumed or closed, by design.
 *
 * @param obj Any value (a pool object or an argument).
 * @returns `true` for a paused PCM.
 */
export function isPausedPcm(obj: unknown): boolean {
  try {
    const p = obj as { state?: () => number; pcmtype?: unknown };
    // SND_PCM_STATE_PAUSED
    return typeof p?.state === "function" && p.pcmtype !== undefined &&
      p.state() === 6;
  } catch {
    return false; // closed
  }
}

/** A kind of call, with its relative frequency. */
export interface Action {
  /** Short name (for statistics). */
  name: string;
  /** Relative frequency. */
  weight: number;
  /** Draws the call, or `null` when it does not apply now (e.g. an empty slot). */
  make(ctx: Ctx, r: Rng): Call | null;
}

/** A slot holding an object the calls act on. */
export interface Slot {
  /** The object. */
  obj: unknown;
  /** What the generators need to know about it (rate, channels, kind...). */
  info: Record<string, unknown>;
}

/** Objects by kind, in numbered slots (`pcm[2]` in the printed calls). */
export class Pools {
  #slots = new Map<string, (Slot | undefined)[]>();
  /** Objects dropped from a slot without close (left to the GC). */
  dropped = 0;

  /** Slots per kind. */
  static readonly SIZE = 3;

  /** The slot array of `kind`. */
  of(kind: string): (Slot | undefined)[] {
    let s = this.#slots.get(kind);
    if (!s) {
      s = new Array(Pools.SIZE).fill(undefined);
      this.#slots.set(kind, s);
    }
    return s;
  }

  /** Puts `obj` in `kind[i]`; an object already there is dropped unclosed. */
  put(
    kind: string,
    i: number,
    obj: unknown,
    info: Record<string, unknown> = {},
  ): void {
    const s = this.of(kind);
    if (s[i]) this.dropped++;
    s[i] = { obj, info };
  }

  /** Slot `i` of `kind`, if filled. */
  get(kind: string, i: number): Slot | undefined {
    return this.of(kind)[i];
  }

  /** Every filled slot, as `[kind, index, slot]`. */
  *all(): Generator<[string, number, Slot]> {
    for (const [kind, slots] of this.#slots) {
      for (let i = 0; i < slots.length; i++) {
        const s = slots[i];
        if (s) yield [kind, i, s];
      }
    }
  }

  /** Empties every slot. */
  clear(): void {
    this.#slots.clear();
  }
}

/** The run's environment and state, handed to every generator. */
export interface Ctx {
  /** Object pools. */
  pools: Pools;
  /** A temp dir this run created: the only place files are made. */
  tmp: string;
  /** The private null sink PortAudio, ALSA and OSS play into. */
  sink: string;
  /** The ALSA ctl device of the private sink (mixer writes go only there). */
  mixerDevice: string;
  /** ALSA PCM writing raw bytes to a file in `tmp` (file plugin). */
  filePcm: string;
  /** ALSA capture PCM reading raw bytes from a file in `tmp`. */
  fileCapturePcm: string;
  /** The worker module of the fuzz (`registerCallback` with modes). */
  workerModule: URL;
  /** OSS mixer volumes at start, restored after every write. */
  ossVolumes: Map<number, [number, number]>;
  /** OSS mixer record source at start. */
  ossRecsrc: number | null;
}

/** Picks a slot index. */
export function slot(r: Rng): number {
  return r.int(0, Pools.SIZE - 1);
}

/** The first string argument that is long enough to identify itself in a message. */
export function strNames(...values: unknown[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (typeof v === "string" && v.length >= 3) out.push(v.split("\0")[0]);
  }
  return out;
}
