/**
 * What {@linkcode Mixer.events} yields: the control's state after a change.
 *
 * @module
 */

import { describeValue } from "../src/options.ts";

/** The state of one control after a change (yielded by `Mixer.events()`). */
export interface MixerEvent {
  /** Control name, e.g. `"Master"`. */
  control: string;
  /** Control index (`mixerid()`). */
  id: number;
  /** Playback volume per channel in raw units, or `null` without playback volume. */
  playbackVolume: number[] | null;
  /** Capture volume per channel in raw units, or `null` without capture volume. */
  captureVolume: number[] | null;
  /** Volume per channel in percent, of the default direction (as `getvolume()`). */
  volume: number[];
  /** Mute flag per channel (1 muted), as `getmute()`, or `null` without a playback switch. */
  mute: number[] | null;
  /** Capture flag per channel (1 recording), as `getrec()`, or `null` without a capture switch. */
  rec: number[] | null;
  /** Selected item of an enumerated control, or `null`. */
  enumItem: string | null;
}

const sameList = (a: number[] | null, b: number[] | null): boolean =>
  a === b ||
  (a !== null && b !== null && a.length === b.length &&
    a.every((v, i) => v === b[i]));

/**
 * Whether two snapshots of a control describe the same state.
 *
 * @param a One state.
 * @param b Another.
 * @returns `true` when every field is equal.
 * @throws {TypeError} When `a` or `b` is not an object.
 * @example
 * ```ts
 * import { sameMixerState, type MixerEvent } from "@audiodev/audiodev/mixer";
 * const s: MixerEvent = {
 *   control: "Master", id: 0, playbackVolume: [10], captureVolume: null,
 *   volume: [0], mute: [0], rec: null, enumItem: null,
 * };
 * console.assert(sameMixerState(s, { ...s }));
 * console.assert(!sameMixerState(s, { ...s, mute: [1] }));
 * ```
 */
export function sameMixerState(a: MixerEvent, b: MixerEvent): boolean {
  for (const [name, v] of [["a", a], ["b", b]] as const) {
    if (typeof v !== "object" || v === null) {
      throw new TypeError(
        `sameMixerState(): ${name} must be a MixerEvent (what Mixer.events() yields), got ${
          describeValue(v)
        }`,
      );
    }
  }
  return a.control === b.control && a.id === b.id &&
    sameList(a.playbackVolume, b.playbackVolume) &&
    sameList(a.captureVolume, b.captureVolume) &&
    sameList(a.volume, b.volume) && sameList(a.mute, b.mute) &&
    sameList(a.rec, b.rec) && a.enumItem === b.enumItem;
}
