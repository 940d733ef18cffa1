import assert from "node:assert/strict";
import {
  PaAlsaStreamInfo,
  PaDeviceInfo,
  PaHostApiInfo,
  PaHostErrorInfo,
  PaStreamCallbackTimeInfo,
  PaStreamInfo,
  PaStreamParameters,
  PaVersionInfo,
} from "../ffi/portaudio.ts";
import {
  PaErrorCode,
  PaHostApiTypeId,
  PaSampleFormat,
  PaStreamCallbackFlags,
  PaStreamFlags,
} from "../ffi/portaudio_constants.ts";
import type { StructLayout } from "../ffi/struct.ts";
import { cLayout, runC } from "./_c.ts";

const HEADERS = ["portaudio.h", "pa_linux_alsa.h"];

const CASES: [string, StructLayout<string>][] = [
  ["PaVersionInfo", PaVersionInfo],
  ["PaHostApiInfo", PaHostApiInfo],
  ["PaHostErrorInfo", PaHostErrorInfo],
  ["PaDeviceInfo", PaDeviceInfo],
  ["PaStreamParameters", PaStreamParameters],
  ["PaStreamCallbackTimeInfo", PaStreamCallbackTimeInfo],
  ["PaStreamInfo", PaStreamInfo],
  ["PaAlsaStreamInfo", PaAlsaStreamInfo],
];

for (const [cType, layout] of CASES) {
  Deno.test(`${cType} layout matches the C compiler's sizeof/offsetof`, async () => {
    const fields = Object.fromEntries(
      Object.keys(layout.offsets).map((k) => [k, k]),
    );
    const c = await cLayout(HEADERS, cType, fields);
    assert.equal(layout.size, c.size, `sizeof(${cType})`);
    assert.deepEqual(layout.offsets, c.offsets);
  });
}

Deno.test("PortAudio constants match portaudio.h", async () => {
  const entries: [string, number][] = [
    ...Object.entries(PaErrorCode),
    ...Object.entries(PaHostApiTypeId),
    ...Object.entries(PaSampleFormat),
    ...Object.entries(PaStreamFlags),
    ...Object.entries(PaStreamCallbackFlags),
  ];
  const lines = await runC(
    HEADERS,
    entries.map(([k]) => `printf("%lld\\n", (long long)${k});`).join("\n"),
  );
  assert.deepEqual(lines.map(Number), entries.map(([, v]) => v));
});
