import assert from "node:assert/strict";
import { hwTest } from "./_hw.ts";

const OSS = new URL("../oss.ts", import.meta.url).href;

/** Runs `code` in a child Deno with `flags`; returns its stdout line. */
async function child(flags: string[], code: string): Promise<string> {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/c.ts`;
    await Deno.writeTextFile(file, `import * as oss from "${OSS}";\n${code}`);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-check", ...flags, file],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    return new TextDecoder().decode(out.stdout).trim() +
      new TextDecoder().decode(out.stderr).trim();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const TRY = (call: string): string =>
  `try { const d = ${call}; d.closeSync(); console.log("opened"); }
   catch (e) { console.log(e instanceof Deno.errors.NotCapable ? "NotCapable: " + e.message : "other: " + e); }`;

hwTest(
  "OSS open() and openMixer() ask Deno for the device path's permissions",
  async () => {
    // FFI alone used to open /dev/dsp and /dev/mixer, whatever --allow-read/--allow-write said.
    const ffiOnly = ["--allow-ffi", "--allow-env"];
    const w = await child(ffiOnly, TRY(`oss.open("/dev/dsp", "w")`));
    assert.match(
      w,
      /^NotCapable: Requires write access to "\/dev\/dsp".*--allow-write.*open/,
    );
    const r = await child(ffiOnly, TRY(`oss.open("/dev/dsp", "r")`));
    assert.match(r, /^NotCapable: Requires read access to "\/dev\/dsp"/);
    const m = await child(ffiOnly, TRY(`oss.openMixer()`));
    assert.match(
      m,
      /^NotCapable: Requires read access to "\/dev\/mixer".*openMixer/,
    );
    const onlyRead = await child(
      [...ffiOnly, "--allow-read=/dev/dsp"],
      TRY(`oss.open("/dev/dsp", "rw")`),
    );
    assert.match(onlyRead, /^NotCapable: Requires write access/);
    const granted = await child(
      [...ffiOnly, "--allow-read=/dev/dsp", "--allow-write=/dev/dsp"],
      TRY(`oss.open("/dev/dsp", "w")`),
    );
    assert.equal(granted, "opened");
  },
);
