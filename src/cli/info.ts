/**
 * `audiodev info FILE...`: what a sound file holds, as sox's `soxi` shows it.
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { info as fileInfo, type SoundFileInfo } from "../../soundfile.ts";
import { clockTime } from "./meter.ts";
import { parseCommandLine, UsageError } from "./program.ts";

/** Help of `audiodev info`. */
export const INFO_HELP = `Usage: audiodev info [options] FILE...

Shows what sound files hold (format, encoding, channels, rate, length), as
soxi does.

Options:
  --json                print the information as a JSON array, one object per file
  -h, --help            show this help and exit`;

const OPTIONS = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * A size or rate with three significant figures and a k/M/G suffix, as sox
 * prints them (`35.3k`, `1.41M`).
 *
 * @param n The number.
 * @returns The text.
 * @example
 * ```ts
 * import { threeFigures } from "./info.ts";
 * threeFigures(35324); // "35.3k"
 * ```
 */
export function threeFigures(n: number): string {
  if (n < 1000) return String(Math.round(n));
  const suffixes = ["k", "M", "G", "T"];
  let i = -1;
  while (n >= 999.5 && i < suffixes.length - 1) {
    n /= 1000;
    i++;
  }
  const digits = n >= 100 ? 0 : n >= 10 ? 1 : 2;
  return n.toFixed(digits) + suffixes[i];
}

/** What `audiodev info --json` prints for a file. */
export interface FileReport extends SoundFileInfo {
  /** Size of the file in bytes. */
  readonly bytes: number;
}

/**
 * The report of one file.
 *
 * @param path The file.
 * @returns libsndfile's information plus the size in bytes.
 * @throws {SoundFileError} When libsndfile cannot open the file.
 * @example
 * ```ts ignore
 * import { fileReport } from "./info.ts";
 * console.log(fileReport("take1.wav").duration);
 * ```
 */
export function fileReport(path: string): FileReport {
  const i = fileInfo(path);
  return { ...i, bytes: Deno.statSync(path).size };
}

/**
 * The report as soxi's text.
 *
 * @param r The report.
 * @returns Lines like `Channels       : 2`.
 * @example
 * ```ts ignore
 * import { fileReport, formatReport } from "./info.ts";
 * console.log(formatReport(fileReport("take1.wav")));
 * ```
 */
export function formatReport(r: FileReport): string {
  const bits = /^PCM_[SU]?(\d+)$/.exec(r.subtype)?.[1];
  const rows: [string, string][] = [
    ["Input File", `'${r.name}'`],
    ["Channels", String(r.channels)],
    ["Sample Rate", String(r.samplerate)],
  ];
  if (bits) rows.push(["Precision", `${bits}-bit`]);
  rows.push(
    ["Duration", `${clockTime(r.duration)} = ${r.frames} samples`],
    ["File Size", threeFigures(r.bytes)],
  );
  if (r.duration > 0) {
    rows.push(["Bit Rate", threeFigures(r.bytes * 8 / r.duration)]);
  }
  rows.push(
    ["Format", r.formatInfo || r.format],
    [
      "Sample Encoding",
      `${r.subtype}${r.subtypeInfo ? ` (${r.subtypeInfo})` : ""}`,
    ],
  );
  return rows.map(([k, v]) => `${k.padEnd(15)}: ${v}`).join("\n");
}

/**
 * Runs `audiodev info`.
 *
 * @param args The arguments after `info`.
 * @returns The exit status (0).
 * @throws {UsageError} For a wrong command line.
 * @throws {SoundFileError} When a file cannot be opened.
 * @example
 * ```ts ignore
 * import { info } from "./info.ts";
 * await info(["--json", "take1.wav"]);
 * ```
 */
export function info(args: string[]): number {
  const { values, positionals } = parseCommandLine(args, OPTIONS);
  if (values.help) {
    console.log(INFO_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError("info needs a FILE");
  const reports = positionals.map(fileReport);
  if (values.json) {
    console.log(JSON.stringify(reports, null, 2));
  } else {
    console.log("\n" + reports.map(formatReport).join("\n\n") + "\n");
  }
  return 0;
}
