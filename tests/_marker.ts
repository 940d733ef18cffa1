/**
 * Test helper: a signal whose last 0.2 s is a 1 kHz "end marker" after a
 * 440 Hz body, and a measure of how much of the marker a recording holds.
 * New streams on a null sink lose their first milliseconds (aplay too), so
 * tests that a stream keeps its END check the marker, not the duration.
 */

/** The signal: 0.6 s of 440 Hz then 0.2 s of 1 kHz, at `amp`, as floats in -1..1. */
export function signalWithEndMarker(
  rate = 44100,
  amp = 0.5,
): { data: Float32Array; markerFrames: number } {
  const body = Math.round(0.6 * rate);
  const markerFrames = Math.round(0.2 * rate);
  const data = new Float32Array(body + markerFrames);
  for (let i = 0; i < body; i++) {
    data[i] = amp * Math.sin(2 * Math.PI * 440 * i / rate);
  }
  for (let i = 0; i < markerFrames; i++) {
    data[body + i] = amp * Math.sin(2 * Math.PI * 1000 * i / rate);
  }
  return { data, markerFrames };
}

/** Frames of the final 1 kHz part found in a 44.1 kHz s16 recording (0 if none). */
export function endMarkerFrames(rec: Int16Array): number {
  let last = -1;
  for (let i = rec.length - 1; i >= 0; i--) {
    if (Math.abs(rec[i]) > 1000) {
      last = i;
      break;
    }
  }
  if (last < 0) return 0;
  let cross = -1;
  for (let i = last; i > 0; i--) {
    if (rec[i - 1] < 0 && rec[i] >= 0) {
      // A gap of a 440 Hz period (100 samples) means the marker began at `cross`.
      if (cross > 0 && cross - i > 70) return last - cross;
      cross = i;
    }
  }
  return last - cross;
}
