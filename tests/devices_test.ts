import assert from "node:assert/strict";
import {
  defaultDeviceIndex,
  DeviceSelectionError,
  getPortAudioVersion,
  matchDeviceQuery,
  queryDevices,
  queryHostapis,
  reinitialize,
  selectDevice,
} from "../mod.ts";
import { hwTest } from "./_hw.ts";

// ---- pure: the name-query rule ------------------------------------------------

const CANDIDATES = [
  {
    index: 0,
    name: "HDA Intel PCH: ALC3246 Analog (hw:0,0)",
    hostapiName: "ALSA",
  },
  { index: 1, name: "USB Audio", hostapiName: "ALSA" },
  { index: 2, name: "USB Audio Pro", hostapiName: "ALSA" },
  { index: 3, name: "default", hostapiName: "ALSA" },
  { index: 4, name: "/dev/dsp", hostapiName: "OSS" },
];

function selectionError(fn: () => unknown): DeviceSelectionError {
  try {
    fn();
  } catch (e) {
    assert.ok(
      e instanceof DeviceSelectionError,
      `expected DeviceSelectionError, got ${e}`,
    );
    return e;
  }
  return assert.fail("expected an error");
}

Deno.test("matchDeviceQuery() matches case-insensitive substrings in order against 'name, host API'", () => {
  assert.equal(matchDeviceQuery("intel analog", CANDIDATES), 0);
  assert.equal(matchDeviceQuery("HDA alsa", CANDIDATES), 0);
  assert.equal(matchDeviceQuery("dsp oss", CANDIDATES), 4);
  selectionError(() => matchDeviceQuery("analog intel", CANDIDATES)); // wrong order
});

Deno.test("matchDeviceQuery() prefers a single exact device-name match over partial ones", () => {
  assert.equal(matchDeviceQuery("usb audio", CANDIDATES), 1);
  assert.equal(matchDeviceQuery("USB Audio Pro", CANDIDATES), 2);
});

Deno.test("matchDeviceQuery() lists every match when the query is ambiguous", () => {
  const e = selectionError(() => matchDeviceQuery("usb", CANDIDATES, "output"));
  assert.equal(e.reason, "multiple-matches");
  assert.equal(
    e.message,
    'Multiple output devices found for "usb":\n[1] USB Audio, ALSA\n[2] USB Audio Pro, ALSA',
  );
  assert.deepEqual(e.matches.map(([i]) => i), [1, 2]);
});

Deno.test("matchDeviceQuery() says when nothing matches", () => {
  const e = selectionError(() =>
    matchDeviceQuery("firewire", CANDIDATES, "input")
  );
  assert.equal(e.reason, "no-match");
  assert.match(e.message, /^No input device matching "firewire"/);
});

Deno.test("matchDeviceQuery() picks 'Mic' on 'ALSA' over 'Mic' on 'ALSA Loopback' for \"mic, alsa\" (python-sounddevice 0.4.4)", () => {
  const mics = [
    { index: 0, name: "Mic", hostapiName: "ALSA Loopback" },
    { index: 1, name: "Mic", hostapiName: "ALSA" },
    { index: 2, name: "Mic", hostapiName: "JACK Audio Connection Kit" },
  ];
  assert.equal(matchDeviceQuery("mic, alsa", mics), 1);
  assert.equal(matchDeviceQuery("MIC, ALSA LOOPBACK", mics), 0);
  // The device name alone is exact for all three: ambiguous, every candidate listed.
  const e = selectionError(() => matchDeviceQuery("mic", mics, "input"));
  assert.equal(e.reason, "multiple-matches");
  assert.equal(
    e.message,
    'Multiple input devices found for "mic":\n[0] Mic, ALSA Loopback\n[1] Mic, ALSA\n[2] Mic, JACK Audio Connection Kit',
  );
  // Substrings in order still match when only one device has them.
  assert.equal(matchDeviceQuery("mic jack", mics), 2);
  // Only the whole query counts as exact: "mic alsa" (no comma) is a substring query
  // matching ALSA and ALSA Loopback, and neither is exact.
  assert.equal(
    selectionError(() => matchDeviceQuery("mic alsa", mics)).matches.length,
    2,
  );
});

Deno.test("matchDeviceQuery() refuses a query that is not a string", () => {
  assert.throws(
    () => matchDeviceQuery(3 as unknown as string, CANDIDATES),
    /matchDeviceQuery\(query\) must be a string, got 3/,
  );
});

