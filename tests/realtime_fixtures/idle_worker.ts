/**
 * Worker module that leaves the shared rings alone: its callback neither
 * plays what the main thread writes nor passes input up (output stays
 * silent), so a main-thread `write()` that does not fit, or any `read()`,
 * waits until the run ends.
 *
 * @module
 */
import { registerCallback } from "../../mod.ts";

registerCallback(() => {});
