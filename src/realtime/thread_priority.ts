/**
 * Real-time scheduling for the thread that runs a callback isolate: a
 * `WorkerStream`'s worker raises its own OS thread (a Worker's JavaScript
 * runs on a thread of its own) to `SCHED_FIFO` or `SCHED_RR`, so that it
 * wakes within a fraction of a period when the audio thread hands it a
 * block, however busy the rest of the machine is.
 *
 * @module
 */

import { errno, libc, RLIMIT_RTPRIO, SCHED, strerror } from "../../ffi/libc.ts";

/** Real-time scheduling policy: `SCHED_FIFO` or `SCHED_RR`. */
export type RealtimePolicy = "fifo" | "rr";

/** What a callback isolate's thread asks for (see `WorkerStreamOptions.realtime`). */
export interface RealtimeOptions {
  /** `"fifo"` (default) or `"rr"`. */
  policy?: RealtimePolicy;
  /**
   * Priority 1-99 (default 5: the priority JACK 1.9 gives its clients'
   * process threads under a server at its default priority 10).
   */
  priority?: number;
  /**
   * `true`: opening the stream fails when the thread cannot be made
   * real-time (or pinned to `cpu`). `false` (default): the stream runs at
   * normal priority (or unpinned) and `realtime.reason` says why.
   */
  required?: boolean;
  /**
   * On JACK devices, pins the worker's thread to one CPU, together with
   * JACK's process thread when the worker is the first in the process to
   * use PortAudio. JACK's thread hands each block to the worker and waits
   * for it; on one CPU that costs two context switches instead of two
   * wake-ups across CPUs. `"auto"` (default): the CPU the worker starts on,
   * on JACK devices only (elsewhere the worker is not pinned); a CPU number
   * this process may run on, or `"current"`: that CPU, and a stream on
   * another host API fails to open; `null`: never pinned.
   */
  cpu?: number | "current" | "auto" | null;
}

/** A checked `realtime` request (see {@link realtimeRequest}). */
export interface RealtimeRequest {
  /** Policy asked for. */
  policy: RealtimePolicy;
  /** Priority 1-99. */
  priority: number;
  /** Fail instead of running at normal priority (or unpinned). */
  required: boolean;
  /** CPU to pin to, `"current"`, `"auto"` (JACK only), or `null` for none. */
  cpu: number | "current" | "auto" | null;
}

/** How a callback isolate's thread is scheduled. */
export interface RealtimeState {
  /** `true` when the thread runs with a real-time policy. */
  readonly enabled: boolean;
  /** The thread's policy now: `"fifo"`, `"rr"` or `"other"` (normal). */
  readonly policy: RealtimePolicy | "other";
  /** The thread's real-time priority now (0 for `"other"`). */
  readonly priority: number;
  /** The one CPU the thread is pinned to (`null`: not pinned). */
  readonly cpu: number | null;
  /** What was asked for (`null`: real-time scheduling was turned off). */
  readonly requested:
    | {
      readonly policy: RealtimePolicy;
      readonly priority: number;
      readonly cpu: number | "current" | "auto" | null;
    }
    | null;
  /** Why the thread is not real-time as requested (absent when it is, or when not requested). */
  readonly reason?: string;
}

/** Default priority of a callback isolate's thread. */
export const DEFAULT_REALTIME_PRIORITY = 5;

const POLICY_NAMES: Record<number, RealtimePolicy | "other"> = {
  [SCHED.OTHER]: "other",
  [SCHED.FIFO]: "fifo",
  [SCHED.RR]: "rr",
};

/**
 * Normalizes the `realtime` option (checked before any worker starts).
 *
 * @param value `true`/`undefined` (default real-time), `false`, or options.
 * @returns The request, or `null` for "leave the thread alone".
 * @throws {TypeError} For a value of the wrong type or an unknown policy.
 * @throws {RangeError} For a priority outside 1-99.
 */
