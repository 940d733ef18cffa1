/**
 * Runs a child program whose last stdout line is a JSON report, killing it
 * after a timeout: the tests that must see how a whole program ends (exit
 * code, signal, what it printed) share this.
 *
 * @module
 */

/** How a child program ended and what it reported. */
export interface ChildResult {
  /** Exit code (SIGKILL at the timeout gives 137). */
  code: number;
  /** The signal that ended it, if any. */
  signal: Deno.Signal | null;
  /** The last stdout line parsed as JSON, or `{ unparsed: stdout }`. */
  out: Record<string, unknown>;
  /** All of stderr. */
  stderr: string;
  /** Milliseconds from spawn to exit. */
  ms: number;
}

/**
 * Spawns `cmd args` with `env`, kills it with SIGKILL after `timeoutMs`,
 * and parses its last stdout line as JSON.
 *
 * @param cmd The program.
 * @param args Its arguments.
 * @param env Environment variables added to the inherited ones.
 * @param timeoutMs When to kill it.
 * @returns How it ended.
 */
export async function runJsonChild(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<ChildResult> {
  const t0 = performance.now();
  const proc = new Deno.Command(cmd, {
    args,
    env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => {
    try {
      proc.kill("SIGKILL");
    } catch {
      // ended meanwhile
    }
  }, timeoutMs);
  const res = await proc.output();
  clearTimeout(timer);
  const text = new TextDecoder().decode(res.stdout).trim();
  let out: Record<string, unknown>;
  try {
    out = JSON.parse(text.split("\n").pop() ?? "");
  } catch {
    out = { unparsed: text };
  }
  return {
    code: res.code,
    signal: res.signal,
    out,
    stderr: new TextDecoder().decode(res.stderr),
    ms: performance.now() - t0,
  };
}
