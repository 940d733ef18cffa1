/**
 * Test helpers: assert that a call throws or rejects with an error of a given
 * class whose message names every given word (the function, the argument,
 * what is allowed).
 *
 * @module
 */
import assert from "node:assert/strict";

/** An error class. */
export type ErrorClass = new (...args: never[]) => Error;

/** Asserts that `e` is a `cls` whose message holds every one of `words`. */
export function names(e: unknown, cls: ErrorClass, words: string[]): true {
  assert.ok(
    e instanceof cls,
    `expected a ${cls.name}, got ${
      e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)
    }`,
  );
  for (const w of words) {
    assert.ok(
      (e as Error).message.includes(w),
      `${JSON.stringify((e as Error).message)} does not name ${
        JSON.stringify(w)
      }`,
    );
  }
  return true;
}

/** Asserts that `f()` throws a `cls` whose message holds every one of `words`. */
export function throwsNaming(
  f: () => unknown,
  cls: ErrorClass,
  words: string[],
): void {
  assert.throws(f, (e: unknown) => names(e, cls, words));
}

/** Awaits `f()`, which must reject within 5 s (a call that never settles fails). */
export async function rejectsNaming(
  f: () => unknown,
  cls: ErrorClass,
  words: string[],
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error("the call did not settle within 5 s")),
      5000,
    );
  });
  try {
    await assert.rejects(
      Promise.race([Promise.resolve().then(f), timeout]),
      (e: unknown) => names(e, cls, words),
    );
  } finally {
    clearTimeout(timer);
  }
}
