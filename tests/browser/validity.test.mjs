// Every page of the example site is valid HTML by the Nu HTML Checker (vnu-jar,
// run on the machine's Java).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { htmlFiles, SITE } from "./support.mjs";

const require = createRequire(import.meta.url);
const VNU = require("vnu-jar");

test("every page is valid HTML (Nu HTML Checker: zero errors)", () => {
  const files = htmlFiles().map((f) => path.join(SITE, f));
  const run = spawnSync("java", ["-Xss4m", "-jar", VNU, "--errors-only", "--format", "json", ...files], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.error, undefined, `java could not run: ${run.error}`);
  const report = JSON.parse(run.stderr || run.stdout || '{"messages":[]}');
  const errors = report.messages.filter((m) => m.type === "error" || m.subType === "fatal");
  const shown = errors.slice(0, 20).map((m) => `${path.relative(SITE, new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`);
  console.log(`vnu: ${files.length} pages, ${errors.length} errors`);
  assert.deepEqual(shown, []);
  assert.equal(run.status, 0);
});
