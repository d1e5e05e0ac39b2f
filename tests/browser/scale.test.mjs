// The pages only a big directory has: with more agencies than one who-does-what
// table holds, the matrix's page counts each type of agency's part in each need,
// and each type has its own full table. Checked in Chromium on a synthetic
// directory of 160 agencies (scripts/browser-tests builds it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { BIG_SITE, serve, launch, address, axeViolations, inParallel, rendering, watch } from "./support.mjs";

const SUMMARY = "who-does-what/index.html";
const TYPE_PAGE = "who-does-what/police/index.html";

if (!existsSync(path.join(BIG_SITE, TYPE_PAGE))) {
  throw new Error(`no big site with a matrix per type at ${BIG_SITE}: run scripts/browser-tests`);
}

let http;
let browser;
before(async () => {
  http = await serve(BIG_SITE);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  http?.server.close();
});

// axe from disk only where the page shows anything different from over HTTP
// (see accessibility.test.mjs); console errors and outside requests both ways.
test("the matrix's summary and a type's table, over HTTP and from disk: no axe violations, console errors or outside requests", async () => {
  const visit = async (origin, rel, withAxe) => {
    const page = await browser.newPage();
    const problems = watch(page, origin);
    await page.goto(address(origin, rel, BIG_SITE), { waitUntil: "load" });
    const seen = [...problems];
    const shown = await rendering(page, origin ? `${origin}/` : `${pathToFileURL(BIG_SITE).href}/`);
    const violations = withAxe(shown) ? await axeViolations(page, origin !== null) : [];
    await page.close();
    return { shown, problems: [...violations, ...seen].map((p) => `${origin ? "http" : "file"} ${rel}: ${p}`) };
  };
  const failures = await inParallel([SUMMARY, TYPE_PAGE], 2, async (rel) => {
    const served = await visit(http.origin, rel, () => true);
    const file = await visit(null, rel, (shown) => shown !== served.shown);
    return [...served.problems, ...file.problems];
  });
  assert.deepEqual(failures.flat(), []);
});

test("on a phone, a count on the summary opens its type's table with the need's row in view", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(address(http.origin, SUMMARY, BIG_SITE));
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
  assert.ok(widths.scroll <= widths.view, `the summary scrolls sideways: ${JSON.stringify(widths)}`);

  // The first police count, for some need further down the table.
  const link = page.locator('table.matrix-summary td a[href^="police/index.html#need-"]').nth(10);
  const href = await link.getAttribute("href");
  const count = (await link.textContent()).trim();
  assert.match(count, /^(?:L\d+ ?)?(?:J\d+ ?)?(?:S\d+ ?)?(?:P\d+)?$/);
  await link.scrollIntoViewIfNeeded();
  await link.click();
  await page.waitForURL(/police\/index\.html#need-/);
  const need = href.split("#")[1];

  const row = page.locator(`tr#${need}`);
  assert.equal(await page.evaluate(() => document.querySelector(":target")?.id), need);
  // The row's heading is what the eye lands on: not under the sticky column headings.
  const seen = await row.locator("th").evaluate((th) => {
    const box = th.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + 5, box.top + box.height / 2);
    return { inView: box.top >= 0 && box.bottom <= window.innerHeight, onTop: th.contains(hit) };
  });
  assert.deepEqual(seen, { inView: true, onTop: true });
  // As many role letters in the row as the count added up.
  const letters = (await row.locator("td abbr").allTextContents()).join("");
  const total = [...count.matchAll(/\d+/g)].reduce((n, m) => n + Number(m[0]), 0);
  assert.equal(letters.length, total, `${need}: ${letters} against ${count}`);
  const widthsThere = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
  assert.ok(widthsThere.scroll <= widthsThere.view, `the type's table scrolls the page sideways: ${JSON.stringify(widthsThere)}`);
  await page.close();
});
