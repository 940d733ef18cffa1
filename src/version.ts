/**
 * The package version (python-sounddevice's `__version__`).
 *
 * @module
 */

/**
 * The version of this package, as published (`deno.json`'s `version`).
 *
 * @example Print the version
 * ```ts
 * import { version } from "@audiodev/audiodev";
 * console.log(`audiodev ${version}`);
 * ```
 */
export const version: string = "0.1.0";
