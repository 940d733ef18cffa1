/**
 * Progress and level display of the `audiodev` tool: a status line redrawn
 * in place on stderr (only when stderr is a terminal), showing elapsed and
 * remaining time and a level meter per channel, as sox's `play -S` does.
 *
 * @module
 */

/** Lowest level the meter shows, in dBFS. */
const FLOOR_DB = -48;
/** Cells per channel in the meter. */
const CELLS = 8;

/**
 * Peak absolute value of each channel of interleaved samples, folded into
 * `peaks` (the larger of the old and new value is kept).
 *
 * @param samples Interleaved samples (float, full scale 1).
 * @param channels Channels.
 * @param peaks One running peak per channel; updated in place.
 * @returns How many samples were at or beyond full scale (clipped).
 * @example Peaks of a stereo block
 * ```ts
 * import { foldPeaks } from "./meter.ts";
 * const peaks = new Float64Array(2);
 * foldPeaks(new Float32Array([0.5, -0.25, -1, 0]), 2, peaks); // 1 clipped
 * // peaks: [1, 0.25]
 * ```
 */
export function foldPeaks(
  samples: ArrayLike<number>,
  channels: number,
  peaks: Float64Array,
): number {
  let clipped = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = Math.abs(samples[i]);
    if (v >= 1) clipped++;
    const c = i % channels;
    if (v > peaks[c]) peaks[c] = v;
  }
  return clipped;
}

/**
 * A level in dBFS, `-Infinity` for silence.
 *
 * @param peak A peak absolute value (full scale 1).
 * @returns The level in dB relative to full scale.
 * @example Half scale
 * ```ts
 * import { toDbfs } from "./meter.ts";
 * toDbfs(0.5); // about -6.02
 * ```
 */
export function toDbfs(peak: number): number {
  return peak > 0 ? 20 * Math.log10(peak) : -Infinity;
}

function cells(peak: number): string {
  const db = toDbfs(peak);
  let s = "";
  for (let i = 0; i < CELLS; i++) {
    const threshold = FLOOR_DB + (i * -FLOOR_DB) / CELLS;
    const half = threshold + (-FLOOR_DB / CELLS) / 2;
    s += db >= half ? "=" : db >= threshold ? "-" : " ";
  }
  return s;
}

/**
 * A level meter: for two channels the left one grows leftwards from the
 * middle bar and the right one rightwards (`[ ---====|====--- ]`), as in
 * sox; for one channel a single bar; for more, one bar per channel. Each
 * cell is 6 dB from -48 dBFS up; `=` is a full cell, `-` a half one. A
 * clipped channel is shown as `!` at its end.
 *
 * @param peaks Peak absolute value per channel (full scale 1).
 * @returns The meter text.
 * @example A stereo meter
 * ```ts
 * import { levelMeter } from "./meter.ts";
 * levelMeter([1, 0.001]); // "[!========|  ]" style
 * ```
 */
export function levelMeter(peaks: ArrayLike<number>): string {
  const bar = (p: number): string => {
    const c = cells(p);
    return p >= 1 ? c.slice(0, -1) + "!" : c;
  };
  if (peaks.length === 2) {
    return `[${[...bar(peaks[0])].reverse().join("")}|${bar(peaks[1])}]`;
  }
  return Array.from(peaks, (p) => `[${bar(p)}]`).join("");
}

/**
 * A time as sox prints it: `HH:MM:SS.ss`.
 *
 * @param seconds Seconds (negative counts as 0).
 * @returns The text.
 * @example
 * ```ts
 * import { clockTime } from "./meter.ts";
 * clockTime(62.5); // "00:01:02.50"
 * ```
 */
export function clockTime(seconds: number): string {
  const cs = Math.max(0, Math.round(seconds * 100));
  const h = Math.floor(cs / 360000);
  const m = Math.floor(cs / 6000) % 60;
  const s = (cs % 6000) / 100;
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${two(h)}:${two(m)}:${s.toFixed(2).padStart(5, "0")}`;
}

/**
 * Whether stderr is a terminal (then meters and progress are drawn).
 *
 * @returns `true` on a terminal.
 * @example
 * ```ts
 * import { stderrIsTerminal } from "./meter.ts";
 * console.log(stderrIsTerminal());
 * ```
 */
export function stderrIsTerminal(): boolean {
  try {
    return Deno.stderr.isTerminal();
  } catch {
    return false;
  }
}

/**
 * One status line on stderr, redrawn in place at most ten times a second,
 * and only when stderr is a terminal: output to a pipe or file stays free
 * of it.
 *
 * @example Show progress
 * ```ts ignore
 * import { StatusLine } from "./meter.ts";
 * const status = new StatusLine();
 * status.update("00:00:01.00");
 * status.end();
 * ```
 */
export class StatusLine {
  readonly #enabled: boolean;
  readonly #encoder = new TextEncoder();
  #last = 0;
  #drawn = false;

  /**
   * Creates the line.
   *
   * @param enabled Whether to draw (default: stderr is a terminal).
   */
  constructor(enabled: boolean = stderrIsTerminal()) {
    this.#enabled = enabled;
  }

  /** Whether the line is drawn at all. */
  get enabled(): boolean {
    return this.#enabled;
  }

  /**
   * Redraws the line, unless it was redrawn less than 100 ms ago.
   *
   * @param text The new text (one line).
   * @param force Redraw even if drawn recently.
   * @returns Whether the line was redrawn.
   */
  update(text: string, force = false): boolean {
    if (!this.#enabled) return false;
    const now = performance.now();
    if (!force && this.#drawn && now - this.#last < 100) return false;
    this.#last = now;
    this.#drawn = true;
    Deno.stderr.writeSync(this.#encoder.encode(`\r${text}\x1b[K`));
    return true;
  }

  /**
   * Ends the line (a newline after the last text), if anything was drawn.
   */
  end(): void {
    if (!this.#enabled || !this.#drawn) return;
    Deno.stderr.writeSync(this.#encoder.encode("\n"));
    this.#drawn = false;
  }
}
