/**
 * The libasound symbol table and constants against the C side: every
 * prototype comment in ffi/alsa.ts is re-declared after `alsa/asoundlib.h`
 * (the compiler rejects any mismatch), every parameter and result has the
 * byte size the compiler gives the C type, every symbol is exported by the
 * shared library (`nm -D`), and every constant in ffi/alsa_constants.ts
 * equals the header's value.
 */

import assert from "node:assert/strict";
import { ALSA_SYMBOLS, asound } from "../ffi/alsa.ts";
import * as K from "../ffi/alsa_constants.ts";
import { runC } from "./_c.ts";

interface Proto {
  key: string;
  cName: string;
  ret: string;
  params: string[];
  text: string;
}

/** Reads `// <C prototype>` after each table entry of ffi/alsa.ts, in order. */
function prototypes(): Proto[] {
  const src = Deno.readTextFileSync(
    new URL("../ffi/alsa.ts", import.meta.url),
  );
  const table = src.slice(
    src.indexOf("export const ALSA_SYMBOLS"),
    src.indexOf("} as const satisfies"),
  );
  const keys = [...table.matchAll(/^ {2}(\w+): \{/gm)].map((m) => m[1]);
  const comments = [...table.matchAll(/\}, \/\/ (.+)$/gm)].map((m) => m[1]);
  assert.equal(
    comments.length,
    keys.length,
    "each symbol entry ends with its C prototype",
  );
  return keys.map((key, i) => {
    const text = comments[i].trim();
    const m = /^(.*?)\b(\w+)\((.*)\)$/.exec(text);
    assert.ok(m, `${key}: cannot read prototype "${text}"`);
    const inner = m[3].trim();
    const params = inner === "void" || inner === ""
      ? []
      : inner.split(",").map((p) => p.trim());
    return { key, cName: m[2], ret: m[1].trim(), params, text };
  });
}

/** The C type of a parameter declaration (its name removed). */
function paramType(decl: string): string {
  const m = /^(.*?[\s*])(\w+)$/.exec(decl);
  assert.ok(m, `parameter without a name: "${decl}"`);
  return m[1].trim();
}

const FFI_SIZE: Record<string, number> = {
  i8: 1,
  u8: 1,
  i16: 2,
  u16: 2,
  i32: 4,
  u32: 4,
  f32: 4,
  i64: 8,
  u64: 8,
  isize: 8,
  usize: 8,
  f64: 8,
  pointer: 8,
  buffer: 8,
  function: 8,
};

const PROTOS = prototypes();

Deno.test("every prototype comment names its symbol and lists one C parameter per FFI parameter", () => {
  for (const p of PROTOS) {
    const def = ALSA_SYMBOLS[p.key as keyof typeof ALSA_SYMBOLS] as
      & Deno.ForeignFunction
      & { name?: string };
    assert.equal(p.cName, def.name ?? p.key, `${p.key}: C name`);
    assert.equal(
      def.parameters.length,
      p.params.length,
      `${p.key}: parameter count of ${p.text}`,
    );
  }
});

Deno.test("the prototype comments agree with alsa/asoundlib.h (the compiler rejects conflicting re-declarations)", async () => {
  const unique = [...new Set(PROTOS.map((p) => p.text))];
  // A re-declaration with any different parameter or result type is a
  // compile error ("conflicting types"), so runC throws.
  const lines = await runC(
    ["alsa/asoundlib.h", ...unique.map((t) => `${t};`)],
    `printf("%d\\n", ${unique.length});`,
  );
  assert.deepEqual(lines, [String(unique.length)]);
});

Deno.test("every FFI parameter and result has the byte size of its C type", async () => {
  const cTypes: string[] = [];
  const ffiTypes: string[] = [];
  const where: string[] = [];
  for (const p of PROTOS) {
    const def = ALSA_SYMBOLS[
      p.key as keyof typeof ALSA_SYMBOLS
    ] as Deno.ForeignFunction;
    if (p.ret === "void") {
      assert.equal(def.result, "void", `${p.key}: result`);
    } else {
      cTypes.push(p.ret);
      ffiTypes.push(String(def.result));
      where.push(`${p.key} result`);
    }
    p.params.forEach((decl, i) => {
      cTypes.push(paramType(decl));
      ffiTypes.push(String(def.parameters[i]));
      where.push(`${p.key} parameter ${i} (${decl})`);
    });
  }
  const lines = await runC(
    ["alsa/asoundlib.h"],
    cTypes.map((t) => `printf("%zu\\n", sizeof(${t}));`).join("\n"),
  );
  const mismatches = where.filter((_, i) =>
    FFI_SIZE[ffiTypes[i]] !== Number(lines[i])
  ).map((w, _i) => w);
  assert.deepEqual(mismatches, []);
  // Pointers in C are pointers in the table (never a same-sized integer).
  PROTOS.forEach((p) => {
    const def = ALSA_SYMBOLS[
      p.key as keyof typeof ALSA_SYMBOLS
    ] as Deno.ForeignFunction;
    if (p.ret.includes("*")) {
      assert.equal(def.result, "pointer", `${p.key}: pointer result`);
    }
    p.params.forEach((decl, i) => {
      if (paramType(decl).includes("*")) {
        assert.ok(
          ["pointer", "buffer", "function"].includes(String(def.parameters[i])),
          `${p.key}: parameter ${i} (${decl}) is a pointer`,
        );
      }
    });
  });
});

