/**
 * Test helper: the hardware flag.
 *
 * Device tests run only when `--hardware` is passed after `--` to `deno test`
 * (`deno test -A -- --hardware`) or `AUDIODEV_HARDWARE=1` is set. Without it
 * they are reported as ignored, never as passed.
 */

function envFlag(): boolean {
  try {
    return Deno.env.get("AUDIODEV_HARDWARE") === "1";
  } catch {
    return false;
  }
}

/** `true` when device tests should run. */
export const hardware: boolean = Deno.args.includes("--hardware") || envFlag();

/** Registers a test that needs the (virtual) sound device. */
export function hwTest(
  name: string,
  fn: (t: Deno.TestContext) => void | Promise<void>,
): void {
  Deno.test({
    name,
    ignore: !hardware,
    fn,
    sanitizeResources: false,
    sanitizeOps: false,
  });
}
