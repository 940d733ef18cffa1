/* Blocking writes: writes BLOCKSIZE-frame blocks of a 440 Hz sine (48 kHz,
 * mono, float32) with Pa_WriteStream for SECONDS seconds (the device paces
 * it); the benchmark driver reads this process's CPU time from /proc.
 * Prints the number of write calls and frames.
 * Usage: pa_write BLOCKSIZE SECONDS DEVICE */
#include <math.h>
#include "common.h"

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: %s BLOCKSIZE SECONDS DEVICE\n", argv[0]); return 2; }
  int blocksize = atoi(argv[1]);
  double seconds = atof(argv[2]);
  int err = pa_init_quiet();
  if (err) die("Pa_Initialize", err);
  int dev = find_device(argv[3], 0);
  PaStreamParameters p = {dev, 1, paFloat32, Pa_GetDeviceInfo(dev)->defaultHighOutputLatency, NULL};
  PaStream *s;
  err = Pa_OpenStream(&s, NULL, &p, 48000, blocksize, paNoFlag, NULL, NULL);
  if (err) die("Pa_OpenStream", err);
  err = Pa_StartStream(s);
  if (err) die("Pa_StartStream", err);
  float *buf = malloc(sizeof(float) * blocksize);
  double phase = 0;
  long calls = 0, underflows = 0;
  long total = (long)(seconds * 48000);
  for (long done = 0; done < total; done += blocksize) {
    for (int i = 0; i < blocksize; i++) {
      buf[i] = 0.2f * (float)sin(phase);
      phase += 2 * M_PI * 440.0 / 48000.0;
      if (phase > 2 * M_PI) phase -= 2 * M_PI;
    }
    err = Pa_WriteStream(s, buf, blocksize);
    if (err == paOutputUnderflowed) underflows++;
    else if (err) die("Pa_WriteStream", err);
    calls++;
  }
  Pa_StopStream(s);
  Pa_CloseStream(s);
  Pa_Terminate();
  printf("{\"calls\":%ld,\"underflows\":%ld}\n", calls, underflows);
  return 0;
}