Deno.test("every symbol of the table is exported by the libasound that asound() opens", async () => {
  // Symbols bind on first use; bind every one (throws if one is missing).
  const table = asound();
  for (const name of Object.keys(table)) {
    assert.ok((table as Record<string, unknown>)[name], name);
  }
  // Now find the file nm should read.
  const ld = await new Deno.Command("ldconfig", {
    args: ["-p"],
    stdout: "piped",
  })
    .output();
  const line = new TextDecoder().decode(ld.stdout).split("\n").find((l) =>
    /^\s*libasound\.so\.2 \(libc6,(x86-64|AArch64)/.test(l)
  );
  assert.ok(line, "ldconfig -p lists libasound.so.2");
  const path = line.split("=>")[1].trim();
  const nm = await new Deno.Command("nm", {
    args: ["-D", "--defined-only", path],
    stdout: "piped",
  }).output();
  assert.ok(nm.success, `nm -D ${path}`);
  const exported = new Set(
    new TextDecoder().decode(nm.stdout).split("\n").map((l) =>
      l.trim().split(/\s+/).at(-1)?.replace(/@.*$/, "")
    ),
  );
  const missing = [...new Set(PROTOS.map((p) => p.cName))].filter((n) =>
    !exported.has(n)
  );
  assert.deepEqual(missing, []);
});

Deno.test("every constant in ffi/alsa_constants.ts equals the header's value", async () => {
  const entries: [string, number][] = [
    ...Object.entries(K.SND_PCM_STREAM),
    ...Object.entries(K.SND_PCM_MODE),
    ["SND_PCM_ACCESS_RW_INTERLEAVED", K.SND_PCM_ACCESS_RW_INTERLEAVED],
    ...Object.entries(K.SND_PCM_STATE),
    ...Object.entries(K.SND_PCM_FORMAT),
    ...Object.entries(K.SND_PCM_TSTAMP),
    ...Object.entries(K.SND_PCM_TSTAMP_TYPE),
    ...Object.entries(K.SND_MIXER_SCHN),
    ...Object.entries(K.POLL),
  ];
  const lines = await runC(
    ["poll.h", "alsa/asoundlib.h"],
    entries.map(([k]) => `printf("%d\\n", (int)${k});`).join("\n"),
  );
  const wrong = entries.filter(([, v], i) => Number(lines[i]) !== v).map((
    [k, v],
  ) => `${k}: ours ${v}`);
  assert.deepEqual(wrong, []);
});

Deno.test("format names and widths from the table equal what C gets from the same library", async () => {
  const lib = asound();
  const formats = Object.entries(K.SND_PCM_FORMAT);
  const lines = await runC(
    ["alsa/asoundlib.h"],
    formats.map(([k]) =>
      `printf("%s %d %d\\n", snd_pcm_format_name(${k}), ` +
      `snd_pcm_format_width(${k}), snd_pcm_format_physical_width(${k}));`
    ).join("\n"),
    ["-lasound"],
  );
  const ours = formats.map(([, v]) => {
    const p = lib.snd_pcm_format_name(v);
    const name = p === null ? "(null)" : Deno.UnsafePointerView.getCString(p);
    return `${name} ${lib.snd_pcm_format_width(v)} ${
      lib.snd_pcm_format_physical_width(v)
    }`;
  });
  assert.deepEqual(ours, lines);
  const v = lib.snd_asoundlib_version();
  const [cVersion] = await runC(
    ["alsa/asoundlib.h"],
    `printf("%s\\n", snd_asoundlib_version());`,
    ["-lasound"],
  );
  assert.equal(
    v === null ? "" : Deno.UnsafePointerView.getCString(v),
    cVersion,
  );
});
