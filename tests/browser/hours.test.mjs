// "Open now" through the year, in Chromium at fixed London times: bank holidays
// of each nation, the site's closures and routes' exceptions; hours in plain
// English with the status after them; and printed pages leave "open now" out.
// The example site, and a fixture with areas in England, Scotland and Northern
// Ireland (tests/fixtures/holidays), built here with the debug binary.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { withBrowser, serve, address, inParallel, KINDS } from "./support.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(HERE, "../../target/debug/joinedup");
const NATIONS = path.resolve(HERE, "../fixtures/holidays");

const env = withBrowser();
let dir, nations;
before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "joinedup-hours-"));
  execFileSync(BIN, ["build", "--content", NATIONS, "--output", path.join(dir, "site"), "--today", "2026-11-21"]);
  nations = await serve(path.join(dir, "site"));
});
after(() => {
  nations?.server.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The open-now texts of routes (`ids`) on a route finder at a fixed time, in London. */
async function statusesAt(origin, time, ids) {
  const context = await env.browser.newContext({ timezoneId: "Europe/London" });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(time));
  await page.goto(`${origin}/${KINDS.contacts}`);
  const texts = [];
  for (const id of ids) {
    texts.push((await page.locator(`#route-list > li:has(a.purpose[href$="${id}"]) .open-status`).textContent()).trim());
  }
  await context.close();
  return texts;
}

/** Checks each case `[time, id, open, why]`: one page load per time, a few
 * times at once. */
async function expect(origin, cases) {
  const times = [...new Set(cases.map(([time]) => time))];
  const texts = new Map();
  await inParallel(times, 3, async (time) => {
    const ids = cases.filter(([t]) => t === time).map(([, id]) => id);
    const found = await statusesAt(origin, time, ids);
    ids.forEach((id, i) => texts.set(`${time} ${id}`, found[i]));
  });
  for (const [time, id, open, why] of cases) {
    const text = texts.get(`${time} ${id}`);
    assert.match(text, open ? /^Open now/ : /^Closed now/, `${id} at ${time} (${why}): "${text}"`);
  }
}

// Routes of the example, by the end of their link.
const OFFICE = "northshire-county-council/index.html#route-mash-referral"; // mon-thu 08:45-17:00, fri 08:45-16:30; closed on bank holidays
const NIGHTS = "northshire-county-council/index.html#route-out-of-hours-social-care"; // nights and weekends; open on bank holidays
const FOOD = "kingsmouth-foodbank/index.html#route-distribution-centres"; // mon,wed,fri 11-14, tue 17-19, sat 10-12; exceptions

test("open now on Christmas Day, a substitute day, a closure's afternoon and Easter Monday", async () => {
  // December is GMT, so these times are London's; March 29th 2027 is BST.
  await expect(env.http.origin, [
    ["2026-12-25T10:00:00Z", OFFICE, false, "Christmas Day, a Friday"],
    ["2026-12-25T10:00:00Z", NIGHTS, true, "open on bank holidays, with its weekend hours"],
    ["2026-12-28T10:00:00Z", OFFICE, false, "Boxing Day's substitute, Monday 28th"],
    ["2026-12-29T10:00:00Z", OFFICE, true, "an ordinary Tuesday"],
    ["2026-12-24T10:00:00Z", OFFICE, true, "Christmas Eve morning"],
    ["2026-12-24T14:00:00Z", OFFICE, false, "Christmas Eve afternoon: closed from midday"],
    ["2027-03-29T09:00:00Z", OFFICE, false, "Easter Monday, 10am BST"],
    ["2027-03-30T09:00:00Z", OFFICE, true, "the Tuesday after"],
  ]);
});

test("open now follows a route's exceptions", async () => {
  await expect(env.http.origin, [
    ["2026-12-29T10:30:00Z", FOOD, true, "mornings only 29 to 31 December, though Tuesdays open at 5pm"],
    ["2026-12-29T17:30:00Z", FOOD, false, "not its usual Tuesday evening"],
    ["2027-01-02T10:30:00Z", FOOD, false, "closed on Saturday 2 January"],
    ["2027-01-09T10:30:00Z", FOOD, true, "the Saturday after"],
  ]);
});

test("each nation's bank holidays: Easter Monday, St Andrew's Day, the Battle of the Boyne", async () => {
  const [eng, sco, ni] = ["carlisle-advice", "dumfries-advice", "newry-advice"].map((a) => `${a}/index.html#route-office`);
  await expect(nations.origin, [
    ["2027-03-29T09:00:00Z", eng, false, "Easter Monday in England"],
    ["2027-03-29T09:00:00Z", sco, true, "not a holiday in Scotland"],
    ["2027-03-29T09:00:00Z", ni, false, "Easter Monday in Northern Ireland"],
    ["2026-11-30T10:00:00Z", sco, false, "St Andrew's Day"],
    ["2026-11-30T10:00:00Z", eng, true, "not a holiday in England"],
    ["2027-07-12T09:00:00Z", ni, false, "the Battle of the Boyne"],
    ["2027-07-12T09:00:00Z", eng, true, "not a holiday in England"],
    ["2027-07-12T09:00:00Z", "border-advice/index.html#route-scottish-desk", true, "a Scottish team of a cross-border agency"],
    ["2026-11-30T10:00:00Z", "border-advice/index.html#route-scottish-desk", false, "St Andrew's Day for the Scottish team"],
  ]);
});

test("hours read in plain English, the status follows as its own sentence, and changes are listed", async () => {
  const context = await env.browser.newContext({ timezoneId: "Europe/London" });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date("2026-11-23T20:00:00Z"));
  await page.goto(address(env.http.origin, "agencies/northshire-county-council/index.html"));
  const office = await page.locator("#route-mash-referral .hours").innerText();
  assert.match(
    office,
    /^Monday to Thursday, 8:45am to 5pm; Friday, 8:45am to 4:30pm\. Closed on bank holidays\. Closed now — use Urgent children's or adults' social care[^:]*: 01632 \d{6}\.$/,
    office,
  );
  await page.goto(address(env.http.origin, "agencies/kingsmouth-foodbank/index.html"));
  const always = await page.locator("#route-voucher-referrals .hours").innerText();
  assert.equal(always, "24 hours a day, 7 days a week. Open now.");
  const changes = await page.locator("#route-distribution-centres .hours-changes li").allInnerTexts();
  assert.deepEqual(changes, [
    "Closes at midday on 24 December 2026: Offices close at midday on Christmas Eve; use the out-of-hours routes.",
    "Open 10am to 1pm only, 29 to 31 December 2026: Between Christmas and New Year the Market Street centre alone is open, every weekday morning.",
    "Closed 2 January 2027: Closed for the new year stock-take.",
  ]);
  // Printed, the page keeps the hours and leaves out "open now".
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator("#route-voucher-referrals .open-status").isVisible(), false);
  assert.equal(await page.locator("#route-voucher-referrals .hours").isVisible(), true);
  await context.close();
});
