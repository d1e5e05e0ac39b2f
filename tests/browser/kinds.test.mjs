// Agreements, meetings and pathways in Chromium: each pathway's flowchart as
// drawn (boxes apart, every label inside its box), scrolling inside its own box
// on a 390px phone while the page does not, reachable by keyboard, and printed
// whole; the numbered steps stay the page's content. (axe, the Nu checker and
// the 390/320px checks of every kind of page include these pages too.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, address, htmlFiles } from "./support.mjs";

const env = withBrowser();
const PATHWAYS = htmlFiles().filter((f) => /^pathways\/[^/]+\/index\.html$/.test(f));

/** The chart's boxes and text as drawn: rectangles in page coordinates. */
async function drawn(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll(".flowchart svg g")].map((g) => {
      const box = g.querySelector("rect").getBoundingClientRect();
      const texts = [...g.querySelectorAll("text")].map((t) => {
        const r = t.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: t.textContent };
      });
      return { left: box.left, right: box.right, top: box.top, bottom: box.bottom, texts };
    }),
  );
}

test("every pathway's flowchart: boxes apart and every label inside its box", async () => {
  assert.ok(PATHWAYS.length >= 4, `only ${PATHWAYS.length} pathways`);
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const rel of PATHWAYS) {
    await page.goto(address(env.http.origin, rel));
    const boxes = await drawn(page);
    const steps = await page.locator("ol.steps > li.step").count();
    assert.equal(boxes.length, steps, `${rel}: one box per step`);
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
        assert.ok(apart, `${rel}: boxes overlap ${JSON.stringify([a, b])}`);
      }
      for (const t of a.texts) {
        assert.ok(t.left >= a.left && t.right <= a.right && t.top >= a.top && t.bottom <= a.bottom, `${rel}: "${t.text}" spills out of its box`);
      }
    }
  }
  await page.close();
});

test("at 390px the flowchart scrolls inside its box, by keyboard too, and the page does not", async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(address(env.http.origin, "pathways/hospital-discharge/index.html"));
  const sizes = await page.evaluate(() => {
    const box = document.querySelector(".flowchart-scroll");
    return { page: document.documentElement.scrollWidth, view: window.innerWidth, inner: box.scrollWidth, outer: box.clientWidth };
  });
  assert.ok(sizes.page <= sizes.view, `the page scrolls sideways: ${JSON.stringify(sizes)}`);
  assert.ok(sizes.inner > sizes.outer, `the chart is wider than a phone and scrolls in its box: ${JSON.stringify(sizes)}`);
  // The box takes the keyboard's focus, and the arrow keys scroll it.
  await page.locator(".flowchart-scroll").focus();
  assert.equal(await page.evaluate(() => document.activeElement.className), "flowchart-scroll");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.querySelector(".flowchart-scroll").scrollLeft > 0);
  // The steps come first, as text.
  const first = await page.locator("ol.steps").boundingBox();
  const chart = await page.locator(".flowchart").boundingBox();
  assert.ok(first.y < chart.y, "steps before the chart");
  await context.close();
});

test("printed, a pathway shows every step and the whole flowchart within the page", async () => {
  const page = await env.browser.newPage({ viewport: { width: 700, height: 900 } });
  await page.goto(address(env.http.origin, "pathways/hospital-discharge/index.html"));
  await page.emulateMedia({ media: "print" });
  const printed = await page.evaluate(() => {
    const box = document.querySelector(".flowchart-scroll");
    const svg = box.querySelector("svg").getBoundingClientRect();
    return {
      overflow: getComputedStyle(box).overflowX,
      svgRight: svg.right,
      view: document.documentElement.clientWidth,
      nav: getComputedStyle(document.querySelector(".site-nav")).display,
      steps: [...document.querySelectorAll("ol.steps > li")].filter((li) => li.offsetParent !== null).length,
    };
  });
  assert.equal(printed.overflow, "visible");
  assert.ok(printed.svgRight <= printed.view, `the chart is cut off in print: ${JSON.stringify(printed)}`);
  assert.equal(printed.nav, "none");
  assert.equal(printed.steps, 7);
  const pdf = await page.pdf({ format: "A4" });
  assert.ok(pdf.length > 10_000, "prints");
  await page.close();
});

test("a need page links its pathways near the top, and an agency page lists its meetings", async () => {
  const page = await env.browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(address(env.http.origin, "topics/child-safeguarding/index.html"));
  const jump = page.locator(".jump a[href='#working-together']");
  const box = await jump.boundingBox();
  assert.ok(box.y < 844, `the link to the pathways is on the first screen: ${box.y}`);
  await jump.click();
  const link = page.locator("#working-together .need-pathways a[href$='pathways/child-protection-enquiry/index.html']");
  assert.equal(await link.count(), 1);
  assert.ok(await link.isVisible());
  await link.click();
  await page.waitForURL(/child-protection-enquiry/);
  await page.goto(address(env.http.origin, "agencies/northshire-police/index.html"));
  assert.equal(await page.locator("#working-together a[href$='meetings/marac/index.html']").count(), 1);
  await page.close();
});

test("search finds meetings, pathways and agreements", async () => {
  const page = await env.browser.newPage();
  for (const [q, url] of [
    ["MARAC", "meetings/marac/index.html"],
    ["discharge to assess", "pathways/hospital-discharge/index.html"],
    ["information sharing agreement", "agreements/northshire-safeguarding-isa/index.html"],
    ["escalation", "pathways/escalation-professional-disagreements/index.html"],
  ]) {
    await page.goto(address(null, `search/index.html?q=${encodeURIComponent(q)}`));
    const hrefs = await page.locator("#search-results a").evaluateAll((as) => as.slice(0, 5).map((a) => a.getAttribute("href")));
    assert.ok(hrefs.some((h) => h.endsWith(url)), `${q}: ${hrefs}`);
  }
  await page.close();
});