export function realtimeRequest(
  value: boolean | RealtimeOptions | undefined,
): RealtimeRequest | null {
  if (value === false) return null;
  if (value === undefined || value === true) {
    return {
      policy: "fifo",
      priority: DEFAULT_REALTIME_PRIORITY,
      required: false,
      cpu: "auto",
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(
      `realtime must be true, false or { policy, priority, required, cpu }, got ${
        typeof value === "string" ? JSON.stringify(value) : String(value)
      }`,
    );
  }
  for (const key of Object.keys(value)) {
    if (!REALTIME_KEYS.includes(key)) {
      throw new TypeError(
        `realtime: unknown option ${JSON.stringify(key)}; valid options: ${
          REALTIME_KEYS.join(", ")
        }`,
      );
    }
  }
  const policy = value.policy ?? "fifo";
  if (policy !== "fifo" && policy !== "rr") {
    throw new TypeError(
      `realtime.policy must be "fifo" or "rr", got ${JSON.stringify(policy)}`,
    );
  }
  const priority = value.priority ?? DEFAULT_REALTIME_PRIORITY;
  if (!Number.isInteger(priority) || priority < 1 || priority > 99) {
    throw new RangeError(
      `realtime.priority must be an integer from 1 to 99, got ${
        String(priority)
      }`,
    );
  }
  const required = value.required ?? false;
  if (typeof required !== "boolean") {
    throw new TypeError(
      `realtime.required must be a boolean, got ${String(required)}`,
    );
  }
  return { policy, priority, required, cpu: checkCpu(value.cpu) };
}

/** The keys of a `realtime` options object. */
export const REALTIME_KEYS: readonly string[] = [
  "policy",
  "priority",
  "required",
  "cpu",
];

/** Bytes of the CPU masks passed to `sched_[gs]etaffinity` (1024 CPUs). */
const CPU_MASK_BYTES = 128;

/**
 * The CPUs the calling thread may run on (`sched_getaffinity`), or
 * `undefined` where that cannot be asked (not Linux, or no libc).
 *
 * @returns CPU numbers in ascending order.
 */
export function allowedCpus(): number[] | undefined {
  if (Deno.build.os !== "linux") return undefined;
  let c;
  try {
    c = libc();
  } catch {
    return undefined;
  }
  const mask = new Uint8Array(CPU_MASK_BYTES);
  if (c.sched_getaffinity(0, BigInt(CPU_MASK_BYTES), mask) !== 0) {
    return undefined;
  }
  const cpus: number[] = [];
  for (let i = 0; i < CPU_MASK_BYTES * 8; i++) {
    if (mask[i >> 3] & (1 << (i & 7))) cpus.push(i);
  }
  return cpus;
}

/** "0-3, 6" for [0, 1, 2, 3, 6]. */
function cpuList(cpus: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < cpus.length; i++) {
    let j = i;
    while (j + 1 < cpus.length && cpus[j + 1] === cpus[j] + 1) j++;
    parts.push(i === j ? String(cpus[i]) : `${cpus[i]}-${cpus[j]}`);
    i = j;
  }
  return parts.join(", ");
}

function checkCpu(cpu: unknown): number | "current" | "auto" | null {
  if (cpu === undefined || cpu === "auto") return "auto";
  if (cpu === null || cpu === "current") return cpu;
  if (typeof cpu !== "number" || !Number.isInteger(cpu)) {
    throw new TypeError(
      `realtime.cpu must be a CPU number, "current", "auto" or null, got ${
        typeof cpu === "string" ? JSON.stringify(cpu) : String(cpu)
      }`,
    );
  }
  const allowed = allowedCpus();
  if (allowed !== undefined && !allowed.includes(cpu)) {
    throw new RangeError(
      `realtime.cpu must be a CPU this process may run on (${
        cpuList(allowed)
      }), got ${cpu}`,
    );
  }
  if (cpu < 0 || cpu >= CPU_MASK_BYTES * 8) {
    throw new RangeError(
      `realtime.cpu must be a CPU number from 0 to ${
        CPU_MASK_BYTES * 8 - 1
      }, got ${cpu}`,
    );
  }
  return cpu;
}

/**
 * Pins the calling thread to one CPU; threads it creates afterwards start
 * with the same mask. Never throws.
 *
 * @param cpu A CPU number, or `"current"` for the CPU the thread is on.
 * @returns The CPU pinned to, or `null` with the reason.
 */
export function pinThisThread(
  cpu: number | "current" | "auto",
): { cpu: number | null; reason?: string } {
  if (Deno.build.os !== "linux") {
    return {
      cpu: null,
      reason:
        `pinning callback threads to a CPU is implemented for Linux only (this is ${Deno.build.os})`,
    };
  }
  let c;
  try {
    c = libc();
  } catch (e) {
    return {
      cpu: null,
      reason: `libc could not be loaded: ${
        e instanceof Error ? e.message : String(e)
      }`,
    };
  }
  const target = typeof cpu === "number" ? cpu : c.sched_getcpu();
  if (target < 0) {
    return {
      cpu: null,
      reason: `sched_getcpu() failed: ${strerror(errno())}`,
    };
  }
  const mask = new Uint8Array(CPU_MASK_BYTES);
  mask[target >> 3] |= 1 << (target & 7);
  if (c.sched_setaffinity(0, BigInt(CPU_MASK_BYTES), mask) !== 0) {
    return {
      cpu: null,
      reason: `sched_setaffinity(CPU ${target}) failed: ${strerror(errno())}`,
    };
  }
  return { cpu: target };
}

/**
 * Lets the calling thread run on `cpus` again (after {@link pinThisThread}).
 * Never throws.
 *
 * @param cpus What {@link allowedCpus} returned before the pin.
 * @returns `true` when the mask was set.
 */
export function unpinThisThread(cpus: readonly number[]): boolean {
  try {
    const mask = new Uint8Array(CPU_MASK_BYTES);
    for (const cpu of cpus) mask[cpu >> 3] |= 1 << (cpu & 7);
    return libc().sched_setaffinity(0, BigInt(CPU_MASK_BYTES), mask) === 0;
  } catch {
    return false;
  }
}

/** The one CPU the calling thread may run on, or `null`. */
function pinnedCpu(): number | null {
  const cpus = allowedCpus();
  return cpus !== undefined && cpus.length === 1 ? cpus[0] : null;
}

