/**
 * ALSA's device name hints with their descriptions (what `aplay -L` and
 * `arecord -L` print), and the sound cards (what `aplay -l` starts from).
 *
 * @module
 */

import { cardIndexes, cardName, cards } from "../alsa/names.ts";

export { type PcmHint, pcmHints } from "../alsa/names.ts";

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
