// Every page of the example site in Chromium, over HTTP and from disk: no axe-core
// violations (WCAG 2.0, 2.1, 2.2 A and AA), no console errors, no requests to any
// other host.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { withBrowser, address, axeViolations, htmlFiles, inParallel, rendering, watch, KINDS, SITE } from "./support.mjs";

// A browser and a server of the built site, for every test of this file.
const env = withBrowser();

/** Pages loading at once: loads wait on the server and the disk as much as on
 * the processor, so a few side by side keep both cores busy. */
const WIDTH = 3;

/** Loads a page; returns its console errors and outside requests, what it
 * shows (`rendering`), and (when `withAxe` says so for that rendering) its
 * axe-core violations. */
async function visit(origin, rel, withAxe) {
  const page = await env.browser.newPage();
  const problems = watch(page, origin);
  await page.goto(address(origin, rel), { waitUntil: "load" });
  const seen = [...problems];
  const shown = await rendering(page, origin ? `${origin}/` : `${pathToFileURL(SITE).href}/`);
  const axe = withAxe(shown);
  const violations = axe ? await axeViolations(page, origin !== null) : [];
  await page.close();
  return { problems: [...violations, ...seen], shown, axe };
}

// axe runs on every kind of page over HTTP. From disk the HTML and the
// stylesheet are the same files, so a page can only differ through its
// scripts (search, the 404 page's root, open now) or a file that did not
// load; axe runs again from disk on every page that shows anything different
// (document, computed styles or boxes). Where nothing differs, axe from disk
// could find nothing that it did not find over HTTP: from disk it may not
// even read the stylesheets itself. Console errors and outside requests are
// checked both ways on every kind.
test("every kind of page, over HTTP and from disk: no axe violations, console errors or outside requests", async () => {
  const kinds = Object.entries(KINDS);
  const results = await inParallel(kinds, WIDTH, async ([kind, rel]) => {
    const http = await visit(env.http.origin, rel, () => true);
    const file = await visit(null, rel, (shown) => shown !== http.shown);
    return [
      ...http.problems.map((p) => `http ${kind} ${rel}: ${p}`),
      ...file.problems.map((p) => `file ${kind} ${rel}: ${p}`),
      ...(file.axe ? [{ differs: kind }] : []),
    ];
  });
  const failures = results.flat().filter((f) => typeof f === "string");
  const differs = results.flat().filter((f) => typeof f !== "string").map((f) => f.differs);
  console.log(`axe: ${kinds.length} kinds of page over HTTP, and ${differs.length} from disk where they differ (${differs.join(", ")}); ${failures.length} problems`);
  assert.deepEqual(failures, []);
});

test("every page over HTTP: no console errors or outside requests", async () => {
  const pages = htmlFiles();
  assert.ok(pages.length > 50, `only ${pages.length} pages`);
  const results = await inParallel(pages, WIDTH, async (rel) => {
    const page = await env.browser.newPage();
    const problems = watch(page, env.http.origin);
    await page.goto(address(env.http.origin, rel), { waitUntil: "load" });
    const seen = [...problems];
    await page.close();
    return seen.map((p) => `${rel}: ${p}`);
  });
  const failures = results.flat();
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
