/**
 * Lists ALSA PCM devices (pyalsaaudio's `list_pcms` / `aplay -L` names) and cards.
 *
 * ```sh
 * deno run -A examples/list_pcms.ts
 * ```
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { cardIndexes, cardName, pcms } from "../alsa.ts";
import { parseArgs } from "./_util.ts";

const { values } = parseArgs({
  options: { help: { type: "boolean", short: "h" } },
});
if (values.help) {
  console.log(
    "Usage: deno run -A examples/list_pcms.ts\n\nLists ALSA playback and capture PCMs and the sound cards.",
  );
  Deno.exit(0);
}
console.log("PCM playback devices:");
for (const name of pcms("playback")) console.log(`  ${name}`);
console.log("PCM capture devices:");
for (const name of pcms("capture")) console.log(`  ${name}`);
console.log("Cards:");
const indexes = cardIndexes();
if (indexes.length === 0) console.log("  (none)");
for (const i of indexes) {
  const [name, longname] = cardName(i);
  console.log(`  ${i}: ${name} (${longname})`);
}
