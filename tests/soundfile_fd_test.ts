/**
 * A sound file's descriptor is closed exactly once, whether libsndfile
 * opens it or refuses it: a second close() of the same number closes
 * whatever another thread has opened under that number meanwhile (a
 * worker's module import failed with EBADF). Checked with strace on a
 * child program: every close() of the file's descriptor after it was
 * opened, until the program marks its end.
 *
 * @module
 */
import assert from "node:assert/strict";

const child = `
import { SoundFile } from ${
  JSON.stringify(new URL("../soundfile.ts", import.meta.url).href)
};
const [path, mode] = Deno.args;
try {
  const f = new SoundFile(path, mode === "r" ? {} : { mode: "w", samplerate: 8000, channels: 1 });
  if (mode === "r") f.read(10); else f.write(new Float32Array(8));
  f.close();
} catch { /* a refused open is what some cases test */ }
`;

/** The close() results for `path`'s descriptor, traced by strace. */
async function closesOf(path: string, mode: "r" | "w"): Promise<string[]> {
  const dir = await Deno.makeTempDir();
  try {
    const script = `${dir}/child.ts`;
    await Deno.writeTextFile(script, child);
    const trace = `${dir}/trace.txt`;
    const r = await new Deno.Command("strace", {
      args: [
        "-f",
        "-qq",
        "-e",
        "trace=openat,close",
        "-o",
        trace,
        Deno.execPath(),
        "run",
        "-A",
        "--no-check",
        script,
        path,
        mode,
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
    const lines = (await Deno.readTextFile(trace)).split("\n");
    const at = lines.findIndex((l) =>
      l.includes(`openat(AT_FDCWD, ${JSON.stringify(path)}`) && !/= -1/.test(l)
    );
    assert.ok(at >= 0, `strace saw no open of ${path}`);
    const fd = /= (\d+)$/.exec(lines[at])![1];
    // Closes of that number until it is opened again by something else.
    const out: string[] = [];
    for (const l of lines.slice(at + 1)) {
      if (new RegExp(`\\bclose\\(${fd}\\)`).test(l)) {
        out.push(l.replace(/^\d+\s+/, "").replace(/\s+/g, " "));
      } else if (new RegExp(`= ${fd}$`).test(l)) break;
    }
    return out;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a refused sound file's descriptor is closed once (a directory, a text file, an empty file)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/text.wav`, "not a sound file\n");
    await Deno.writeFile(`${dir}/empty.wav`, new Uint8Array(0));
    for (const p of [dir, `${dir}/text.wav`, `${dir}/empty.wav`]) {
      const closes = await closesOf(p, "r");
      assert.deepEqual(closes.length, 1, `${p}: ${closes.join("; ")}`);
      assert.match(closes[0], /= 0$/);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an opened sound file's descriptor is closed once, by close()", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const p = `${dir}/out.wav`;
    const written = await closesOf(p, "w");
    assert.deepEqual(written.length, 1, written.join("; "));
    const read = await closesOf(p, "r");
    assert.deepEqual(read.length, 1, read.join("; "));
    assert.match(read[0], /= 0$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
