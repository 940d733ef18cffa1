"""Callback delivery with PyAudio (Debian's python3-pyaudio): the same work
as benchmarks/c/pa_callback.c and benchmarks/callback_delivery.ts, a 48 kHz
mono float32 output stream whose callback writes a 440 Hz sine; counts
callbacks and output-underflow flags over a window after a warm-up,
optionally with the main thread spinning 50 ms of every 60 ms.

Usage: /usr/bin/python3 pa_callback_pyaudio.py BLOCKSIZE SECONDS WARMUP SPIN DEVICE
Prints one JSON line.
"""
import array
import json
import math
import os
import sys
import time

# PortAudio's JACK and ALSA probing prints on stderr during initialization.
_saved = os.dup(2)
_null = os.open(os.devnull, os.O_WRONLY)
os.dup2(_null, 2)
import pyaudio  # noqa: E402

pa = pyaudio.PyAudio()
os.dup2(_saved, 2)

blocksize = int(sys.argv[1])
seconds = float(sys.argv[2])
warmup = float(sys.argv[3])
spin = sys.argv[4] == "1"
name = sys.argv[5]

device = None
for i in range(pa.get_device_count()):
    info = pa.get_device_info_by_index(i)
    if name in info["name"] and info["maxOutputChannels"] > 0:
        device = i
        break

state = {"counting": False, "callbacks": 0, "underflows": 0, "phase": 0.0}
step = 2 * math.pi * 440 / 48000
buf = array.array("f", [0.0] * blocksize)


def callback(_in, frames, _time, status):
    phase = state["phase"]
    for i in range(frames):
        buf[i] = 0.2 * math.sin(phase)
        phase += step
        if phase > 2 * math.pi:
            phase -= 2 * math.pi
    state["phase"] = phase
    if state["counting"]:
        state["callbacks"] += 1
        if status & pyaudio.paOutputUnderflow:
            state["underflows"] += 1
    return (buf.tobytes()[: frames * 4], pyaudio.paContinue)


stream = pa.open(
    format=pyaudio.paFloat32,
    channels=1,
    rate=48000,
    output=True,
    output_device_index=device,
    frames_per_buffer=blocksize,
    stream_callback=callback,
)
stream.start_stream()
time.sleep(warmup)
t0 = time.monotonic()
state["counting"] = True
end = t0 + seconds
while time.monotonic() < end:
    if spin:
        stop = time.monotonic() + 0.05
        while time.monotonic() < stop:
            pass
    time.sleep(0.01)
state["counting"] = False
elapsed = time.monotonic() - t0
stream.stop_stream()
stream.close()
pa.terminate()
print(json.dumps({
    "callbacks": state["callbacks"],
    "expected": elapsed * 48000 / blocksize,
    "underflows": state["underflows"],
}))
