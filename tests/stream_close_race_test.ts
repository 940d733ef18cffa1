// close() while a blocking read/write or stop() is still waiting: no call may
// touch the stream alongside Pa_CloseStream (which frees it on another thread).
// Before the fix this crashed with "malloc(): unaligned fastbin chunk detected"
// or read freed memory ("Invalid stream pointer").
import assert from "node:assert/strict";
import { InputStream, OutputStream, PortAudioError } from "../mod.ts";
import { hardware, hwTest } from "./_hw.ts";
import { usePrivateSink } from "./realtime_fixtures/monitor.ts";

if (hardware) usePrivateSink("closerace");

hwTest(
  "close() during a pending read() ends the read with a clear error, and later calls are refused",
  async () => {
    for (let round = 0; round < 20; round++) {
      const s = new InputStream({
        device: "pulse",
        channels: 1,
        samplerate: 44100,
      });
      await s.start();
      const reading = s.read(44100); // 1 s: still waiting when close() begins
      const second = s.read(441); // queued behind the first
      await new Promise((r) => setTimeout(r, 20 + round));
      const closing = s.close();
      assert.equal(s.closed, true, "closed as soon as close() was called");
      assert.equal(s.active, false);
      await assert.rejects(reading, (e: unknown) => {
        assert.ok(e instanceof PortAudioError);
        assert.match(e.message, /closed during read\(\): \d+ of 44100 frames/);
        return true;
      });
      await assert.rejects(second, PortAudioError);
      await assert.rejects(() => s.read(10), /is closed/);
      await closing;
    }
  },
);

hwTest(
  "close() during a pending write() or stop() completes without touching the freed stream",
  async () => {
    for (let round = 0; round < 20; round++) {
      const s = new OutputStream({
        device: "pulse",
        channels: 1,
        samplerate: 44100,
      });
      await s.start();
      const writing = s.write(new Float32Array(44100));
      const stopping = s.stop();
      await new Promise((r) => setTimeout(r, 10 + round));
      await s.close();
      await writing; // a write ends quietly: close discards pending output anyway
      await stopping;
      await assert.rejects(() => s.start(), /is closed/);
    }
  },
);
