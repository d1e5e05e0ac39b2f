// Every page of the example site, and the matrix pages only a big directory has,
// are valid HTML by the Nu HTML Checker (vnu-jar, run on the machine's Java).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { htmlFiles, BIG_SITE, SITE } from "./support.mjs";

const require = createRequire(import.meta.url);
const VNU = require("vnu-jar");

/** Runs the checker on `files` (under `site`); returns its errors, one line each. */
function vnuErrors(site, files) {
  const run = spawnSync("java", ["-Xss4m", "-jar", VNU, "--errors-only", "--format", "json", ...files], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.error, undefined, `java could not run: ${run.error}`);
  const report = JSON.parse(run.stderr || run.stdout || '{"messages":[]}');
  const errors = report.messages.filter((m) => m.type === "error" || m.subType === "fatal");
  const shown = errors.slice(0, 20).map((m) => `${path.relative(site, new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`);
  console.log(`vnu: ${files.length} pages, ${errors.length} errors`);
  if (shown.length === 0) assert.equal(run.status, 0, run.stderr);
  return shown;
}

test("every page is valid HTML (Nu HTML Checker: zero errors)", () => {
  assert.deepEqual(vnuErrors(SITE, htmlFiles().map((f) => path.join(SITE, f))), []);
});

test("a big directory's matrix pages are valid HTML", () => {
  const dir = path.join(BIG_SITE, "who-does-what");
  const files = htmlFiles(dir).map((f) => path.join(dir, f));
  assert.ok(files.length > 10, `only ${files.length} matrix pages`);
  assert.deepEqual(vnuErrors(BIG_SITE, files), []);
});
