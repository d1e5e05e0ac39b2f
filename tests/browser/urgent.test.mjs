// "Who do I call, now": the urgent path on a phone (390x844, touch, a fixed
// clock). From the home page to the right number in at most two page loads and
// two screens of scrolling; a need page leads with its routes, the lead's
// first; who a route is for shows everywhere; the 404 page works from a deep
// path on any static host.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { withBrowser, address, SITE, axeViolations, watch } from "./support.mjs";

const env = withBrowser();

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, timezoneId: "Europe/London" };
// Saturday 28 November 2026, 02:00 in London (GMT, so also UTC).
const SATURDAY_2AM = new Date("2026-11-28T02:00:00Z");

/** How far, in screens, the page must scroll from its top to show all of `locator`. */
async function screensTo(locator) {
  return locator.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return Math.max(0, r.bottom + window.scrollY - window.innerHeight) / window.innerHeight;
  });
}

/** A phone at 02:00 on a Saturday, on the home page. */
async function phoneAtHome() {
  const context = await env.browser.newContext(PHONE);
  const page = await context.newPage();
  await page.clock.setFixedTime(SATURDAY_2AM);
  let loads = 0;
  page.on("load", () => loads++);
  await page.goto(address(env.http.origin, "index.html"));
  return { context, page, loads: () => loads };
}

/** The route line of `agencyRoute` ("agency-id/index.html#route-id") on a list. */
const line = (page, agencyRoute) => page.locator(`li.route:has(a.purpose[href$="${agencyRoute}"])`);

