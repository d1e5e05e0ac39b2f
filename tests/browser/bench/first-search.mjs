// Benchmark (not a test): what a first search loads, as someone opening the
// search page and typing one query meets it. For each query, a fresh page
// loads the search page from disk, runs the query and waits for its results;
// every script it loaded is gzipped (level 6, as web servers send them) and
// summed, and the index requests (manifest, shards, record batches) counted.
//   node tests/browser/bench/first-search.mjs SITE "query one" "query two" ...
import path from "node:path";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { pathToFileURL, fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const site = path.resolve(process.argv[2] || "target/browser-site");
const queries = process.argv.slice(3);
if (!queries.length) queries.push("safeguarding", "mental health crisis team", "hospital discharge carer support");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
for (const q of queries) {
  const page = await browser.newPage();
  const files = [];
  page.on("request", (r) => {
    const u = r.url();
    if (u.startsWith("file:") && u.endsWith(".js")) files.push(fileURLToPath(u));
  });
  await page.goto(pathToFileURL(path.join(site, "search/index.html")).href);
  await page.evaluate(() => window.JoinedupSearch.ready);
  await page.evaluate((q) => window.JoinedupSearch.go(q), q);
  // The record batches of the results are asked for after the query resolves.
  await page.waitForTimeout(1000);
  const status = await page.evaluate(() => document.getElementById("search-status").textContent);
  const index = files.filter((f) => f.includes(`${path.sep}search${path.sep}index${path.sep}`));
  const gz = [...new Set(files)].reduce((sum, f) => sum + gzipSync(readFileSync(f), { level: 6 }).length, 0);
  console.log(`${q}: ${(gz / 1024).toFixed(0)} KB gzipped, ${index.length} index requests; ${status}`);
  await page.close();
}
await browser.close();
