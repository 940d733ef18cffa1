/**
 * Real-time scheduling for the thread that runs a callback isolate: a
 * `WorkerStream`'s worker raises its own OS thread (a Worker's JavaScript
 * runs on a thread of its own) to `SCHED_FIFO` or `SCHED_RR`, so that it
 * wakes within a fraction of a period when the audio thread hands it a
 * block, however busy the rest of the machine is.
 *
 * @module
 */

import { libc, RLIMIT_RTPRIO, SCHED, strerror } from "../../ffi/libc.ts";

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
   * real-time. `false` (default): the stream runs at normal priority and
   * `realtime.reason` says why.
   */
  required?: boolean;
}

/** How a callback isolate's thread is scheduled. */
export interface RealtimeState {
  /** `true` when the thread runs with a real-time policy. */
  readonly enabled: boolean;
  /** The thread's policy now: `"fifo"`, `"rr"` or `"other"` (normal). */
  readonly policy: RealtimePolicy | "other";
  /** The thread's real-time priority now (0 for `"other"`). */
  readonly priority: number;
  /** What was asked for (`null`: real-time scheduling was turned off). */
  readonly requested:
    | { readonly policy: RealtimePolicy; readonly priority: number }
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
):
  | { policy: RealtimePolicy; priority: number; required: boolean }
  | null {
  if (value === false) return null;
  if (value === undefined || value === true) {
    return {
      policy: "fifo",
      priority: DEFAULT_REALTIME_PRIORITY,
      required: false,
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(
      `realtime must be true, false or { policy, priority, required }, got ${
        typeof value === "string" ? JSON.stringify(value) : String(value)
      }`,
    );
  }
  for (const key of Object.keys(value)) {
    if (key !== "policy" && key !== "priority" && key !== "required") {
      throw new TypeError(
        `realtime: unknown option ${
          JSON.stringify(key)
        }; valid options: policy, priority, required`,
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
  return { policy, priority, required };
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
  let now: { policy: RealtimePolicy | "other"; priority: number };
  try {
    now = currentScheduling();
  } catch {
    now = { policy: "other", priority: 0 };
  }
  return { enabled: now.policy !== "other", ...now, requested: null };
}

/**
 * Raises the calling thread to a real-time policy (Linux). Never throws for
 * a refusal: the returned state says what happened and why.
 *
 * @param policy `"fifo"` or `"rr"`.
 * @param priority 1-99.
 * @returns The thread's scheduling afterwards, with the reason when it is
 *   not what was asked for.
 */
export function raiseThisThread(
  policy: RealtimePolicy,
  priority: number,
): RealtimeState {
  const requested = { policy, priority };
  if (Deno.build.os !== "linux") {
    return {
      enabled: false,
      policy: "other",
      priority: 0,
      requested,
      reason:
        `real-time scheduling of callback threads is implemented for Linux only (this is ${Deno.build.os})`,
    };
  }
  let c;
  try {
    c = libc();
  } catch (e) {
    return {
      enabled: false,
      policy: "other",
      priority: 0,
      requested,
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
  const now = currentScheduling();
  if (rc === 0) {
    return { enabled: now.policy !== "other", ...now, requested };
  }
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
  return { enabled: now.policy !== "other", ...now, requested, reason };
}
