// `joinedup serve` in the browser: an open page reloads by itself after an edit,
// shows the overlay when a file breaks, and clears it when the file is fixed; a
// page whose name an attacker points at this machine (DNS rebinding) is refused
// and cannot read the directory, while `localhost` works.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM, launch, startServe, stopServe } from "./support.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(HERE, "../../target/debug/joinedup");
const CONTENT = path.resolve(HERE, "../../content");

let browser, server, dir, origin;
before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "joinedup-serve-"));
  cpSync(CONTENT, path.join(dir, "content"), { recursive: true });
  ({ server, origin } = await startServe(BIN, path.join(dir, "content"), path.join(dir, "out")));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await stopServe(server);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("an open page reloads after an edit, and shows and clears the error overlay", async () => {
  const file = path.join(dir, "content/agencies/northshire-police.yaml");
  const original = readFileSync(file, "utf8");
  const page = await browser.newPage();
  await page.goto(`${origin}/agencies/northshire-police/index.html`);
  await page.waitForFunction(() => window.joinedupStatus && window.joinedupStatus.ok);

  writeFileSync(file, original.replace("name: Northshire Police", "name: Northshire Constabulary"));
  await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("Northshire Constabulary"), null, { timeout: 15000 });

  writeFileSync(file, original.replace("name: Northshire Police", "name: Northshire Constabulary").replace("\nremit:", "\nremmit:"));
  const overlay = page.locator("#joinedup-overlay");
  await overlay.waitFor({ state: "visible", timeout: 15000 });
  const text = await overlay.textContent();
  assert.match(text, /agencies\/northshire-police\.yaml:\d+:1/);
  assert.match(text, /unknown key `remmit`; did you mean `remit`\?/);
  assert.match(text, /A key joinedup does not know/, "the code in plain words");
  assert.match(text, /help: the keys an agency may have are/, "the help");
  const snippet = await overlay.locator("pre.joinedup-snippet").first().textContent();
  assert.match(snippet, /\d+ \| remmit:\n\s+\| \^{6}$/, "the line, and a caret under the key");
  assert.match(text, /You are seeing the last good version/);
  assert.ok((await page.locator("h1").textContent()).includes("Northshire Constabulary"), "the last good page stays");

  writeFileSync(file, original);
  await page.waitForFunction(() => document.querySelector("h1")?.textContent.startsWith("Northshire Police") && !document.getElementById("joinedup-overlay"), null, { timeout: 15000 });
  await page.close();
});

