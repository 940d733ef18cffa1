// deno-lint-ignore-file no-console
/**
 * Records into a sound file until Ctrl-C (python-sounddevice's
 * `rec_unlimited.py`). The input callback only queues copies of its blocks;
 * the main loop writes them to the file, so the file is complete and valid
 * when the program ends.
 *
 * Run: `deno run -A examples/rec_unlimited.ts -c 2 out.wav`
 *
 * @module
 */
import { InputStream } from "../mod.ts";
import { SoundFile, type SoundFileSubtype } from "../soundfile.ts";
import {
  interruptController,
  num,
  parseDevice,
  parseExampleArgs,
} from "./_util.ts";

const usage = `usage: rec_unlimited.ts [options] [FILENAME]

Records the input into a sound file until Ctrl-C.

options:
  -h, --help              show this help and exit
  -l, --list-devices      list audio devices and exit
  -d, --device DEVICE     input device (numeric ID or name substring)
  -r, --samplerate HZ     sampling rate (default: the device's)
  -c, --channels N        number of input channels (default: 1)
  -t, --subtype TYPE      sound file subtype (e.g. "PCM_24", default: the format's)

FILENAME defaults to a new rec_unlimited_XXXXXXXX.wav in the current directory.`;

const { values, positionals } = parseExampleArgs({
  device: { type: "string", short: "d" },
  samplerate: { type: "string", short: "r" },
  channels: { type: "string", short: "c", default: "1" },
  subtype: { type: "string", short: "t" },
}, usage);

const channels = num(values, "channels", 1);
const device = parseDevice(values.device);
const { controller, dispose } = interruptController();
const queue: Float32Array[] = [];
let wake: (() => void) | null = null;
const stream = new InputStream({
  device,
  channels,
  samplerate: num(values, "samplerate"),
  callback: (indata, _frames, _time, status) => {
    if (status.value !== 0) console.error(status.toString());
    queue.push((indata as Float32Array).slice());
    wake?.();
  },
});
const filename = positionals[0] ??
  `rec_unlimited_${crypto.randomUUID().slice(0, 8)}.wav`;
const file = new SoundFile(filename, {
  mode: "x",
  samplerate: stream.samplerate,
  channels,
  subtype: values.subtype as SoundFileSubtype | undefined,
});
controller.signal.addEventListener("abort", () => wake?.());

await stream.start();
console.log("#".repeat(72));
console.log("press Ctrl-C to stop the recording");
console.log("#".repeat(72));
while (!controller.signal.aborted) {
  if (queue.length === 0) {
    await new Promise<void>((r) => wake = r);
    wake = null;
    continue;
  }
  file.write(queue.shift()!);
}
await stream.close();
for (const block of queue.splice(0)) file.write(block);
file.close();
dispose();
console.log(`\nRecording finished: ${JSON.stringify(filename)}`);
