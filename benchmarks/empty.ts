/** Reference for the start-up benchmark: a Deno program that does nothing. @module */
export {};
