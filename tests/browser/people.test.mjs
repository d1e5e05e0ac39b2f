// The site as a frontline worker meets it: by keyboard alone, on a phone, at
// any hour ("open now"), and with JavaScript switched off.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { withBrowser, address, inParallel, KINDS, SITE } from "./support.mjs";

// A browser and a server of the built site, for every test of this file.
const env = withBrowser();

/** Pages open at once, each in a browser context of its own. */
const WIDTH = 3;

test("the first Tab reaches the skip link, and it moves focus to the content", async () => {
  // Each page in a browser context of its own, so each has the keyboard's focus.
  await inParallel(Object.entries(KINDS), WIDTH, async ([kind, rel]) => {
    const page = await env.browser.newPage();
    await page.goto(address(env.http.origin, rel));
    await page.keyboard.press("Tab");
    const first = await page.evaluate(() => ({ cls: document.activeElement.className, text: document.activeElement.textContent }));
    assert.match(first.cls, /skip-link/, `${kind}: the first Tab went to ${JSON.stringify(first)}`);
    const visible = await page.evaluate(() => {
      const r = document.activeElement.getBoundingClientRect();
      return r.top >= 0 && r.height > 0;
    });
    assert.ok(visible, `${kind}: the skip link shows when focused`);
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.id), "main", `${kind}: Enter on the skip link focuses <main>`);
    await page.close();
  });
});

test("every link and control can be reached with Tab", async () => {
  const pages = [KINDS.home, KINDS.agency, KINDS.contacts, KINDS.matrix, KINDS.topic, KINDS.offer, KINDS.search, KINDS.agreements, KINDS.agreement, KINDS.meeting, KINDS.pathway];
  await inParallel(pages, WIDTH, async (rel) => {
    const page = await env.browser.newPage();
    await page.goto(address(env.http.origin, rel));
    const total = await page.evaluate(() => {
      const all = [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")].filter((e) => {
        // Controls inside a closed <details> wait until it is opened.
        if (e.tabIndex < 0 || e.disabled || (e.closest("details:not([open])") && !e.matches("summary, summary *"))) return false;
        const s = getComputedStyle(e);
        return e.getClientRects().length > 0 && s.visibility !== "hidden" && s.display !== "none" || e.classList.contains("skip-link");
      });
      all.forEach((e, i) => e.setAttribute("data-kbd", String(i)));
      return all.length;
    });
    // Where focus is once each Tab is done (read as the key comes up, in the
    // page, rather than asked for after each press).
    await page.evaluate(() => {
      window.kbdReached = [];
      document.addEventListener("keyup", (e) => {
        if (e.key === "Tab") window.kbdReached.push(document.activeElement?.getAttribute("data-kbd"));
      }, true);
    });
    for (let i = 0; i < total + 3; i++) await page.keyboard.press("Tab");
    const presses = await page.evaluate(() => window.kbdReached.length);
    assert.equal(presses, total + 3, `${rel}: every Tab was seen`);
    const missed = await page.evaluate(() => {
      const got = new Set(window.kbdReached);
      return [...document.querySelectorAll("[data-kbd]")].filter((e) => !got.has(e.getAttribute("data-kbd"))).map((e) => e.outerHTML.slice(0, 120));
    });
    assert.deepEqual(missed, [], `${rel}: not reachable by Tab`);
    assert.ok(total > 5, `${rel}: only ${total} focusable elements`);
    await page.close();
  });
});

test("the route finder's filters work from the keyboard and announce the count", async () => {
  const page = await env.browser.newPage();
  await page.goto(address(env.http.origin, KINDS.contacts));
  const before = await page.locator("[data-count-for]").textContent();
  await page.focus("#filter-urgency");
  await page.keyboard.press("ArrowDown"); // "Emergency"
  const value = await page.locator("#filter-urgency").inputValue();
  assert.equal(value, "emergency");
  const after = await page.locator("[data-count-for]").textContent();
  assert.notEqual(after, before, "the count changes");
  assert.equal(await page.locator("[data-count-for]").getAttribute("aria-live"), "polite");
  const shown = await page.locator("#route-list > .route:not([hidden])").evaluateAll((els) => els.map((e) => e.dataset.urgency));
  assert.ok(shown.length > 0 && shown.every((u) => u === "emergency"), `only emergency routes: ${shown}`);
  await page.close();
});

test("a need's page filters its routes by urgency and says which are open now", async () => {
  const page = await env.browser.newPage();
  await page.goto(address(env.http.origin, "topics/child-safeguarding/index.html?urgency=urgent"));
  const lines = page.locator("#need-routes > .route");
  const total = await lines.count();
  // The urgency in the address is applied: only the 9 urgent routes are shown.
  const shown = await page.locator("#need-routes > .route:not([hidden])").evaluateAll((els) => els.map((e) => e.dataset.urgency));
  assert.equal(shown.length, 9);
  assert.ok(shown.every((u) => u === "urgent"), `${shown}`);
  assert.equal((await page.locator("[data-count-for='need-routes']").textContent()).trim(), `9 of ${total} routes`);
  await page.selectOption("#filter-urgency", "emergency");
  assert.equal(await page.locator("#need-routes > .route:not([hidden])").count(), 1);
  // Every route line says whether it is open now.
  const statuses = await page.locator("#need-routes > .route .hours .open-status").allTextContents();
  assert.equal(statuses.length, total);
  assert.ok(statuses.every((t) => /^(Open|Closed) now/.test(t)), `${statuses}`);
  await page.close();
});