/**
 * The scheduling of the calling thread.
 *
 * @returns Policy and priority.
 */
export function currentScheduling(): {
  policy: RealtimePolicy | "other";
  priority: number;
} {
  const c = libc();
  const policy = new Int32Array(1);
  const param = new Int32Array(1);
  const rc = c.pthread_getschedparam(c.pthread_self(), policy, param);
  if (rc !== 0) return { policy: "other", priority: 0 };
  return { policy: POLICY_NAMES[policy[0]] ?? "other", priority: param[0] };
}

/** `RLIMIT_RTPRIO` (soft limit) of this process, or `undefined` if unknown. */
function rtprioLimit(): bigint | undefined {
  const lim = new BigUint64Array(2);
  return libc().getrlimit(RLIMIT_RTPRIO, lim) === 0 ? lim[0] : undefined;
}

/**
 * Puts the calling thread at normal scheduling (`SCHED_OTHER`) when it runs
 * at a real-time policy it inherited from the thread that created it, so
 * `realtime: false` always means normal priority. Never throws.
 *
 * @returns The thread's scheduling afterwards (`requested: null`).
 */
export function normalThisThread(): RealtimeState {
  if (Deno.build.os === "linux") {
    try {
      if (currentScheduling().policy !== "other") {
        const c = libc();
        c.pthread_setschedparam(
          c.pthread_self(),
          SCHED.OTHER,
          new Int32Array(1),
        );
      }
    } catch {
      // libc missing: report what the thread runs at below
    }
  }
  return stateNow(null, []);
}

/**
 * Raises the calling thread to a real-time policy and pins it to a CPU
 * (Linux). Never throws for a refusal: the returned state says what
 * happened and why.
 *
 * @param request Policy, priority and CPU (`required` is the caller's).
 * @returns The thread's scheduling afterwards, with the reason when it is
 *   not what was asked for.
 */
export function raiseThisThread(
  request: Pick<RealtimeRequest, "policy" | "priority" | "cpu">,
): RealtimeState {
  const { policy, priority, cpu } = request;
  const requested = { policy, priority, cpu };
  const cpus = allowedCpus();
  const scheduled = typeof cpu !== "number" && cpu !== "current" &&
      cpus?.length === 1
    ? {
      reason: `this process may run on one CPU only (${cpus[0]}): a ` +
        `real-time worker there starves the audio thread that hands it ` +
        `each block (PortAudio's ALSA thread polls while it waits); give ` +
        `the process two CPUs or more`,
    }
    : schedule(policy, priority);
  const reasons = scheduled.reason === undefined ? [] : [scheduled.reason];
  if (cpu !== null) {
    const pinned = pinThisThread(cpu);
    if (pinned.reason !== undefined) reasons.push(pinned.reason);
  }
  return stateNow(requested, reasons);
}

/** How the calling thread runs now, with what was asked and why not. */
function stateNow(
  requested: RealtimeState["requested"],
  reasons: readonly string[],
): RealtimeState {
  let now: { policy: RealtimePolicy | "other"; priority: number };
  try {
    now = currentScheduling();
  } catch {
    now = { policy: "other", priority: 0 };
  }
  return {
    enabled: now.policy !== "other",
    ...now,
    cpu: pinnedCpu(),
    requested,
    ...(reasons.length === 0 ? {} : { reason: reasons.join("; ") }),
  };
}

/** Sets the calling thread's policy; the reason when it was refused. */
function schedule(
  policy: RealtimePolicy,
  priority: number,
): { reason?: string } {
  if (Deno.build.os !== "linux") {
    return {
      reason:
        `real-time scheduling of callback threads is implemented for Linux only (this is ${Deno.build.os})`,
    };
  }
  let c;
  try {
    c = libc();
  } catch (e) {
    return {
      reason: `libc could not be loaded: ${
        e instanceof Error ? e.message : String(e)
      }`,
    };
  }
  const param = new Int32Array([priority]);
  const rc = c.pthread_setschedparam(
    c.pthread_self(),
    policy === "fifo" ? SCHED.FIFO : SCHED.RR,
    param,
  );
  if (rc === 0) return {};
  const name = `SCHED_${policy.toUpperCase()} priority ${priority}`;
  // pthread functions return the error number instead of setting errno.
  let reason = `pthread_setschedparam(${name}) failed: ${strerror(rc)}`;
  if (rc === 1 /* EPERM */) {
    const limit = rtprioLimit();
    const uid = c.geteuid();
    reason = `this process may not use ${name}: it is not root (uid ${uid}) ` +
      `and its RLIMIT_RTPRIO is ${
        limit === undefined ? "unknown" : String(limit)
      } (needs ${priority} or more). Debian: add the user to the "audio" ` +
      `group and enable its limits (/etc/security/limits.d/audio.conf, ` +
      `"@audio - rtprio 95"), then log in again; or ask for a lower priority`;
  } else if (rc === 22 /* EINVAL */) {
    reason = `${name} is not a valid scheduling request here (EINVAL)`;
  }
  return { reason };
}
