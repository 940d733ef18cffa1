/**
 * Errors across the worker boundary of a `WorkerStream`: the worker
 * describes an exception (class name, message, stack, own data properties,
 * cause); the main thread rebuilds it as an instance of the same class, so
 * `instanceof DeviceSelectionError` or `e.code` of a `PortAudioError` work
 * there as they would on the main thread.
 *
 * @module
 */

import type { ErrorInfo } from "./messages.ts";
import { PortAudioError } from "../portaudio/errors.ts";
import { DeviceSelectionError } from "../portaudio/devices.ts";
import { CallbackAbort, CallbackStop } from "../portaudio/callback.ts";
import { LibraryLoadError } from "../../ffi/loader.ts";

/** Classes rebuilt by name (anything else becomes an `Error` keeping its name). */
const CLASSES: Record<string, { prototype: Error }> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
  PortAudioError,
  DeviceSelectionError,
  LibraryLoadError,
  CallbackStop,
  CallbackAbort,
};

function cloneable(v: unknown): boolean {
  try {
    structuredClone(v);
    return true;
  } catch {
    return false;
  }
}

/**
 * Describes a thrown value for `postMessage` (never throws).
 *
 * @param e What was thrown.
 * @param depth Cause nesting so far.
 * @returns A structured-cloneable description.
 */
export function describeError(e: unknown, depth = 0): ErrorInfo {
  if (!(e instanceof Error)) {
    let text: string;
    try {
      text = typeof e === "string" ? e : String(e);
    } catch {
      text = Object.prototype.toString.call(e);
    }
    return {
      name: "Error",
      message: `a callback threw a value that is not an Error: ${
        typeof e === "string" ? JSON.stringify(e) : text
      }`,
      nonError: true,
    };
  }
  const props: Record<string, unknown> = {};
  for (const key of Object.keys(e)) {
    if (key === "message" || key === "name" || key === "stack") continue;
    const v = (e as unknown as Record<string, unknown>)[key];
    if (typeof v !== "function" && cloneable(v)) props[key] = v;
  }
  const info: ErrorInfo = {
    name: e.name,
    message: e.message,
    stack: e.stack,
    props,
  };
  if (e.cause !== undefined && depth < 4) {
    info.cause = describeError(e.cause, depth + 1);
  }
  return info;
}

/**
 * Rebuilds an error described by {@linkcode describeError} as an instance
 * of its class (when the class is one of the package's or a built-in one).
 *
 * @param info The description.
 * @param context Text put before the message (e.g. what was being done).
 * @returns The error.
 */
export function rebuildError(info: ErrorInfo, context?: string): Error {
  const cls = Object.hasOwn(CLASSES, info.name)
    ? CLASSES[info.name]
    : denoError(info.name);
  const e = Object.create((cls ?? Error).prototype) as Error;
  const message = context ? `${context}: ${info.message}` : info.message;
  Object.defineProperty(e, "message", {
    value: message,
    writable: true,
    configurable: true,
  });
  if (cls === undefined || e.name !== info.name) {
    Object.defineProperty(e, "name", {
      value: info.name,
      writable: true,
      configurable: true,
    });
  }
  for (const [k, v] of Object.entries(info.props ?? {})) {
    Object.defineProperty(e, k, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  if (info.cause !== undefined) {
    Object.defineProperty(e, "cause", {
      value: rebuildError(info.cause),
      writable: true,
      configurable: true,
    });
  }
  const stackBody = (info.stack ?? "").split("\n").slice(1).join("\n");
  Object.defineProperty(e, "stack", {
    value: `${info.name}: ${message}` +
      (stackBody ? `\n${stackBody}` : "") +
      "\n    (in the WorkerStream's worker)",
    writable: true,
    configurable: true,
  });
  return e;
}

/** `Deno.errors.NotFound` and friends, by name. */
function denoError(name: string): { prototype: Error } | undefined {
  const errors = Deno.errors as unknown as Record<string, unknown>;
  const cls = Object.hasOwn(errors, name) ? errors[name] : undefined;
  return typeof cls === "function" && cls.prototype instanceof Error
    ? cls as { prototype: Error }
    : undefined;
}