test("an edit updates the open page in place, keeping its scroll and focus and running its scripts again; a change to its head reloads it", async () => {
  const file = path.join(dir, "content/agencies/northshire-police.yaml");
  const siteFile = path.join(dir, "content/site.yaml");
  const original = readFileSync(file, "utf8");
  const site = readFileSync(siteFile, "utf8");
  const page = await browser.newPage({ viewport: { width: 1000, height: 500 } });
  // Counts the timers running, to see that running site.js again leaves one.
  await page.addInitScript(() => {
    const running = new Set();
    const set = window.setInterval, clear = window.clearInterval;
    window.setInterval = (...a) => { const id = set(...a); running.add(id); return id; };
    window.clearInterval = (id) => { running.delete(id); clear(id); };
    window.runningTimers = () => running.size;
  });
  try {
    await page.goto(`${origin}/agencies/northshire-police/index.html`);
    await page.waitForFunction(() => window.joinedupStatus && window.joinedupStatus.ok);
    const routes = await page.locator("[data-hours]").count();
    assert.ok(routes > 0, "the page has routes whose opening site.js shows");
    await page.locator("#site-search").fill("half typed");
    await page.evaluate(() => { window.sameDocument = true; window.scrollTo(0, 300); });
    assert.equal(await page.evaluate(() => window.scrollY), 300);

    const asked = [];
    page.on("request", (r) => { if (r.url().endsWith("/agencies/northshire-police/index.html")) asked.push(r.url()); });
    writeFileSync(file, original.replace("name: Northshire Police", "name: Northshire Constabulary"));
    await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("Northshire Constabulary"), null, { timeout: 15000 });
    assert.equal(await page.evaluate(() => window.sameDocument), true, "swapped in place, not reloaded");
    assert.deepEqual(asked, [], "the new page came with the status: it was not asked for");
    assert.match(await page.title(), /^Northshire Constabulary/, "the title follows");
    assert.equal(await page.evaluate(() => window.scrollY), 300, "the scroll is kept");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "site-search", "the focus is kept");
    assert.equal(await page.locator("#site-search").inputValue(), "half typed", "and what was typed");
    // site.js ran again over the new content: every route says whether it is open now.
    await page.waitForFunction((n) => document.querySelectorAll("[data-hours] .open-status").length === n, routes, { timeout: 5000 });

    // A second edit swaps once more, by one live client (its copy in the new page did not start another).
    writeFileSync(file, original.replace("name: Northshire Police", "name: Northshire Police Service"));
    await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("Northshire Police Service"), null, { timeout: 15000 });
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => window.joinedupSwaps), 2);
    assert.equal(await page.evaluate(() => window.sameDocument), true);
    assert.equal(await page.locator("script[src$='__joinedup/live.js']").count(), 1);
    assert.equal(await page.evaluate(() => window.runningTimers()), 1, "site.js run three times keeps one timer");

    // The language is on <html>, outside what is swapped: the page reloads.
    writeFileSync(siteFile, site.replace("language: en-GB", "language: en"));
    await page.waitForFunction(() => document.documentElement.lang === "en", null, { timeout: 15000 });
    assert.equal(await page.evaluate(() => window.sameDocument), undefined, "reloaded");
    assert.ok((await page.locator("h1").textContent()).includes("Northshire Police Service"));
  } finally {
    writeFileSync(siteFile, site);
    writeFileSync(file, original);
    await page.waitForFunction(() => document.querySelector("h1")?.textContent.trim().startsWith("Northshire Police") && !document.querySelector("h1").textContent.includes("Service") && document.documentElement.lang === "en-GB", null, { timeout: 15000 });
    await page.close();
  }
});

test("an edit of one route swaps in that route's card only: the rest of the page stays, and the new card says whether it is open now", async () => {
  const file = path.join(dir, "content/agencies/northshire-police.yaml");
  const original = readFileSync(file, "utf8");
  const page = await browser.newPage();
  try {
    await page.goto(`${origin}/agencies/northshire-police/index.html`);
    await page.waitForFunction(() => window.joinedupStatus && window.joinedupStatus.ok);
    await page.waitForFunction(() => document.querySelectorAll("[data-hours]").length === document.querySelectorAll("[data-hours] .open-status").length);
    await page.evaluate(() => {
      window.before = { header: document.querySelector("header"), h1: document.querySelector("h1"), routes: [...document.querySelectorAll("[data-hours]")] };
    });
    // Its hours change: the card's own attributes do, so the card is put in anew.
    writeFileSync(file, original.replace("    hours:\n      - mon-fri 09:00-17:00\n    bank_holidays: closed\n    team: public-protection-unit", "    hours:\n      - mon-fri 08:00-18:00\n    bank_holidays: closed\n    team: public-protection-unit"));
    await page.waitForFunction(() => document.getElementById("route-ppu-admin")?.getAttribute("data-hours") === "01234:480-1080", null, { timeout: 15000 });
    await page.waitForFunction(() => document.querySelector("#route-ppu-admin .open-status"), null, { timeout: 5000 });
    const kept = await page.evaluate(() => {
      const now = [...document.querySelectorAll("[data-hours]")];
      return {
        header: document.querySelector("header") === window.before.header,
        h1: document.querySelector("h1") === window.before.h1,
        routes: now.length,
        same: now.filter((r, i) => r === window.before.routes[i]).map((r) => r.id),
        statuses: now.map((r) => r.querySelectorAll(".open-status").length),
        card: document.getElementById("route-ppu-admin").querySelector(".open-status").textContent,
        open: document.getElementById("route-ppu-admin").getAttribute("data-open"),
      };
    });
    assert.equal(kept.header, true, "the header is the same node");
    assert.equal(kept.h1, true, "the heading is the same node");
    assert.equal(kept.routes, await page.evaluate(() => window.before.routes.length));
    assert.equal(kept.same.length, kept.routes - 1, `every other route card is the same node: ${kept.same}`);
    assert.ok(!kept.same.includes("route-ppu-admin"), "the changed card is new");
    assert.deepEqual(kept.statuses, kept.statuses.map(() => 1), "each card says once whether it is open");
    assert.match(kept.card, /^(Open now\.|Closed now)/, "the new card says whether it is open now");
    assert.match(kept.open, /^(yes|no)$/);
    assert.equal(await page.evaluate(() => window.joinedupSwaps), 1);
  } finally {
    writeFileSync(file, original);
    await page.waitForFunction(() => document.getElementById("route-ppu-admin")?.getAttribute("data-hours") === "01234:540-1020", null, { timeout: 15000 });
    await page.close();
  }
});

