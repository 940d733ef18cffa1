// deno-lint-ignore-file no-console
/**
 * Plays a sound file with `play()` (python-sounddevice's `play_file.py`):
 * the whole file is read into memory first (see `play_long_file.ts` for
 * files too long for that).
 *
 * Run: `deno run -A examples/play_file.ts music.wav`
 *
 * @module
 */
import { play, stop, wait } from "../mod.ts";
import { readFile } from "../soundfile.ts";
import {
  aborted,
  interruptController,
  parseDevice,
  parseExampleArgs,
  UsageError,
} from "./_util.ts";

const usage = `usage: play_file.ts [options] FILENAME

Plays a sound file (anything libsndfile reads: WAV, FLAC, Ogg, MP3, ...).

options:
  -h, --help              show this help and exit
  -l, --list-devices      list audio devices and exit
  -d, --device DEVICE     output device (numeric ID or name substring)`;

const { values, positionals } = parseExampleArgs({
  device: { type: "string", short: "d" },
}, usage);
if (positionals.length !== 1) {
  throw new UsageError(
    positionals.length === 0 ? "give a file name" : "give one file name",
  );
}

const { data, samplerate, channels } = await readFile(positionals[0], {
  dtype: "float32",
});
const { controller, dispose } = interruptController();
await play(data, { samplerate, channels, device: parseDevice(values.device) });
const status = await Promise.race([
  wait(),
  aborted(controller.signal).then(() => null),
]);
if (controller.signal.aborted) {
  await stop();
  console.log("\ninterrupted");
} else if (status) {
  console.error(`over-/underflows: ${status}`);
}
dispose();
