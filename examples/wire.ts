// deno-lint-ignore-file no-console
/**
 * Passes the input straight to the output (python-sounddevice's `wire.py`),
 * on one full-duplex stream, until Ctrl-C.
 *
 * Run: `deno run -A examples/wire.ts -c 2`
 *
 * @module
 */
import { type DType, Stream } from "../mod.ts";
import {
  aborted,
  interruptController,
  num,
  parseDevice,
  parseExampleArgs,
} from "./_util.ts";

const usage = `usage: wire.ts [options]

Copies the input signal to the output until Ctrl-C.

options:
  -h, --help                show this help and exit
  -l, --list-devices        list audio devices and exit
  -i, --input-device DEVICE input device (numeric ID or name substring)
  -o, --output-device DEVICE output device (numeric ID or name substring)
  -c, --channels N          number of channels (default: 2)
  -t, --dtype TYPE          sample type: float32, int32, int16, int8, uint8
  -r, --samplerate HZ       sampling rate
  -b, --blocksize N         block size in frames
      --latency SECONDS     latency in seconds (or "low"/"high")
      --seconds N           stop after N seconds (default: until Ctrl-C)`;

const { values } = parseExampleArgs({
  "input-device": { type: "string", short: "i" },
  "output-device": { type: "string", short: "o" },
  channels: { type: "string", short: "c", default: "2" },
  dtype: { type: "string", short: "t", default: "float32" },
  samplerate: { type: "string", short: "r" },
  blocksize: { type: "string", short: "b" },
  latency: { type: "string" },
  seconds: { type: "string" },
}, usage);

const latency = values.latency === undefined
  ? undefined
  : values.latency === "low" || values.latency === "high"
  ? values.latency
  : num(values, "latency");
const { controller, dispose } = interruptController();
let xruns = 0;
const stream = new Stream({
  device: [
    parseDevice(values["input-device"]) ?? null,
    parseDevice(values["output-device"]) ?? null,
  ],
  channels: num(values, "channels", 2),
  dtype: values.dtype as DType,
  samplerate: num(values, "samplerate"),
  blocksize: num(values, "blocksize"),
  latency,
  callback: (indata, outdata, _frames, _time, status) => {
    if (status.value !== 0) xruns++;
    if (indata && outdata) outdata.set(indata);
    else outdata?.fill(0);
  },
});
await stream.start();
console.log(
  `wiring ${
    num(values, "channels", 2)
  } channels at ${stream.samplerate} Hz; Ctrl-C to stop`,
);
const seconds = num(values, "seconds");
const deadline = seconds === undefined
  ? null
  : setTimeout(() => controller.abort(), seconds * 1000);
await aborted(controller.signal);
if (deadline !== null) clearTimeout(deadline);
await stream.close();
dispose();
console.log(`stopped (${xruns} blocks with over- or underflows)`);
