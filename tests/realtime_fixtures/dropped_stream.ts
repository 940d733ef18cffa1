// deno-lint-ignore-file no-console
/**
 * Subprocess for the GC test: starts a WorkerStream, drops it without
 * close(), forces GC (run with --v8-flags=--expose-gc) and prints how many
 * PulseAudio streams play into PULSE_SINK before and after.
 *
 * @module
 */
import { WorkerStream } from "../../mod.ts";

const sink = Deno.env.get("PULSE_SINK")!;

function streamsOnSink(): number {
  const run = (args: string[]): string =>
    new TextDecoder().decode(
      new Deno.Command("pactl", { args, stdout: "piped" }).outputSync().stdout,
    );
  const index = run(["list", "short", "sinks"]).split("\n")
    .map((l) => l.split("\t"))
    .find((f) => f[1] === sink)?.[0];
  return run(["list", "short", "sink-inputs"]).split("\n")
    .filter((l) => l.split("\t")[1] === index).length;
}

async function start(): Promise<WorkerStream> {
  const ws = new WorkerStream({
    module: new URL("./tone_worker.ts", import.meta.url),
    samplerate: 48000,
    blocksize: 256,
    device: "pulse",
    workerData: { frequency: 440, samplerate: 48000 },
  });
  await ws.start();
  return ws;
}

let kept: WorkerStream | null = await start();
await new Promise((r) => setTimeout(r, 500));
const before = streamsOnSink();
kept.status; // still referenced up to here
kept = null; // dropped without close()
const gc = (globalThis as { gc?: () => void }).gc!;
let after = before;
for (let i = 0; i < 40 && after > 0; i++) {
  gc();
  await new Promise((r) => setTimeout(r, 100));
  after = streamsOnSink();
}
console.log(JSON.stringify({ before, after }));
