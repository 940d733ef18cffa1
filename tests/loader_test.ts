import assert from "node:assert/strict";
import {
  canLoadLibrary,
  LibraryLoadError,
  loadLibrary,
} from "../ffi/loader.ts";
import { PORTAUDIO } from "../ffi/portaudio.ts";

function missingSpec(name: string): typeof PORTAUDIO {
  return {
    ...PORTAUDIO,
    name,
    envVar: "AUDIODEV_TEST_MISSING_PATH",
    candidates: {
      linux: ["libportaudio-missing.so.2", "libportaudio-missing.so"],
    },
  };
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return assert.fail("expected an error");
}

Deno.test("loadLibrary() of a missing library throws a LibraryLoadError listing paths, env var and package", () => {
  const e = catchError(() => loadLibrary(missingSpec("missing-1")));
  assert.ok(e instanceof LibraryLoadError);
  assert.deepEqual(e.triedPaths, [
    "libportaudio-missing.so.2",
    "libportaudio-missing.so",
  ]);
  assert.match(
    e.message,
    /Tried: libportaudio-missing\.so\.2, libportaudio-missing\.so\./,
  );
  assert.match(e.message, /Set AUDIODEV_TEST_MISSING_PATH/);
  assert.match(e.message, /apt-get install libportaudio2/);
  assert.equal(e.permissionDenied, false);
  assert.ok(e.cause instanceof Error, "keeps the dlopen error as cause");
});

Deno.test("loadLibrary() tries the env override before the sonames", () => {
  Deno.env.set("AUDIODEV_TEST_MISSING_PATH", "/nonexistent/libx.so");
  try {
    const e = catchError(() => loadLibrary(missingSpec("missing-2")));
    assert.ok(e instanceof LibraryLoadError);
    assert.deepEqual(e.triedPaths, [
      "/nonexistent/libx.so",
      "libportaudio-missing.so.2",
      "libportaudio-missing.so",
    ]);
  } finally {
    Deno.env.delete("AUDIODEV_TEST_MISSING_PATH");
  }
});

Deno.test("canLoadLibrary() is true for the installed PortAudio and false for a missing library", () => {
  assert.equal(canLoadLibrary(PORTAUDIO), true);
  assert.equal(canLoadLibrary(missingSpec("missing-3")), false);
});

Deno.test("importing mod.ts needs no permission; a query without --allow-ffi names the flag to add", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/noffi.ts`;
    await Deno.writeTextFile(
      file,
      `import { queryDevices } from "${
        new URL("../mod.ts", import.meta.url).href
      }";
try { queryDevices(); } catch (e) { console.log(e.name + "|" + e.permissionDenied + "|" + e.message); }`,
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-prompt", file],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.match(
      new TextDecoder().decode(out.stdout).trim(),
      /^LibraryLoadError\|true\|.*--allow-ffi/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// Hide the installed libportaudio from one process with a private mount
// namespace (root only), so the real "not installed" path is exercised.
const canHide = await (async () => {
  try {
    const p = await new Deno.Command("unshare", {
      args: ["--mount", "true"],
      stderr: "null",
    }).output();
    return p.success;
  } catch {
    return false;
  }
})();

Deno.test({
  name:
    "with libportaudio missing, the CLI prints one clear error (no FFI stack) and exits 1",
  ignore: !canHide,
  async fn(): Promise<void> {
    const lib = await Deno.realPath(
      "/usr/lib/x86_64-linux-gnu/libportaudio.so.2",
    );
    const empty = await Deno.makeTempFile();
    try {
      const cli = new URL("../cli.ts", import.meta.url).pathname;
      const out = await new Deno.Command("unshare", {
        args: [
          "--mount",
          "sh",
          "-c",
          `mount --bind "${empty}" "${lib}" && exec "${Deno.execPath()}" run -A "${cli}"`,
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(out.stderr).trim();
      assert.equal(out.code, 1);
      assert.equal(
        stderr.split("\n").length,
        1,
        `one line expected, got:\n${stderr}`,
      );
      assert.match(
        stderr,
        /^audiodev: Cannot load PortAudio\. Tried: libportaudio\.so\.2, libportaudio\.so\./,
      );
      assert.match(stderr, /AUDIODEV_PORTAUDIO_PATH/);
      assert.match(stderr, /apt-get install libportaudio2/);
      assert.doesNotMatch(stderr, /at \S+:\d+:\d+/, "no stack trace");
    } finally {
      await Deno.remove(empty);
    }
  },
});

Deno.test("symbols bind on first use: a missing one throws a LibraryLoadError naming it, the others work", () => {
  const lib = loadLibrary({
    name: "libc (lazy binding test)",
    envVar: "AUDIODEV_TEST_LIBC_PATH",
    candidates: { linux: ["libc.so.6"] },
    debianPackage: "libc6",
    symbols: {
      getpid: { parameters: [], result: "i32" },
      audiodev_no_such_symbol: { parameters: [], result: "i32" },
    },
  });
  assert.equal(lib.symbols.getpid(), Deno.pid);
  const e = catchError(() => lib.symbols.audiodev_no_such_symbol());
  assert.ok(e instanceof LibraryLoadError);
  assert.match(
    e.message,
    /libc \(lazy binding test\) \(libc\.so\.6\) cannot bind audiodev_no_such_symbol/,
  );
  assert.match(e.message, /apt-get install libc6/);
  // bound once: the same function object on every read
  assert.equal(lib.symbols.getpid, lib.symbols.getpid);
});

Deno.test("every PortAudio symbol of the table binds", () => {
  const lib = loadLibrary(PORTAUDIO);
  for (const [name, fn] of Object.entries(lib.symbols)) {
    assert.equal(typeof fn, "function", name);
  }
});

Deno.test("without --allow-env on a terminal, reading AUDIODEV_* variables does not prompt", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const prog = `${dir}/env.ts`;
    const loader = new URL("../ffi/loader.ts", import.meta.url).href;
    await Deno.writeTextFile(
      prog,
      `import { readEnv } from "${loader}";\nconsole.log("value=" + readEnv("AUDIODEV_PORTAUDIO_PATH"));\n`,
    );
    // `script` gives the child a terminal, where Deno would ask and wait.
    const out = await new Deno.Command("timeout", {
      args: [
        "10",
        "script",
        "-qec",
        `${Deno.execPath()} run --no-check --allow-read ${prog}`,
        "/dev/null",
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1", AUDIODEV_PORTAUDIO_PATH: "/nowhere" },
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, text);
    assert.match(text, /value=undefined/);
    assert.doesNotMatch(text, /requests env access/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
