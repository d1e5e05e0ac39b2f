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
