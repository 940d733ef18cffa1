/**
 * ALSA's device name hints with their descriptions (what `aplay -L` and
 * `arecord -L` print), and the sound cards (what `aplay -l` starts from).
 *
 * @module
 */

import { libc } from "../../ffi/libc.ts";
import { alsaLib, checkAlsa } from "../alsa/errors.ts";
import { cardIndexes, cardName, cards } from "../alsa/names.ts";

/** One PCM as `aplay -L` lists it. */
export interface PcmHint {
  /** The name to open it by, e.g. `"default"` or `"hw:CARD=0,DEV=0"`. */
  name: string;
  /** Its description; may span lines. */
  description: string;
  /** `"Input"`, `"Output"`, or `null` for both. */
  ioid: "Input" | "Output" | null;
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s + "\0");

function takeString(p: Deno.PointerValue): string | null {
  if (p === null) return null;
  const s = Deno.UnsafePointerView.getCString(p);
  libc().free(p);
  return s;
}

/**
 * The PCMs ALSA knows, with descriptions, in ALSA's order.
 *
 * @param direction `"playback"` (as `aplay -L`) or `"capture"` (as `arecord -L`).
 * @returns The hints whose direction fits.
 * @throws {AlsaError} When ALSA cannot list its hints.
 * @example
 * ```ts ignore
 * import { pcmHints } from "./alsa_hints.ts";
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

/** One sound card. */
export interface CardInfo {
  /** Card index. */
  index: number;
  /** Card id, e.g. `"PCH"`. */
  id: string;
  /** Short name. */
  name: string;
  /** Long name. */
  longname: string;
}

/**
 * The sound cards present.
 *
 * @returns One entry per card; empty without cards.
 * @throws {AlsaError} When ALSA fails.
 * @example
 * ```ts ignore
 * import { soundCards } from "./alsa_hints.ts";
 * console.log(soundCards());
 * ```
 */
export function soundCards(): CardInfo[] {
  const ids = cards();
  return cardIndexes().map((index, i) => {
    const [name, longname] = cardName(index);
    return { index, id: ids[i] ?? "", name, longname };
  });
}
