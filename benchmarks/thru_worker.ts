/**
 * Worker module of the duplex callback benchmark: passes its input to its
 * output, the same work as the C program's duplex callback
 * (benchmarks/c/pa_callback.c with `duplex`).
 *
 * @module
 */
import { registerCallback } from "../mod.ts";

registerCallback<"duplex">((indata, outdata) => {
  outdata.set(indata);
});
