// Every page of the example site in Chromium, over HTTP and from disk: no axe-core
// violations (WCAG 2.0, 2.1, 2.2 A and AA), no console errors, no requests to any
// other host.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, address, axeViolations, htmlFiles, watch, KINDS } from "./support.mjs";

// A browser and a server of the built site, for every test of this file.
const env = withBrowser();

/** Loads a page; returns its console errors and outside requests, and (when
 * asked) its axe-core violations. */
async function visit(origin, rel, withAxe) {
  const page = await env.browser.newPage();
  const problems = watch(page, origin);
  await page.goto(address(origin, rel), { waitUntil: "load" });
  const seen = [...problems];
  const violations = withAxe ? await axeViolations(page, origin !== null) : [];
  await page.close();
  return [...violations, ...seen];
}

test("every kind of page, over HTTP and from disk: no axe violations, console errors or outside requests", async () => {
  const failures = [];
  for (const origin of [env.http.origin, null]) {
    for (const [kind, rel] of Object.entries(KINDS)) {
      for (const p of await visit(origin, rel, true)) failures.push(`${origin ? "http" : "file"} ${kind} ${rel}: ${p}`);
    }
  }
  console.log(`axe: ${Object.keys(KINDS).length} kinds of page x 2 (HTTP, file://), ${failures.length} problems`);
  assert.deepEqual(failures, []);
});

test("every page over HTTP: no console errors or outside requests", async () => {
  const pages = htmlFiles();
  assert.ok(pages.length > 50, `only ${pages.length} pages`);
  const failures = [];
  for (const rel of pages) {
    for (const p of await visit(env.http.origin, rel, false)) failures.push(`${rel}: ${p}`);
  }
  console.log(`visited ${pages.length} pages over HTTP, ${failures.length} problems`);
  assert.deepEqual(failures, []);
});

test("search from file:// shows results as links in #search-results", async () => {
  const page = await env.browser.newPage();
  await page.goto(address(null, "search/index.html?q=MASH"));
  const links = await page.locator("#search-results a").count();
  assert.ok(links > 0, "no results for MASH");
  const first = await page.locator("#search-results a").first().getAttribute("href");
  assert.ok(!first.startsWith("/"), `result links are relative: ${first}`);
  await page.close();
});