hwTest(
  "selectDevice() and defaultDeviceIndex() refuse a kind that is not input or output",
  () => {
    assert.throws(
      () => selectDevice("pulse", "inputs" as "input"),
      /selectDevice: kind must be "input" or "output" \(or omitted\), got "inputs"/,
    );
    assert.throws(
      () => defaultDeviceIndex("Output" as "output"),
      /defaultDeviceIndex: kind must be "input" or "output", got "Output"/,
    );
    assert.throws(() => selectDevice({} as unknown as number), /got an object/);
  },
);

Deno.test("matchDeviceQuery() returns the only match even when it is not exact", () => {
  assert.equal(matchDeviceQuery("pch", CANDIDATES), 0);
  assert.equal(matchDeviceQuery("", [CANDIDATES[3]]), 3);
});

// ---- against the device: PyAudio's view of the same PortAudio is the oracle --------

interface PyDevice {
  index: number;
  name: string;
  hostApi: number;
  maxInputChannels: number;
  maxOutputChannels: number;
  defaultLowInputLatency: number;
  defaultLowOutputLatency: number;
  defaultHighInputLatency: number;
  defaultHighOutputLatency: number;
  defaultSampleRate: number;
}

async function pyaudioView(): Promise<
  { devices: PyDevice[]; defIn: number; defOut: number; apis: string[] }
