/**
 * Test helper: a headless Debian Chromium driven over the DevTools protocol
 * (no third-party driver): navigate, evaluate an expression in the page,
 * wait for a condition, take a screenshot.
 *
 * @module
 */

/** A page of the headless browser. */
export interface Page {
  /** Loads `url` and waits for its `load` event. */
  navigate(url: string): Promise<void>;
  /** Evaluates `expression` in the page (awaiting a returned promise); resolves to its JSON value. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  /** Polls `expression` every 50 ms until it is truthy; resolves to its value or rejects after `ms`. */
  waitFor<T = unknown>(expression: string, ms?: number): Promise<T>;
  /** A PNG screenshot of the viewport. */
  screenshot(): Promise<Uint8Array>;
}

/**
 * Starts headless Chromium with a fresh profile and no background
 * networking, runs `fn` with its page, and kills the browser afterwards.
 *
 * @param width Viewport width.
 * @param height Viewport height.
 * @param fn What to do with the page.
 * @returns What `fn` returns.
 */
export async function withChromium<T>(
  width: number,
  height: number,
  fn: (page: Page) => Promise<T>,
): Promise<T> {
  const profile = await Deno.makeTempDir({ prefix: "audiodev_chromium_" });
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("/usr/bin/chromium", {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${profile}`,
        `--window-size=${width},${height}`,
        "--remote-debugging-port=0",
        "about:blank",
      ],
      stdout: "null",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    await Deno.remove(profile, { recursive: true });
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(
        "this test needs Debian's chromium (apt-get install -y chromium)",
      );
    }
    throw e;
  }
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let socket: WebSocket | null = null;
  try {
    let seen = "";
    let wsUrl = "";
    for (;;) {
      const m = seen.match(/DevTools listening on (ws:\/\/\S+)/);
      if (m) {
        wsUrl = m[1];
        break;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error(`chromium did not start:\n${seen}`);
      seen += value;
    }
    (async () => {
      while (!(await reader.read()).done) { /* drain */ }
    })().catch(() => {});
    const port = new URL(wsUrl).port;
    const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`))
      .json() as { type: string; webSocketDebuggerUrl: string }[];
    const target = targets.find((t) => t.type === "page");
    if (!target) throw new Error("chromium has no page target");
    const ws = new WebSocket(target.webSocketDebuggerUrl);
    socket = ws;
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    let id = 0;
    const pending = new Map<number, (m: Record<string, unknown>) => void>();
    const events = new Map<string, () => void>();
    ws.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (m.id !== undefined) {
        pending.get(m.id)?.(m);
        pending.delete(m.id);
      } else if (typeof m.method === "string") {
        events.get(m.method)?.();
      }
    };
    const send = (
      method: string,
      params: Record<string, unknown> = {},
    ): Promise<Record<string, unknown>> =>
      new Promise((resolve) => {
        pending.set(++id, resolve);
        ws.send(JSON.stringify({ id, method, params }));
      });
    await send("Page.enable");
    await send("Emulation.setDeviceMetricsOverride", {
      width,
      height,
      deviceScaleFactor: 1,
      mobile: false,
    });
    const evaluate = async <R>(expression: string): Promise<R> => {
      const r = await send("Runtime.evaluate", {
        expression,
        awaitPromise: true,
        returnByValue: true,
      });
      const result = r.result as {
        result?: { value?: unknown };
        exceptionDetails?: {
          text?: string;
          exception?: { description?: string };
        };
      };
      if (result?.exceptionDetails) {
        throw new Error(
          `in the page: ${
            result.exceptionDetails.exception?.description ??
              result.exceptionDetails.text
          }`,
        );
      }
      return result?.result?.value as R;
    };
    return await fn({
      navigate: async (url) => {
        const loaded = new Promise<void>((resolve) =>
          events.set("Page.loadEventFired", resolve)
        );
        await send("Page.navigate", { url });
        await loaded;
      },
      evaluate,
      waitFor: async <R>(expression: string, ms = 5000): Promise<R> => {
        const end = performance.now() + ms;
        for (;;) {
          const v = await evaluate<R>(expression);
          if (v) return v;
          if (performance.now() > end) {
            throw new Error(`page: ${expression} still false after ${ms} ms`);
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      screenshot: async () => {
        const r = await send("Page.captureScreenshot", { format: "png" });
        const data = (r.result as { data?: string } | undefined)?.data;
        if (!data) throw new Error(`no screenshot: ${JSON.stringify(r)}`);
        return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      },
    });
  } finally {
    socket?.close();
    child.kill("SIGKILL");
    await child.status;
    await reader.cancel().catch(() => {});
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}