test("a filter chosen before an edit stays chosen and filters the routes swapped in", async () => {
  const file = path.join(dir, "content/agencies/northshire-police.yaml");
  const original = readFileSync(file, "utf8");
  const page = await browser.newPage();
  const routine = "    urgency: routine\n    channel: phone\n    value: \"101\"";
  try {
    await page.goto(`${origin}/topics/domestic-abuse/index.html`);
    await page.waitForFunction(() => window.joinedupStatus && window.joinedupStatus.ok);
    await page.locator("#filter-urgency").selectOption("routine");
    const shown = () => page.evaluate(() => [...document.querySelectorAll("#need-routes > li")].filter((li) => !li.hidden).map((li) => li.getAttribute("data-urgency")));
    const before = await shown();
    assert.ok(before.length > 1 && before.every((u) => u === "routine"));
    await page.evaluate(() => { window.sameDocument = true; });

    // The 101 route becomes urgent: filtered out now, and in when "urgent" is chosen.
    writeFileSync(file, original.replace(routine, routine.replace("routine", "urgent")));
    // (Once the page's scripts have run again over it.)
    await page.waitForFunction(() => document.querySelector('#need-routes > li[data-urgency="urgent"] .reach a[href="tel:101"]')?.closest("li").hidden, null, { timeout: 15000 });
    assert.equal(await page.evaluate(() => window.sameDocument), true, "swapped in place");
    assert.equal(await page.locator("#filter-urgency").inputValue(), "routine", "the choice stays");
    const after = await shown();
    assert.equal(after.length, before.length - 1, "the route no longer routine is filtered out");
    assert.ok(after.every((u) => u === "routine"));
    assert.match(await page.locator("[data-count-for]").textContent(), new RegExp(`^${after.length} of `));
    await page.locator("#filter-urgency").selectOption("urgent");
    const urgent = await page.evaluate(() => [...document.querySelectorAll("#need-routes > li")].filter((li) => !li.hidden).length);
    assert.ok(await page.evaluate(() => [...document.querySelectorAll('#need-routes > li .reach a[href="tel:101"]')].every((a) => !a.closest("li").hidden)), "the new route is filtered like the others");
    assert.ok(urgent > 1);
  } finally {
    writeFileSync(file, original);
    await page.waitForFunction(() => document.querySelectorAll('#need-routes > li[data-urgency="routine"] .reach a[href="tel:101"]').length === 1, null, { timeout: 15000 });
    await page.close();
  }
});

test("a name rebound to this machine is refused and cannot read the directory; localhost works", async () => {
  const port = new URL(origin).port;
  // This browser resolves the attacker's name to 127.0.0.1, as DNS rebinding does.
  const rebound = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--host-resolver-rules=MAP rebind.attacker.test 127.0.0.1"],
  });
  try {
    const page = await rebound.newPage();
    const response = await page.goto(`http://rebind.attacker.test:${port}/`);
    assert.equal(response.status(), 403);
    assert.match(await page.locator("main").textContent(), /--allow-host rebind\.attacker\.test/);
    // The attacker's script, same-origin by name, reads nothing.
    const read = await page.evaluate(async () => {
      const r = await fetch("/data/directory.json");
      return { status: r.status, text: await r.text() };
    });
    assert.equal(read.status, 403);
    assert.doesNotMatch(read.text, /northshire/i);
    const status = await page.evaluate(async () => (await fetch("/__joinedup/status")).status);
    assert.equal(status, 403);

    const local = await rebound.newPage();
    await local.goto(`http://localhost:${port}/agencies/northshire-police/index.html`);
    await local.waitForFunction(() => window.joinedupStatus && window.joinedupStatus.ok);
  } finally {
    await rebound.close();
  }
});
