/**
 * ALSA device and card listings (pyalsaaudio's `pcms`, `cards`,
 * `card_indexes`, `card_name`, `asoundlib_version`).
 *
 * @module
 */

import { libc } from "../../ffi/libc.ts";
import { alsaLib, checkAlsa } from "./errors.ts";
import { PCM_CAPTURE, PCM_PLAYBACK, type PcmType } from "./constants.ts";
import { checkInt, checkPcmType } from "./pcm_args.ts";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s + "\0");

function takeString(p: Deno.PointerValue): string | null {
  if (p === null) return null;
  const s = Deno.UnsafePointerView.getCString(p);
  libc().free(p);
  return s;
}

/** One PCM as `aplay -L` lists it. */
export interface PcmHint {
  /** The name to open it by, e.g. `"default"` or `"hw:CARD=0,DEV=0"`. */
  name: string;
  /** Its description; may span lines. */
  description: string;
  /** `"Input"`, `"Output"`, or `null` for both. */
  ioid: "Input" | "Output" | null;
}

/**
 * The PCMs ALSA knows, with descriptions, in ALSA's order.
 *
 * @param direction `"playback"` (as `aplay -L`) or `"capture"` (as `arecord -L`).
 * @returns The hints whose direction fits.
 * @throws {AlsaError} When ALSA cannot list its hints.
 * @example
 * ```ts ignore
 * import { pcmHints } from "./names.ts";
 * for (const h of pcmHints("playback")) console.log(h.name);
 * ```
 */
export function pcmHints(direction: "playback" | "capture"): PcmHint[] {
  const want = direction === "capture" ? "Input" : "Output";
  const a = alsaLib();
  const out = new BigUint64Array(1);
  checkAlsa(
    a.snd_device_name_hint(-1, enc("pcm"), out),
    "snd_device_name_hint",
  );
  const hints = Deno.UnsafePointer.create(out[0]);
  const result: PcmHint[] = [];
  if (hints === null) return result;
  try {
    const view = new Deno.UnsafePointerView(hints);
    for (let i = 0;; i++) {
      const hint = view.getPointer(i * 8);
      if (hint === null) break;
      const name = takeString(a.snd_device_name_get_hint(hint, enc("NAME")));
      const desc = takeString(a.snd_device_name_get_hint(hint, enc("DESC")));
      const ioid = takeString(a.snd_device_name_get_hint(hint, enc("IOID")));
      if (name === null || (ioid !== null && ioid !== want)) continue;
      result.push({
        name,
        description: desc ?? "",
        ioid: ioid === "Input" || ioid === "Output" ? ioid : null,
      });
    }
  } finally {
    a.snd_device_name_free_hint(hints);
  }
  return result;
}

/**
 * Lists PCM device names, as `aplay -L` (playback) or `arecord -L` (capture) does.
 *
 * @param type `"playback"` (default) / `PCM_PLAYBACK`, or `"capture"` / `PCM_CAPTURE`.
 * @returns Device names usable as `new PCM({ device })`.
 * @throws {AlsaTypeError|AlsaRangeError} For another `type` (also AlsaErrors,
 *   as pyalsaaudio raises ALSAAudioError).
 * @throws {AlsaError} When ALSA cannot list its hints.
 * @example
 * ```ts ignore
 * import { pcms } from "@audiodev/audiodev/alsa";
 * console.log(pcms("capture"));
 * ```
 */
export function pcms(type: PcmType = PCM_PLAYBACK): string[] {
  const dir = checkPcmType("pcms", type) === PCM_CAPTURE
    ? "capture"
    : "playback";
  return pcmHints(dir).map((h) => h.name);
}

/**
 * Indexes of the sound cards present (pyalsaaudio's `card_indexes()`).
 *
 * @returns e.g. `[0, 1]`; `[]` on a machine without cards.
 * @throws {AlsaError} When ALSA fails.
 * @example
 * ```ts ignore
 * import { cardIndexes } from "@audiodev/audiodev/alsa";
 * console.log(cardIndexes());
 * ```
 */
export function cardIndexes(): number[] {
  const a = alsaLib();
  const card = new Int32Array([-1]);
  const result: number[] = [];
  for (;;) {
    checkAlsa(a.snd_card_next(card), "snd_card_next");
    if (card[0] < 0) return result;
    result.push(card[0]);
  }
}

/**
 * A card's short and long names (pyalsaaudio's `card_name()`).
 *
 * @param index Card index.
 * @returns `[name, longname]`.
 * @throws {TypeError|RangeError} When `index` is not an integer.
 * @throws {AlsaError} When there is no such card.
 * @example
 * ```ts ignore
 * import { cardName } from "@audiodev/audiodev/alsa";
 * const [name, longname] = cardName(0);
 * ```
 */
export function cardName(index: number): [string, string] {
  index = checkInt("cardName(index)", index, -0x80000000);
  const a = alsaLib();
  const p = new BigUint64Array(1);
  checkAlsa(
    a.snd_card_get_name(index, p),
    "snd_card_get_name",
    `Card ${index}`,
  );
  const name = takeString(Deno.UnsafePointer.create(p[0])) ?? "";
  checkAlsa(
    a.snd_card_get_longname(index, p),
    "snd_card_get_longname",
    `Card ${index}`,
  );
  const longname = takeString(Deno.UnsafePointer.create(p[0])) ?? "";
  return [name, longname];
}

/**
 * The cards' ids (pyalsaaudio's `cards()`), e.g. `["PCH", "HDMI"]`.
 *
 * @returns Card ids in index order.
 * @throws {AlsaError} When ALSA fails.
 * @example
 * ```ts ignore
 * import { cards } from "@audiodev/audiodev/alsa";
 * console.log(cards());
 * ```
 */
export function cards(): string[] {
  const a = alsaLib();
  const ids: string[] = [];
  for (const i of cardIndexes()) {
    const ctl = new BigUint64Array(1);
    checkAlsa(
      a.snd_ctl_open(ctl, enc(`hw:${i}`), 0),
      "snd_ctl_open",
      `Card ${i}`,
    );
    const handle = Deno.UnsafePointer.create(ctl[0]);
    const info = new BigUint64Array(1);
    try {
      checkAlsa(a.snd_ctl_card_info_malloc(info), "snd_ctl_card_info_malloc");
      const ip = Deno.UnsafePointer.create(info[0]);
      try {
        checkAlsa(a.snd_ctl_card_info(handle, ip), "snd_ctl_card_info");
        const id = a.snd_ctl_card_info_get_id(ip);
        ids.push(id === null ? "" : Deno.UnsafePointerView.getCString(id));
      } finally {
        a.snd_ctl_card_info_free(ip);
      }
    } finally {
      a.snd_ctl_close(handle);
    }
  }
  return ids;
}

/**
 * The version of the libasound in use.
 *
 * @returns e.g. `"1.2.8"`.
 * @example
 * ```ts ignore
 * import { asoundlibVersion } from "@audiodev/audiodev/alsa";
 * console.log(asoundlibVersion());
 * ```
 */
export function asoundlibVersion(): string {
  const p = alsaLib().snd_asoundlib_version();
  return p === null ? "" : Deno.UnsafePointerView.getCString(p);
}

export { PCM_CAPTURE, PCM_PLAYBACK };
