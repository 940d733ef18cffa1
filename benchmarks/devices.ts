/**
 * Start-up to device list: imports the library, lists PortAudio's devices,
 * exits. Same work as benchmarks/c/pa_devices.c.
 *
 * @module
 */
import { queryDevices } from "../mod.ts";

const list = queryDevices();
const out = [...list].map((d) =>
  `${d.index} ${d.name} (${d.maxInputChannels} in, ${d.maxOutputChannels} out)`
).join("\n");
await Deno.stdout.write(new TextEncoder().encode(out + "\n"));