> {
  const script = `
import json, pyaudio
p = pyaudio.PyAudio()
devs = [p.get_device_info_by_index(i) for i in range(p.get_device_count())]
apis = [p.get_host_api_info_by_index(i)["name"] for i in range(p.get_host_api_count())]
print(json.dumps({"devices": devs, "defIn": p.get_default_input_device_info()["index"],
                  "defOut": p.get_default_output_device_info()["index"], "apis": apis}))
p.terminate()`;
  const out = await new Deno.Command("/usr/bin/python3", {
    args: ["-c", script],
    stdout: "piped",
    stderr: "null",
  })
    .output();
  assert.ok(
    out.success,
    "PyAudio (Debian python3-pyaudio) must be installed for this oracle",
  );
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

hwTest(
  "queryDevices() agrees device for device with PyAudio's view of the same PortAudio",
  async () => {
    const py = await pyaudioView();
    const ours = queryDevices();
    assert.ok(
      ours.length > 0,
      "the virtual sound device must give at least one device",
    );
    assert.equal(ours.length, py.devices.length);
    for (const [i, d] of ours.entries()) {
      const p = py.devices[i];
      assert.equal(d.index, p.index);
      assert.equal(d.name, p.name);
      assert.equal(d.hostapi, p.hostApi);
      assert.equal(d.maxInputChannels, p.maxInputChannels);
      assert.equal(d.maxOutputChannels, p.maxOutputChannels);
      assert.equal(d.defaultSamplerate, p.defaultSampleRate);
      assert.equal(d.defaultLowInputLatency, p.defaultLowInputLatency);
      assert.equal(d.defaultLowOutputLatency, p.defaultLowOutputLatency);
      assert.equal(d.defaultHighInputLatency, p.defaultHighInputLatency);
      assert.equal(d.defaultHighOutputLatency, p.defaultHighOutputLatency);
    }
    assert.equal(queryDevices(undefined, "input").index, py.defIn);
    assert.equal(queryDevices(undefined, "output").index, py.defOut);
    assert.deepEqual(queryHostapis().map((h) => h.name), py.apis);
  },
);

hwTest(
  "DeviceList.toString() prints like python3 -m sounddevice with PyAudio's defaults marked",
  async () => {
    const py = await pyaudioView();
    const lines = queryDevices().toString().split("\n");
    assert.equal(lines.length, py.devices.length);
    const digits = String(py.devices.length - 1).length;
    for (const [i, line] of lines.entries()) {
      const p = py.devices[i];
      const mark = [
        " ",
        ">",
        "<",
        "*",
      ][(i === py.defIn ? 1 : 0) + (i === py.defOut ? 2 : 0)];
      const expected =
        `${mark} ${String(i).padStart(digits)} ${p.name}, ${
          py.apis[p.hostApi]
        } ` +
        `(${p.maxInputChannels} in, ${p.maxOutputChannels} out)`;
      assert.equal(line, expected);
    }
  },
);

hwTest(
  "selectDevice() resolves names, indexes and defaults on the real device list",
  () => {
    const list = queryDevices();
    for (const d of list) {
      // Every device can be selected by its exact name (plus host API if needed).
      const api = queryHostapis(d.hostapi).name;
      assert.equal(selectDevice(`${d.name} ${api}`), d.index);
    }
    assert.equal(selectDevice(0), 0);
    assert.equal(
      selectionError(() => selectDevice(list.length)).reason,
      "out-of-range",
    );
    assert.equal(
      selectionError(() => selectDevice("no such device at all")).reason,
      "no-match",
    );
    assert.equal(
      selectDevice(null, "output"),
      queryDevices(undefined, "output").index,
    );
  },
);

hwTest(
  "selectDevice(\"mic, alsa\") picks the exact 'mic, ALSA' over 'usbmic, ALSA' among real PortAudio devices",
  async () => {
    // Two ALSA PCMs made visible to PortAudio by .asoundrc hints, in a child
    // (libasound reads its configuration once per process).
    const home = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(
        `${home}/.asoundrc`,
        ["mic", "usbmic"].map((n) =>
          `pcm.${n} { type plug; slave.pcm "null"; hint { show on; description "${n}" } }\n`
        ).join(""),
      );
      const script = `
import { DeviceSelectionError, queryDevices, selectDevice } from "${
        new URL("../mod.ts", import.meta.url).href
      }";
const names = queryDevices().map((d) => d.name);
const pick = (q) => {
  try { return names[selectDevice(q, "output")]; }
  catch (e) { return e instanceof DeviceSelectionError ? e.reason + ": " + e.matches.map(([, n]) => n).join("|") : String(e); }
};
console.log(JSON.stringify({ names, exact: pick("mic, alsa"), upper: pick("USBMIC, ALSA"), ambiguous: pick("mic") }));`;
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["eval", script],
        env: { HOME: home },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      const r = JSON.parse(new TextDecoder().decode(out.stdout));
      assert.ok(
        r.names.includes("mic") && r.names.includes("usbmic"),
        `devices: ${r.names}`,
      );
      assert.equal(r.exact, "mic");
      assert.equal(r.upper, "usbmic");
      // "mic" equals one device name exactly: that one wins as well.
      assert.equal(r.ambiguous, "mic");
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
);

hwTest(
  "queryDevices(device, kind) refuses a device without channels of that kind",
  () => {
    const outputOnly = queryDevices().find((d) => d.maxInputChannels === 0);
    if (outputOnly) {
      assert.equal(
        selectionError(() => queryDevices(outputOnly.index, "input")).reason,
        "wrong-kind",
      );
    } else {
      // No output-only device on this machine: every device must then accept both kinds.
      for (const d of queryDevices()) {
        assert.equal(queryDevices(d.index, "input").index, d.index);
      }
    }
  },
);

hwTest(
  "getPortAudioVersion() matches the installed library's own version text",
  async () => {
    const v = getPortAudioVersion();
    assert.equal(v.major, 19);
    assert.equal(v.version, (v.major << 16) | (v.minor << 8) | v.subMinor);
    assert.match(
      v.text,
      new RegExp(`^PortAudio V${v.major}\\.${v.minor}\\.${v.subMinor}`),
    );
    const py = await new Deno.Command("/usr/bin/python3", {
      args: [
        "-c",
        "import pyaudio; print(pyaudio.get_portaudio_version_text())",
      ],
      stdout: "piped",
      stderr: "null",
    }).output();
    assert.equal(v.text, new TextDecoder().decode(py.stdout).trim());
  },
);

hwTest(
  "reinitialize() re-scans devices: a PCM added to .asoundrc appears without a restart",
  async () => {
    const home = await Deno.makeTempDir();
    try {
      const script = `
import { queryDevices, reinitialize } from "${
        new URL("../mod.ts", import.meta.url).href
      }";
const before = queryDevices().map((d) => d.name);
await Deno.writeTextFile(Deno.env.get("HOME") + "/.asoundrc",
  'pcm.audiodevhotplug { type plug; slave.pcm "null"; hint { show on; description "audiodev hot-plug test" } }\\n');
await reinitialize();
const after = queryDevices().map((d) => d.name);
console.log(JSON.stringify({ before, after }));`;
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["eval", script],
        env: { HOME: home },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      const { before, after } = JSON.parse(
        new TextDecoder().decode(out.stdout),
      );
      assert.ok(!before.includes("audiodevhotplug"));
      assert.ok(
        after.includes("audiodevhotplug"),
        `after reinitialize: ${after}`,
      );
      assert.equal(after.length, before.length + 1);
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
);

hwTest(
  "reinitialize() keeps the same device list when nothing changed",
  async () => {
    const before = JSON.stringify([...queryDevices()]);
    await reinitialize();
    assert.equal(JSON.stringify([...queryDevices()]), before);
  },
);
