/**
 * Test helper: compiles and runs a small C program against the real headers,
 * so struct layouts and constants are checked against the C compiler itself.
 */

/**
 * Compiles `body` (statements inside `main`) with `includes` and returns stdout lines.
 * An `includes` entry holding whitespace, `;` or `{` is inserted as C code (e.g. a typedef).
 */
export async function runC(
  includes: string[],
  body: string,
  libs: string[] = [],
): Promise<string[]> {
  const dir = await Deno.makeTempDir({ prefix: "audiodev-c-" });
  try {
    const src = `${dir}/probe.c`;
    const exe = `${dir}/probe`;
    const code = [
      "#include <stdio.h>",
      "#include <stddef.h>",
      ...includes.map((h) => (/[\s;{]/.test(h) ? h : `#include <${h}>`)),
      "int main(void) {",
      body,
      "return 0; }",
    ].join("\n");
    await Deno.writeTextFile(src, code);
    const cc = await new Deno.Command("cc", {
      args: [src, "-o", exe, ...libs],
      stderr: "piped",
    })
      .output();
    if (!cc.success) {
      throw new Error(`cc failed: ${new TextDecoder().decode(cc.stderr)}`);
    }
    const run = await new Deno.Command(exe, { stdout: "piped" }).output();
    return new TextDecoder().decode(run.stdout).trim().split("\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Returns `{ size, align?, offsets }` of a C struct as the compiler lays it out.
 * `fields` maps our field names to C member names (identity when omitted).
 */
export async function cLayout(
  includes: string[],
  cType: string,
  fields: Record<string, string>,
): Promise<{ size: number; offsets: Record<string, number> }> {
  const names = Object.keys(fields);
  const body = [
    `printf("%zu\\n", sizeof(${cType}));`,
    ...names.map((n) => `printf("%zu\\n", offsetof(${cType}, ${fields[n]}));`),
  ].join("\n");
  const lines = await runC(includes, body);
  const offsets: Record<string, number> = {};
  names.forEach((n, i) => offsets[n] = Number(lines[i + 1]));
  return { size: Number(lines[0]), offsets };
}
