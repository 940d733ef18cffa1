/**
 * The floor of the start-up benchmark: the least any Deno program can do to
 * list PortAudio's devices (one `Deno.dlopen` with the five symbols it needs,
 * `Pa_Initialize`, the list, `Pa_Terminate`, stderr not silenced). It is not
 * part of the library; it shows how much of (c) is Deno and PortAudio
 * themselves rather than audiodev.
 *
 * @module
 */
const pa = Deno.dlopen(
  "libportaudio.so.2",
  {
    Pa_Initialize: { parameters: [], result: "i32" },
    Pa_Terminate: { parameters: [], result: "i32" },
    Pa_GetDeviceCount: { parameters: [], result: "i32" },
    Pa_GetDeviceInfo: { parameters: ["i32"], result: "pointer" },
  } as const,
).symbols;
if (pa.Pa_Initialize() !== 0) throw new Error("Pa_Initialize failed");
const lines: string[] = [];
for (let i = 0, n = pa.Pa_GetDeviceCount(); i < n; i++) {
  const p = pa.Pa_GetDeviceInfo(i)!;
  const v = new Deno.UnsafePointerView(p);
  // PaDeviceInfo: int structVersion; const char *name; PaHostApiIndex hostApi;
  // int maxInputChannels; int maxOutputChannels; ...
  const name = Deno.UnsafePointerView.getCString(v.getPointer(8)!);
  lines.push(`${i} ${name} (${v.getInt32(20)} in, ${v.getInt32(24)} out)`);
}
pa.Pa_Terminate();
await Deno.stdout.write(new TextEncoder().encode(lines.join("\n") + "\n"));
