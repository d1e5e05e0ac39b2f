// The theme's script may run again over a page it has run on (its tag says
// data-rerun-safe, and `joinedup serve` then swaps in only what an edit
// changed, running the script again over the whole page): run again, it
// changes nothing a fresh load would not, and adds no listener twice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, KINDS } from "./support.mjs";

const env = withBrowser();

/** Runs the page's site.js again, as `joinedup serve` does after a swap;
 * resolves to how many listeners it added. */
function runAgain(page) {
  return page.evaluate(() => new Promise((resolve) => {
    let added = 0;
    const add = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (...a) { added++; return add.apply(this, a); };
    const old = document.querySelector('script[src$="assets/site.js"]');
    const s = document.createElement("script");
    for (const a of old.attributes) s.setAttribute(a.name, a.value);
    s.onload = () => { EventTarget.prototype.addEventListener = add; resolve(added); };
    old.replaceWith(s);
  }));
}

const body = (page) => page.evaluate(() => document.body.outerHTML);

test("the theme's script says it may run again", async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.http.origin}/${KINDS.agency}`);
  assert.equal(await page.locator('script[src$="assets/site.js"][data-rerun-safe]').count(), 1);
  await page.close();
});

test("run again, site.js changes nothing and adds no listener: filters, open now, print", async () => {
  const context = await env.browser.newContext({ timezoneId: "Europe/London" });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date("2026-11-23T10:00:00Z"));
  for (const rel of [KINDS.topic + "?open=1", KINDS.contacts, KINDS.induction, KINDS.agencies]) {
    await page.goto(`${env.http.origin}/${rel}`);
    const filter = page.locator("#filter-urgency");
    if (await filter.count()) await filter.selectOption("urgent");
    const once = await body(page);
    assert.equal(await runAgain(page), 0, `${rel}: no listener added again`);
    assert.equal(await body(page), once, `${rel}: nothing changed`);
  }
  // One print per click.
  await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed++; }; });
  await page.goto(`${env.http.origin}/${KINDS.induction}`);
  await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed++; }; });
  await runAgain(page);
  await page.locator("[data-print]").first().click();
  assert.equal(await page.evaluate(() => window.printed), 1);
  await context.close();
});

test("run again later, a route list is in the order a fresh load shows then (sorted from the build's order)", async () => {
  const context = await env.browser.newContext({ timezoneId: "Europe/London" });
  const page = await context.newPage();
  const order = () => page.evaluate(() => [...document.querySelectorAll("#need-routes > li a.purpose")].map((a) => a.getAttribute("href")));
  // At night the offices' routes are closed; at ten they are open.
  await page.clock.setFixedTime(new Date("2026-11-23T03:00:00Z"));
  await page.goto(`${env.http.origin}/${KINDS.topic}`);
  const night = await order();
  await page.clock.setFixedTime(new Date("2026-11-23T10:00:00Z"));
  await page.goto(`${env.http.origin}/${KINDS.topic}`);
  const day = await order();
  assert.notDeepEqual(night, day, "the times sort the list differently");
  await page.clock.setFixedTime(new Date("2026-11-23T03:00:00Z"));
  await page.goto(`${env.http.origin}/${KINDS.topic}`);
  await page.clock.setFixedTime(new Date("2026-11-23T10:00:00Z"));
  await runAgain(page);
  assert.deepEqual(await order(), day);
  await context.close();
});

test("run again, links that carry the page's filters carry them once", async () => {
  // (Only a directory with too many routes for one finder has such links: one is added here.)
  const page = await env.browser.newPage();
  await page.goto(`${env.http.origin}/${KINDS.topic}?open=1`);
  await page.evaluate(() => {
    const a = document.createElement("a");
    a.href = "../x/index.html#routes";
    a.setAttribute("data-carry", "open areas");
    document.querySelector("main").append(a);
  });
  const carried = () => page.evaluate(() => document.querySelector("a[data-carry]").getAttribute("href"));
  await runAgain(page);
  assert.equal(await carried(), "../x/index.html?open=1#routes");
  await runAgain(page);
  assert.equal(await carried(), "../x/index.html?open=1#routes");
  await page.close();
});