for (const [width, height] of [[390, 844], [320, 800]]) {
  test(`at ${width}px wide nothing scrolls sideways and routes are readable`, async () => {
    const context = await env.browser.newContext({ viewport: { width, height }, isMobile: true, hasTouch: true });
    await inParallel(Object.entries(KINDS), WIDTH, async ([kind, rel]) => {
      const page = await context.newPage();
      await page.goto(address(env.http.origin, rel));
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
      assert.ok(widths.scroll <= widths.view, `${kind} (${rel}) scrolls sideways at ${width}px: ${JSON.stringify(widths)}`);
      await page.close();
    });
    const page = await context.newPage();
    await page.goto(address(env.http.origin, KINDS.contacts));
    const routes = await page.locator(".route").evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        const value = e.querySelector(".reach a, .reach span");
        return { left: r.left, right: r.right, font: parseFloat(getComputedStyle(value).fontSize), valueRight: value.getBoundingClientRect().right };
      }),
    );
    assert.ok(routes.length > 50);
    for (const r of routes) {
      assert.ok(r.left >= 0 && r.right <= width, `a route is cut off: ${JSON.stringify(r)}`);
      assert.ok(r.valueRight <= width, `a number or address is cut off: ${JSON.stringify(r)}`);
      assert.ok(r.font >= 16, `route values are at least 16px: ${r.font}`);
    }
    await context.close();
  });
}

/** The open-now texts of routes (`ids`) on the route finder, at a fixed London time. */
async function statusesAt(time, ids) {
  const context = await env.browser.newContext({ timezoneId: "Europe/London" });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(time));
  await page.goto(address(env.http.origin, KINDS.contacts));
  const texts = [];
  for (const id of ids) {
    texts.push((await page.locator(`#route-list > li:has(a.purpose[href$="${id}"]) .open-status`).textContent()).trim());
  }
  await context.close();
  return texts;
}

/** The open-now text of a route on the route finder, at a fixed London time. */
async function statusAt(time, id) {
  return (await statusesAt(time, [id]))[0];
}

// Routes by the end of their link to their agency's page.
const OFFICE = "northshire-county-council/index.html#route-mash-referral"; // mon-thu 08:45-17:00, fri 08:45-16:30
const NIGHTS = "northshire-county-council/index.html#route-out-of-hours-social-care"; // evenings, nights, weekends
const EVENINGS = "open-minds-northshire/index.html#route-safe-haven"; // every day 18:00-23:00

test("open now is right inside hours, outside hours, past midnight and at the weekend", async () => {
  // November in London is GMT, so these times are also UTC.
  const cases = [
    ["2026-11-23T10:00:00Z", OFFICE, true], // Monday morning
    ["2026-11-23T10:00:00Z", NIGHTS, false],
    ["2026-11-23T20:00:00Z", OFFICE, false], // Monday evening
    ["2026-11-23T20:00:00Z", NIGHTS, true],
    ["2026-11-24T02:00:00Z", NIGHTS, true], // past midnight: Monday's night runs into Tuesday
    ["2026-11-24T02:00:00Z", OFFICE, false],
    ["2026-11-24T08:50:00Z", OFFICE, true], // Tuesday just after opening
    ["2026-11-24T08:50:00Z", NIGHTS, false],
    ["2026-11-27T16:45:00Z", OFFICE, false], // Friday closes at 16:30
    ["2026-11-27T16:45:00Z", NIGHTS, true],
    ["2026-11-28T12:00:00Z", OFFICE, false], // Saturday
    ["2026-11-28T12:00:00Z", NIGHTS, true],
    ["2026-11-28T12:00:00Z", EVENINGS, false],
    ["2026-11-28T20:00:00Z", EVENINGS, true],
    ["2026-11-29T23:30:00Z", EVENINGS, false], // Sunday, after closing
  ];
  // One page load per time, a few at once.
  const times = [...new Set(cases.map(([time]) => time))];
  const texts = new Map();
  await inParallel(times, WIDTH, async (time) => {
    const ids = cases.filter(([t]) => t === time).map(([, id]) => id);
    (await statusesAt(time, ids)).forEach((text, i) => texts.set(`${time} ${ids[i]}`, text));
  });
  for (const [time, id, open] of cases) {
    const text = texts.get(`${time} ${id}`);
    assert.match(text, open ? /^Open now/ : /^Closed now/, `${id} at ${time}: "${text}"`);
  }
  // A closed route names where to go instead (the council's own emergency duty
  // team, named by its purpose and number as the agency is already on the line).
  const closed = await statusAt("2026-11-23T20:00:00Z", OFFICE);
  assert.match(closed, /use Urgent children's or adults' social care .*, \d/, closed);
});

test("without JavaScript every page still works and the route finder lists every route", async () => {
  const context = await env.browser.newContext({ javaScriptEnabled: false });
  const directory = JSON.parse(readFileSync(path.join(SITE, "data/directory.json"), "utf8"));
  const routes = directory.agencies.reduce((n, a) => n + a.contacts.length, 0);
  const page = await context.newPage();
  await page.goto(address(env.http.origin, KINDS.contacts));
  const listed = await page.locator("#route-list > .route").count();
  const hidden = await page.locator("#route-list > .route[hidden]").count();
  assert.equal(listed, routes);
  assert.equal(hidden, 0);
  // Hours are there as text, without the script's open-now.
  assert.ok((await page.locator("#route-list").textContent()).includes("24 hours a day, 7 days a week"));
  // The search page offers the A-Z lists instead.
  await page.goto(address(env.http.origin, "search/index.html?q=MASH"));
  assert.ok(await page.locator(".search-fallback a[href$='agencies/index.html']").count());
  await context.close();
});
