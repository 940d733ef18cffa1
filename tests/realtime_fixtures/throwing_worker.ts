/**
 * Worker module for the error tests: `workerData.throwAt` says where it
 * throws: `"load"` (a RangeError while the module loads) or `"callback"`
 * (a TypeError carrying a `code` property, from the third call on).
 *
 * @module
 */
import { registerCallback, workerContext } from "../../mod.ts";

const { throwAt } = workerContext().data as { throwAt: "load" | "callback" };
if (throwAt === "load") {
  throw new RangeError("the test's module refuses to load");
}
let calls = 0;
registerCallback((outdata) => {
  outdata.fill(0);
  if (++calls >= 3) {
    const e = new TypeError("the test's callback failed");
    (e as TypeError & { code: number }).code = 42;
    throw e;
  }
});
