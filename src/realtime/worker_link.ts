/**
 * The main thread's end of a `WorkerStream`'s worker (internal): starting
 * the worker, keeping the program alive only while something waits on it,
 * and making sure that every worker has closed its stream and released
 * PortAudio before the program ends, however it ends (end of the event
 * loop, `Deno.exit()`, a stream dropped without `close()`).
 *
 * The worker is a `node:worker_threads` Worker because that is the one kind
 * of Deno worker that can be unreferenced: a web `Worker` keeps the program
 * alive for as long as it exists, so a stream never closed would keep it
 * alive for good, where a PortAudio stream left running does not.
 *
 * @module
 */

import { Worker } from "node:worker_threads";
import { S } from "./status.ts";
import type { HostMessage, WorkerReply } from "./messages.ts";

/** How long the program's end waits for one worker to release PortAudio. */
const EXIT_WAIT_MS = 3000;

/** Every worker that has not released PortAudio yet. */
const live = new Set<WorkerLink>();
let exitHooked = false;

/**
 * When the program ends, each worker still holding PortAudio is told to
 * close and release it, and the main thread waits (on the shared status
 * block, at most {@linkcode EXIT_WAIT_MS} each) until it has: the process
 * must not end while PortAudio's threads run code in a worker's isolate.
 */
function releaseAllAtExit(): void {
  for (const link of live) link.requestClose();
  for (const link of live) link.waitReleased(EXIT_WAIT_MS);
}

/**
 * An uncaught exception or unhandled rejection that no listener before this
 * one handled ends the program: release PortAudio first. (A listener
 * registered later that calls `preventDefault()` keeps the program running
 * with its WorkerStreams closed.)
 */
function releaseUnlessHandled(e: Event): void {
  if (!e.defaultPrevented) releaseAllAtExit();
}

/** The URL a node worker can load: a file URL as it is, others through a data: module. */
function workerSpecifier(url: URL): URL {
  if (url.protocol === "file:") return url;
  return new URL(
    `data:text/javascript,import ${
      encodeURIComponent(JSON.stringify(url.href))
    };`,
  );
}

/** One worker and the status block it shares with the main thread. */
export class WorkerLink {
  readonly #worker: Worker;
  readonly #ints: Int32Array;
  #holds = 0;
  #closeSent = false;
  #ended = false;
  /** Replies from the worker (set by the stream; absent after GC). */
  onReply: ((m: WorkerReply) => void) | null = null;
  /** The worker failed as a whole (set by the stream). */
  onFailure: ((e: Error) => void) | null = null;

  /**
   * Starts the worker.
   *
   * @param url The worker module.
   * @param ints The status block's Int32 words.
   */
  constructor(url: URL, ints: Int32Array) {
    this.#ints = ints;
    this.#worker = new Worker(workerSpecifier(url));
    this.#worker.unref();
    live.add(this);
    if (!exitHooked) {
      exitHooked = true;
      globalThis.addEventListener("unload", releaseAllAtExit);
      // An uncaught exception ends the program without "unload".
      globalThis.addEventListener("error", releaseUnlessHandled);
      globalThis.addEventListener("unhandledrejection", releaseUnlessHandled);
    }
    this.#worker.on("message", (m: WorkerReply | { type: string }) => {
      if (!("op" in m)) return; // the node worker's own "online" note
      if (m.op === "done" && m.id === -1) this.#end();
      this.onReply?.(m);
    });
    this.#worker.on("error", (e: unknown) => {
      this.onFailure?.(
        e instanceof Error
          ? e
          : new Error(`WorkerStream worker failed: ${String(e)}`),
      );
    });
    this.#worker.on("exit", () => {
      const unexpected = !this.#ended;
      this.#ended = true;
      live.delete(this);
      if (unexpected) {
        this.onFailure?.(new Error("the WorkerStream's worker ended"));
      }
    });
  }

  /** `true` once the worker is gone. */
  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Sends a message to the worker.
   *
   * @param m The message.
   */
  post(m: HostMessage): void {
    if (!this.#ended) this.#worker.postMessage(m);
  }

  /** Keeps the program alive (something awaits the worker) until {@linkcode release}. */
  hold(): void {
    if (this.#holds++ === 0 && !this.#ended) this.#worker.ref();
  }

  /** Undoes one {@linkcode hold}. */
  release(): void {
    if (--this.#holds === 0 && !this.#ended) this.#worker.unref();
  }

  /**
   * Asks the worker to close its stream and release PortAudio (once; the
   * reply ends the worker). Used at exit and for a stream dropped without
   * `close()`.
   */
  requestClose(): void {
    if (this.#closeSent || this.#ended) return;
    this.#closeSent = true;
    this.post({ op: "close", id: -1, exit: true });
  }

  /**
   * Blocks the calling thread until the worker released PortAudio.
   *
   * @param ms The longest wait.
   * @returns `true` when it did.
   */
  waitReleased(ms: number): boolean {
    const end = performance.now() + ms;
    while (Atomics.load(this.#ints, S.released) === 0) {
      const left = end - performance.now();
      if (left <= 0) return false;
      Atomics.wait(this.#ints, S.released, 0, left);
    }
    return true;
  }

  /** Ends the worker once it has released PortAudio (after a close). */
  terminate(): void {
    this.#end();
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    live.delete(this);
    this.#worker.terminate();
  }
}
