/**
 * Tests of the published prose: the README is a front door (small, with the
 * install lines, a quick start that runs as written outside a checkout),
 * reference material lives in docs/, links resolve, nothing speaks of how the
 * project was built, docs/cli.md shows the tool's current help, and the
 * publish workflow has what JSR's provenance needs.
 */
import assert from "node:assert/strict";
import { hwTest } from "./_hw.ts";
import { PULSE_ENV } from "./_sinks.ts";
import {
  analyseTone,
  recordMonitor,
  usePrivateSink,
} from "./realtime_fixtures/monitor.ts";
import { hardware } from "./_hw.ts";

const ROOT = new URL("../", import.meta.url);
const read = (path: string): string =>
  Deno.readTextFileSync(new URL(path, ROOT));
const README = read("README.md");
const DOCS = [...Deno.readDirSync(new URL("docs/", ROOT))]
  .filter((e) => e.name.endsWith(".md"))
  .map((e) => `docs/${e.name}`)
  .sort();
const PUBLISHED = ["README.md", "CHANGELOG.md", ...DOCS];

if (hardware) usePrivateSink("docs");

Deno.test("README is at most 30 KB and holds the install lines and the two set-up commands", () => {
  const size = new TextEncoder().encode(README).length;
  assert.ok(size <= 30 * 1024, `README is ${size} bytes`);
  for (
    const line of [
      "deno add jsr:@audiodev/audiodev",
      "sudo apt-get install libportaudio2 libasound2 libsndfile1 libpulsedsp",
      "deno install -g -A -n audiodev jsr:@audiodev/audiodev/cli",
      "bash scripts/demo.sh",
      "bash scripts/test.sh",
      "AUDIODEV_SHOW_STDERR",
    ]
  ) {
    assert.ok(README.includes(line), `README lacks ${line}`);
  }
  assert.match(README, /^## Troubleshooting$/m);
});

Deno.test("the reference material is in docs/: migration tables, real-time rules, benchmarks, ALSA, OSS", () => {
  const all = DOCS.map(read).join("\n");
  for (
    const heading of [
      "## Migration from python-sounddevice (queries)",
      "## Rules for code in callbacks",
      "### (a) Callback delivery",
      "## ALSA PCM (`@audiodev/audiodev/alsa`)",
      "### From pyalsaaudio",
      "## OSS (`@audiodev/audiodev/oss`)",
    ]
  ) {
    assert.ok(all.includes(heading), `docs/ lacks ${heading}`);
    assert.ok(!README.includes(heading), `README still holds ${heading}`);
  }
});

Deno.test("published markdown never speaks of how the project was built", () => {
  const words =
    /\bsession[- ]\d|\bissues? #?\d+|(?<![\w/])#\d+\b|\bphase \d|\bCI machine|\bour (CI|machine|build)/i;
  for (const path of PUBLISHED) {
    const lines = read(path).split("\n");
    lines.forEach((line, i) => {
      assert.doesNotMatch(line, words, `${path}:${i + 1}: ${line}`);
    });
  }
});

Deno.test("snippets that doc tests would run change nothing on the machine (mixer settings, files)", () => {
  // Blocks fenced ```ts (not ```ts ignore) are type-checked by the gate and
  // would run under `deno test --doc`: they may play sound, never change state.
  const mutating =
    /\.(setvolume|setmute|setrec|setenum|setRecsrc)\(|\bmixer\.set\(|\bwriteFile\(|Deno\.(writeFile|writeTextFile|remove|mkdir)/;
  for (const path of ["README.md", ...DOCS]) {
    for (const m of read(path).matchAll(/```ts\n([\s\S]*?)```/g)) {
      const code = m[1].replace(/\/\/.*$/gm, ""); // comments may name them
      if (code.includes("Deno.makeTempDir(")) continue; // writes only there
      assert.doesNotMatch(
        code,
        mutating,
        `${path}: a runnable snippet changes state:\n${m[1]}`,
      );
    }
  }
});

Deno.test("every relative link in README and docs/ points at a file that exists", () => {
  for (const path of PUBLISHED) {
    const base = new URL(path, ROOT);
    for (const m of read(path).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
      const target = m[1];
      if (/^[a-z]+:/.test(target)) continue;
      const url = new URL(target, base);
      assert.ok(
        (() => {
          try {
            Deno.statSync(url);
            return true;
          } catch {
            return false;
          }
        })(),
        `${path} links to ${target}, which does not exist`,
      );
    }
  }
});

Deno.test("the README links every docs/ page", () => {
  for (const path of DOCS) {
    assert.ok(README.includes(`](${path})`), `README does not link ${path}`);
  }
});

Deno.test("docs/cli.md shows each command's current --help", async () => {
  const page = read("docs/cli.md");
  for (
    const c of ["", "devices", "pcms", "play", "rec", "tone", "mixer", "info"]
  ) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--no-check",
        new URL("cli.ts", ROOT).pathname,
        ...(c ? [c] : []),
        "--help",
      ],
      stdout: "piped",
    }).output();
    const help = new TextDecoder().decode(out.stdout).trim();
    assert.ok(
      page.includes(help),
      `docs/cli.md lacks the help of "audiodev ${c}"`,
    );
  }
});

