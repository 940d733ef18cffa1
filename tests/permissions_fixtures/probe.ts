/**
 * Runs requirePathPermission() on the [path, access] pairs given as a JSON
 * argument and prints, for each, null (granted) or the error, as JSON.
 * Used by tests/permissions_test.ts with different permission flags.
 */

// deno-lint-ignore-file no-console
import {
  type PathAccess,
  requirePathPermission,
} from "../../src/permissions.ts";

const checks: [string, PathAccess | PathAccess[]][] = JSON.parse(Deno.args[0]);
const out: (string | null)[] = [];
for (const [path, access] of checks) {
  try {
    requirePathPermission(path, access, "probe");
    out.push(null);
  } catch (e) {
    out.push(`${(e as Error).constructor.name}: ${(e as Error).message}`);
  }
}
console.log(JSON.stringify(out));
