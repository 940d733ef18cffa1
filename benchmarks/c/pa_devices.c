/* Start-up to device list: initializes PortAudio (stderr silenced), prints
 * every device's name and channel counts, terminates. */
#include "common.h"

int main(void) {
  int err = pa_init_quiet();
  if (err) die("Pa_Initialize", err);
  int n = Pa_GetDeviceCount();
  for (int i = 0; i < n; i++) {
    const PaDeviceInfo *d = Pa_GetDeviceInfo(i);
    printf("%d %s (%d in, %d out)\n", i, d->name, d->maxInputChannels, d->maxOutputChannels);
  }
  Pa_Terminate();
  return 0;
}