Deno.test("the publish workflow publishes to JSR with provenance, and docs are published", () => {
  const wf = read(".github/workflows/publish.yml");
  assert.match(wf, /permissions:\s*\n(\s+\S.*\n)*?\s+id-token: write/);
  assert.match(wf, /run: (deno publish|npx jsr publish)/);
  const include: string[] = JSON.parse(read("deno.json")).publish.include;
  for (const p of ["README.md", "CHANGELOG.md", "docs/**/*.md"]) {
    assert.ok(include.includes(p), `publish.include lacks ${p}`);
  }
});

/** The README's quick start, as a user copies it. */
function quickStart(): string {
  const m = /Save this as `tone\.ts`[^\n]*\n\n```ts[^\n]*\n([\s\S]*?)```/.exec(
    README,
  );
  assert.ok(m, "README has a quick start saved as tone.ts");
  return m[1];
}

hwTest(
  "the README's quick start runs as written outside a checkout with the flags it gives, and is heard",
  async () => {
    const code = quickStart();
    const command = /```sh\n(deno run [^\n]*tone\.ts)\n```/.exec(README)?.[1];
    assert.ok(command, "README gives the command that runs tone.ts");
    const flags = command.split(" ").slice(2, -1);
    assert.deepEqual(flags, ["--allow-ffi", "--allow-env"]);
    // JSR is not reachable from the test machines: the published package is
    // this checkout, so the specifier is pointed at it and nothing else changes.
    const dir = Deno.makeTempDirSync({ prefix: "audiodev_quickstart_" });
    try {
      Deno.writeTextFileSync(
        `${dir}/tone.ts`,
        code.replace(
          '"jsr:@audiodev/audiodev"',
          JSON.stringify(new URL("mod.ts", ROOT).href),
        ),
      );
      await new Promise((r) => setTimeout(r, 2500)); // the private sink settles
      const rec = await recordMonitor();
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", ...flags, "tone.ts"],
        cwd: dir,
        env: { ...PULSE_ENV },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      await new Promise((r) => setTimeout(r, 200));
      const a = analyseTone(await rec.stop());
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      assert.match(new TextDecoder().decode(out.stdout), /default, ALSA/);
      assert.ok(
        Math.abs(a.frequency - 440) < 5,
        `frequency ${a.frequency} ${JSON.stringify(a)}`,
      );
      assert.ok(Math.abs(a.peak - 0.2) < 0.02, `peak ${a.peak}`);
      assert.ok(a.duration > 0.9 && a.duration < 1.1, `heard ${a.duration} s`);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
);
