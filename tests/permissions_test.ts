/**
 * requirePathPermission() against Deno's real permission system, in child
 * processes run with different flags.
 */

import assert from "node:assert/strict";

const DENO = Deno.execPath();
const PROBE = new URL("./permissions_fixtures/probe.ts", import.meta.url)
  .pathname;

async function probe(
  flags: string[],
  checks: [string, "read" | "write" | ("read" | "write")[]][],
): Promise<(string | null)[]> {
  const result = await new Deno.Command(DENO, {
    args: ["run", "--no-prompt", ...flags, PROBE, JSON.stringify(checks)],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const stderr = new TextDecoder().decode(result.stderr);
  assert.equal(result.code, 0, stderr);
  return JSON.parse(new TextDecoder().decode(result.stdout));
}

Deno.test("requirePathPermission() refuses without the flag, with Deno's wording and the asking function", async () => {
  const out = await probe([], [["/tmp/a.wav", "read"], [
    "/tmp/a.wav",
    "write",
  ]]);
  assert.deepEqual(out, [
    'NotCapable: Requires read access to "/tmp/a.wav", run again with the --allow-read flag (needed by probe)',
    'NotCapable: Requires write access to "/tmp/a.wav", run again with the --allow-write flag (needed by probe)',
  ]);
});

Deno.test("requirePathPermission() follows --allow-read=DIR, --allow-write=DIR and --deny-read", async () => {
  const dir = await Deno.makeTempDir({ prefix: "audiodev-perm-" });
  try {
    const out = await probe(
      [
        `--allow-read=${dir}`,
        `--allow-write=${dir}/out`,
        `--deny-read=${dir}/secret`,
      ],
      [
        [`${dir}/a.wav`, "read"],
        [`${dir}/sub/b.flac`, "read"],
        [`${dir}/a.wav`, "write"],
        [`${dir}/out/c.wav`, ["read", "write"]],
        [`${dir}/secret/d.wav`, "read"],
        ["/etc/passwd", "read"],
      ],
    );
    assert.equal(out[0], null);
    assert.equal(out[1], null);
    assert.match(
      out[2]!,
      /^NotCapable: Requires write access to .*--allow-write flag/,
    );
    assert.equal(out[3], null);
    assert.match(
      out[4]!,
      /^NotCapable: Requires read access to ".*secret\/d\.wav"/,
    );
    assert.match(
      out[5]!,
      /^NotCapable: Requires read access to "\/etc\/passwd"/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("requirePathPermission() passes everything with --allow-all", async () => {
  const out = await probe(["-A"], [["/etc/passwd", ["read", "write"]]]);
  assert.deepEqual(out, [null]);
});
