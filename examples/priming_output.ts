// deno-lint-ignore-file no-console
/**
 * Tests priming the output buffer (python-sounddevice's
 * `priming_output.py`): a duplex stream opened with
 * `primeOutputBuffersUsingStreamCallback` calls the callback to fill
 * PortAudio's first output buffers (status `primingOutput`, input
 * underflow, silent input); each primed buffer starts with one full-scale
 * frame, and the first regular callback stops the stream.
 *
 * Priming is honoured by some host APIs only. PortAudio's ALSA host API
 * ignores the flag (its source says so: priming is not fully supported
 * there), so on Linux the first callback is a regular one and the program
 * prints only "Not priming, I quit!", as the Python original does there. See
 * http://www.portaudio.com/docs/proposals/020-AllowCallbackToPrimeStream.html
 *
 * Run: `deno run -A examples/priming_output.ts`
 *
 * @module
 */
import { CallbackStop, sleep, Stream } from "../mod.ts";
import { parseExampleArgs } from "./_util.ts";

const usage = `usage: priming_output.ts

Tests priming the output buffer: prints "Priming output buffer!" for each
buffer the callback primes (each starts with one full-scale frame), then
"Not priming, I quit!" at the first regular callback, which stops the stream.

options:
  -h, --help              show this help and exit
  -l, --list-devices      list audio devices and exit`;

parseExampleArgs({}, usage);

const stream = new Stream({
  channels: 2,
  primeOutputBuffersUsingStreamCallback: true,
  callback: (indata, outdata, _frames, _time, status) => {
    outdata.fill(0);
    if (status.primingOutput) {
      if (!status.inputUnderflow) {
        throw new Error("input underflow flag should be set");
      }
      if (indata.some((x) => x !== 0)) {
        throw new Error("input buffer should be filled with zeros");
      }
      console.log("Priming output buffer!");
      outdata[0] = 1; // the first frame, both channels
      outdata[1] = 1;
    } else {
      console.log("Not priming, I quit!");
      throw new CallbackStop();
    }
  },
});

await stream.start();
while (stream.active) await sleep(100);
await stream.close();
if (stream.callbackError !== undefined) Deno.exit(1);