async function homeToNumber(needName, agencyRoute) {
  const { context, page, loads } = await phoneAtHome();
  const need = page.getByRole("link", { name: needName, exact: true }).first();
  const first = await screensTo(need);
  await Promise.all([page.waitForURL(/topics\//, { waitUntil: "load" }), need.tap()]);
  const route = line(page, agencyRoute);
  const number = route.locator(".reach a[href^='tel:']");
  await number.waitFor();
  const second = await screensTo(number);
  const status = (await route.locator(".open-status").textContent()).trim();
  const audience = (await route.locator(".audience").textContent()).trim();
  const result = { loads: loads(), screens: first + second, status, audience, href: await number.getAttribute("href") };
  await context.close();
  return result;
}

test("a child at risk at 02:00 on a Saturday: the professionals' out-of-hours number in 2 page loads and 2 screens", async () => {
  const r = await homeToNumber("A child may be at risk of harm", "northshire-county-council/index.html#route-emergency-duty-team");
  console.log(`child at risk: ${r.loads} page loads, ${r.screens.toFixed(2)} screens of scrolling`);
  assert.ok(r.loads <= 2, `${r.loads} page loads`);
  assert.ok(r.screens <= 2, `${r.screens.toFixed(2)} screens of scrolling`);
  assert.match(r.status, /^Open now/);
  assert.match(r.audience, /Professionals only/);
  assert.match(r.href, /^tel:\d+/);
});

test("domestic abuse at 02:00 on a Saturday: the lead charity's 24-hour helpline in 2 page loads and 2 screens", async () => {
  const r = await homeToNumber("Domestic abuse", "safe-harbour-northshire/index.html#route-helpline");
  console.log(`domestic abuse: ${r.loads} page loads, ${r.screens.toFixed(2)} screens of scrolling`);
  assert.ok(r.loads <= 2, `${r.loads} page loads`);
  assert.ok(r.screens <= 2, `${r.screens.toFixed(2)} screens of scrolling`);
  assert.match(r.status, /^Open now/);
});

test("the home page's first screen has a way into urgent help, and names the route finder for what it does", async () => {
  const { context, page } = await phoneAtHome();
  const danger = page.locator("a[href='tel:999']").first();
  assert.ok((await screensTo(danger)) === 0, "999 is on the first screen");
  const ooh = page.getByRole("link", { name: /open now/i }).first();
  assert.ok((await screensTo(ooh)) === 0, "out-of-hours help is on the first screen");
  await Promise.all([page.waitForURL(/contacts\//, { waitUntil: "load" }), ooh.tap()]);
  assert.ok(await page.locator("#filter-open").isChecked(), "the route finder opens with 'open now only' ticked");
  const shown = await page.locator("#route-list > .route:not([hidden])").evaluateAll((els) => els.map((e) => e.dataset.open));
  assert.ok(shown.length > 0 && shown.every((o) => o === "yes"), "only open routes are shown");
  assert.equal(await page.locator(".site-nav a[href$='contacts/index.html']").textContent(), "Find a contact route");
  await context.close();
});

test("a need's routes come first, open now first, then by urgency, leads' before supporters'", async () => {
  const context = await env.browser.newContext(PHONE);
  const page = await context.newPage();
  await page.clock.setFixedTime(SATURDAY_2AM);
  await page.goto(address(env.http.origin, "topics/domestic-abuse/index.html"));
  // The routes come before who does what.
  const order = await page.evaluate(() => {
    const routes = document.getElementById("need-routes");
    const who = document.getElementById("who-heading");
    return routes.compareDocumentPosition(who) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  assert.ok(order, "the routes come before who does what");
  // Each route's agency's part in the need, from the data export.
  const directory = JSON.parse(readFileSync(path.join(SITE, "data/directory.json"), "utf8"));
  const roles = directory.topics.find((t) => t.id === "domestic-abuse").roles;
  const lines = (
    await page.locator("#need-routes > .route").evaluateAll((els) =>
      els.map((e) => ({ open: e.dataset.open, urgency: e.dataset.urgency, href: e.querySelector("a.purpose").getAttribute("href") })),
    )
  ).map((l) => ({ ...l, role: roles[/agencies\/([^/]+)\//.exec(l.href)[1]] }));
  // Open now before closed.
  const firstClosed = lines.findIndex((l) => l.open === "no");
  assert.ok(firstClosed > 0 && lines.slice(firstClosed).every((l) => l.open === "no"), JSON.stringify(lines));
  // Within each, by urgency, then the lead and joint agencies' before the rest.
  const rank = { emergency: 0, urgent: 1, routine: 2 };
  const roleRank = { lead: 0, joint: 1, support: 2, signpost: 3, "": 4 };
  for (const group of [lines.slice(0, firstClosed), lines.slice(firstClosed)]) {
    for (let i = 1; i < group.length; i++) {
      const [a, b] = [group[i - 1], group[i]];
      const ka = [rank[a.urgency], roleRank[a.role ?? ""]];
      const kb = [rank[b.urgency], roleRank[b.role ?? ""]];
      assert.ok(ka[0] < kb[0] || (ka[0] === kb[0] && ka[1] <= kb[1]), `${a.href} before ${b.href}`);
    }
  }
  // The first route is a leading agency's (999 to the police, who share the
  // lead); the first that is not a 999 line is the lead charity's helpline.
  assert.ok(["lead", "joint"].includes(lines[0].role), JSON.stringify(lines[0]));
  const firstUrgent = lines.find((l) => l.urgency !== "emergency");
  assert.match(firstUrgent.href, /safe-harbour-northshire\/index\.html#route-helpline$/);
  await context.close();
});

test("without the script the build's order holds: by urgency, then the lead's routes", async () => {
  const context = await env.browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(address(env.http.origin, "topics/domestic-abuse/index.html"));
  const hrefs = await page.locator("#need-routes > .route a.purpose").evaluateAll((els) => els.map((e) => e.getAttribute("href")));
  assert.match(hrefs[0], /northshire-police\/index\.html#route-emergency$/);
  assert.match(hrefs[1], /safe-harbour-northshire\/index\.html#route-helpline$/);
  await context.close();
});

test("a parent need gathers its children's routes and roles", async () => {
  const page = await env.browser.newPage();
  await page.goto(address(env.http.origin, "topics/safeguarding/index.html"));
  const routes = await page.locator("#need-routes > .route").count();
  assert.ok(routes >= 20, `${routes} routes on Safeguarding`);
  const text = await page.locator("main").textContent();
  assert.ok(!text.includes("No contact routes"), "no 'no routes' on a parent");
  assert.ok(text.includes("Safe Harbour Northshire") && text.includes("Northshire County Council"), "children's leads are named");
  await page.close();
});

test("on a phone, who does what by area is a compact list: no empty cells and nothing off-screen", async () => {
  const context = await env.browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(address(env.http.origin, "topics/child-safeguarding/index.html"));
  const empty = await page.locator(".by-area :is(td, dd)").evaluateAll((els) => els.filter((e) => e.getClientRects().length && !e.textContent.trim().replace("—", "")).length);
  assert.equal(empty, 0, "empty cells");
  const dashes = await page.locator(".by-area .none").evaluateAll((els) => els.filter((e) => e.getClientRects().length).length);
  assert.equal(dashes, 0, "dashes for nobody");
  const offscreen = await page.locator(".by-area *").evaluateAll((els) => els.filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > window.innerWidth).length);
  assert.equal(offscreen, 0, "something is off-screen");
  await context.close();
});

test("who a route is for shows, in words and in style, on need pages, the route finder and agency pages", async () => {
  const page = await env.browser.newPage();
  for (const rel of ["topics/child-safeguarding/index.html", "contacts/index.html", "agencies/northshire-county-council/index.html"]) {
    await page.goto(address(env.http.origin, rel));
    const routes = await page.locator(".route").evaluateAll((els) =>
      els.map((e) => {
        const a = e.querySelector(".audience");
        return { text: a ? a.textContent.trim() : "", style: a ? getComputedStyle(a).borderStyle + getComputedStyle(a).backgroundColor + getComputedStyle(e).borderLeftStyle : "" };
      }),
    );
    assert.ok(routes.length > 3, rel);
    const professionals = routes.filter((r) => r.text === "Professionals only");
    const everyone = routes.filter((r) => /public/i.test(r.text));
    assert.equal(professionals.length + everyone.length, routes.length, `${rel}: every route says who it is for: ${JSON.stringify(routes)}`);
    assert.ok(professionals.length && everyone.length, rel);
    assert.notEqual(professionals[0].style, everyone[0].style, `${rel}: a professionals' line looks different`);
    // Lists of routes filter by who they are for.
    if (await page.locator("#filter-audience").count()) {
      await page.selectOption("#filter-audience", "public");
      const shown = await page.locator(".route-lines > .route:not([hidden]) .audience").allTextContents();
      assert.ok(shown.length > 0 && shown.every((t) => /public/i.test(t)), `${rel}: ${shown}`);
    }
  }
  await page.close();
});

/** A static host: serves the site under `prefix`, and answers any missing
 * path with the 404 page's bytes (as nginx, Apache, IIS and GitHub Pages do). */
function staticHost(prefix) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const notFound = async () => {
      res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
      res.end(await readFile(path.join(SITE, "404.html")));
    };
    if (!url.pathname.startsWith(prefix)) return notFound();
    let file = path.join(SITE, decodeURIComponent(url.pathname.slice(prefix.length)));
    if (!file.startsWith(SITE)) return notFound();
    if ((await stat(file).catch(() => null))?.isDirectory()) file = path.join(file, "index.html");
    const body = await readFile(file).catch(() => null);
    if (!body) return notFound();
    const types = { ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".html": "text/html; charset=utf-8" };
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` })));
}

// The example's base_url is https://intranet.northshire.example.org/partners/;
// the site is served at /partners/ (its base_url's path) and somewhere else.
for (const [prefix, missing, js] of [
  ["/partners/", "/partners/agencies/nope/", true],
  ["/partners/", "/partners/agencies/nope/deeper/still", false],
  ["/elsewhere/site/", "/elsewhere/site/topics/nope/", true],
  ["/", "/agencies/nope/", true],
]) {
  test(`the 404 page from ${missing} (site at ${prefix}${js ? "" : ", no JavaScript"}): styled, and every link works`, async () => {
    const host = await staticHost(prefix);
    const context = await env.browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    const problems = watch(page, host.origin);
    // Every request but the missing page itself succeeds (Chromium reports
    // the page's own 404 as a console error: that one is expected).
    const failed = [];
    page.on("response", (r) => {
      if (r.status() !== 200 && r.url() !== host.origin + missing) failed.push(`${r.url()} ${r.status()}`);
    });
    const response = await page.goto(host.origin + missing);
    assert.equal(response.status(), 404);
    assert.equal(await page.locator("h1").textContent(), "Page not found");
    const header = await page.locator(".site-header").evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.equal(header, "rgb(11, 79, 108)", "the stylesheet loaded");
    // Without the script, the links shown in the page's content.
    const links = await page.locator(js ? "a[href]" : "main a[href]").evaluateAll((els) => els.filter((e) => e.getClientRects().length).map((e) => e.href));
    assert.ok(links.length > 3, `${links.length} links`);
    const broken = [];
    for (const href of links) {
      const u = new URL(href);
      if (u.pathname === missing && u.hash) continue; // the skip link, in the page
      if (u.origin !== host.origin) {
        broken.push(`${href} (another host)`);
        continue;
      }
      const r = await page.request.get(href.split("#")[0]);
      if (r.status() !== 200) broken.push(`${href} (${r.status()})`);
    }
    assert.deepEqual(broken, []);
    assert.deepEqual(failed, [], "requests that failed");
    if (js) {
      const own404 = problems.filter((p) => /status of 404/.test(p));
      assert.ok(own404.length <= 1, own404.join("; "));
      assert.deepEqual([...problems.filter((p) => !own404.includes(p)), ...(await axeViolations(page, true))], []);
    }
    await context.close();
    host.server.close();
  });
}

test("shadowing offers say who they are open to, and filter by it", async () => {
  const page = await env.browser.newPage();
  await page.goto(address(env.http.origin, "shadowing/index.html"));
  const all = await page.locator("#offer-list > li").count();
  await page.selectOption("#filter-open-to", "health-visitors");
  const shown = await page.locator("#offer-list > li:not([hidden])").allTextContents();
  assert.ok(shown.length > 0 && shown.length < all, `${shown.length} of ${all}`);
  // Each shown offer is open to health visitors, or to anyone.
  for (const text of shown) assert.match(text, /Open to:.*(health visitors|anyone)/s);
  assert.match(await page.locator("[data-count-for='offer-list']").textContent(), new RegExp(`^${shown.length} of ${all} offers$`));
  await page.close();
});

test("a worker picks their area once: each need's routes are then that area's and those serving every area", async () => {
  const context = await env.browser.newContext(PHONE);
  const page = await context.newPage();
  await page.clock.setFixedTime(SATURDAY_2AM);
  // Where each route serves, from the data export: its team's areas, else its agency's.
  const directory = JSON.parse(readFileSync(path.join(SITE, "data/directory.json"), "utf8"));
  const everyArea = directory.site.areas.map((a) => a.id);
  const serves = (href) => {
    const [, agencyId, routeId] = /agencies\/([^/]+)\/index\.html#route-(.+)$/.exec(href);
    const agency = directory.agencies.find((a) => a.id === agencyId);
    const route = agency.contacts.find((c) => c.id === routeId);
    const team = agency.teams.find((t) => t.id === route.team);
    return team && team.areas.length ? team.areas : agency.areas;
  };
  const shown = (p) =>
    p.locator("#need-routes > .route").evaluateAll((els) =>
      els.map((e) => ({ hidden: e.hidden, href: e.querySelector("a.purpose").getAttribute("href") })),
    );
  await page.goto(address(env.http.origin, "topics/homelessness/index.html"));
  const before = await shown(page);
  assert.ok(before.every((l) => !l.hidden), "every route shows before an area is chosen");
  await page.selectOption("#filter-area", "south-vale");
  const after = await shown(page);
  for (const l of after) {
    const areas = serves(l.href);
    assert.equal(l.hidden, !areas.includes("south-vale"), `${l.href} serves ${areas}`);
  }
  const kept = after.filter((l) => !l.hidden).length;
  assert.ok(kept > 0 && kept < after.length, "the area leaves some routes out, not all");
  assert.ok(after.some((l) => !l.hidden && everyArea.every((a) => serves(l.href).includes(a))), "routes serving every area stay");
  assert.equal((await page.locator("[data-count-for=need-routes]").textContent()).trim(), `${kept} of ${after.length} routes`);
  // The next need's page remembers the area; the address can set another.
  await page.goto(address(env.http.origin, "topics/tenancy-support/index.html"));
  assert.equal(await page.locator("#filter-area").inputValue(), "south-vale");
  const next = await shown(page);
  for (const l of next) assert.equal(l.hidden, !serves(l.href).includes("south-vale"), l.href);
  await page.goto(address(env.http.origin, "topics/tenancy-support/index.html?areas=kingsmouth"));
  assert.equal(await page.locator("#filter-area").inputValue(), "kingsmouth");
  // "Every area" forgets it.
  await page.selectOption("#filter-area", "");
  await page.goto(address(env.http.origin, "topics/homelessness/index.html"));
  assert.equal(await page.locator("#filter-area").inputValue(), "");
  assert.ok((await shown(page)).every((l) => !l.hidden));
  await context.close();
});

test("out of hours on a big directory: the route finder's list of needs carries 'open now' and the area on to the need's page", async () => {
  // More than 2,000 routes: the finder lists needs rather than every route.
  const dir = mkdtempSync(path.join(tmpdir(), "joinedup-big-finder-"));
  const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../target/debug/joinedup");
  try {
    execFileSync(bin, ["synth", "--agencies", "420", "--output", path.join(dir, "content")]);
    execFileSync(bin, ["build", "--content", path.join(dir, "content"), "--output", path.join(dir, "site"), "--today", "2026-11-21"], { stdio: "ignore" });
    const context = await env.browser.newContext(PHONE);
    const page = await context.newPage();
    await page.clock.setFixedTime(SATURDAY_2AM);
    await page.goto(pathToFileURL(path.join(dir, "site/index.html")).href);
    const ooh = page.getByRole("link", { name: /open now/i }).first();
    await Promise.all([page.waitForURL(/contacts\//, { waitUntil: "load" }), ooh.tap()]);
    assert.ok(await page.locator(".need-links").isVisible(), "a big directory's finder lists needs");
    assert.ok(await page.locator("[data-shown-with=open]").isVisible(), "it says the need's page opens with open now ticked");
    const need = page.locator(".need-links a").first();
    assert.match(await need.getAttribute("href"), /index\.html\?open=1#routes$/);
    await Promise.all([page.waitForURL(/topics\//, { waitUntil: "load" }), need.tap()]);
    assert.ok(await page.locator("#filter-open").isChecked(), "the need's page opens with 'open now only' ticked");
    const shown = await page.locator("#need-routes > .route:not([hidden])").evaluateAll((els) => els.map((e) => e.dataset.open));
    assert.ok(shown.length > 0 && shown.every((o) => o === "yes"), "only open routes are shown");
    // Without ?open=1 the finder's links are plain and the notice hidden.
    await page.goto(pathToFileURL(path.join(dir, "site/contacts/index.html")).href + "?areas=north");
    assert.equal(await page.locator("[data-shown-with=open]").isVisible(), false);
    assert.match(await page.locator(".need-links a").first().getAttribute("href"), /index\.html\?areas=north#routes$/);
    await context.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
