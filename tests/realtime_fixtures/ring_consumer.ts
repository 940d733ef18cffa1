// Worker: reads `total` frames from a shared ring in odd-sized chunks and
// posts back the sum of sample values and whether the sequence was in order.
import {
  SharedRingBuffer,
  type SharedRingBufferInit,
} from "../../src/realtime/ringbuffer.ts";

const scope = self as unknown as {
  postMessage(m: unknown): void;
  onmessage: ((e: MessageEvent) => void) | null;
};

scope.onmessage = async (
  e: MessageEvent<{ ring: SharedRingBufferInit; total: number }>,
) => {
  const ring = SharedRingBuffer.from(e.data.ring);
  const ch = ring.channels;
  const buf = new Int32Array(37 * ch);
  let expected = 0;
  let inOrder = true;
  let got = 0;
  while (got < e.data.total) {
    if (!await ring.waitReadable(1, 5000)) break;
    const n = ring.read(buf);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < ch; c++) {
        if (buf[i * ch + c] !== expected * ch + c) inOrder = false;
      }
      expected++;
    }
    got += n;
  }
  scope.postMessage({ got, inOrder });
};
