// Benchmark (not a test): time from a query to its results on the search page,
// after the index files a query needs have loaded. Run it on a big site:
//   joinedup synth --output /tmp/syn --agencies 2000
//   joinedup build --content /tmp/syn --output /tmp/syn-site
//   node tests/browser/bench/search-latency.mjs /tmp/syn-site
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const site = path.resolve(process.argv[2] || "target/browser-site");
const queries = ["agency", "safeguarding", "housing", "referrals", "team", "mental health", "domestic abuse", "carers", "emergency", "hospital discharge", "food poverty", "route", "assessments", "safegaurding", "hoardng"];
// Queries in people's words, which the everyday tables read as several
// variants, and urgent ones, which look up the urgent routes too
// (BENCH_EVERYDAY=0 leaves them out, to compare with the figures before them).
if (process.env.BENCH_EVERYDAY !== "0") {
  queries.push("my mum keeps falling over", "can't pay the rent", "smell of gas in the flat", "nowhere to sleep tonight", "worried about a child at 3am");
}
// BENCH_COLD=1: each run looks its words up afresh, as a query never typed
// before (the client keeps the words it has looked up, so a query asked
// again, or typed on word by word, looks up only its new words).
const COLD = process.env.BENCH_COLD === "1";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage();
await page.goto(pathToFileURL(path.join(site, "search/index.html")).href);
await page.evaluate(() => window.JoinedupSearch.ready);
const times = [];
// Each query's fastest run: what it costs when the machine lets it run (on a
// busy machine the median of all runs measures the other work as well).
const fastest = [];
for (const q of queries) {
  // First run loads what the query needs; the timed runs have it loaded.
  await page.evaluate((q) => window.JoinedupSearch.go(q), q);
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const ms = await page.evaluate(async ([q, cold]) => {
      if (cold) window.JoinedupSearch.forget();
      await window.JoinedupSearch.go(q);
      return window.JoinedupSearch.lastQueryMs;
    }, [q, COLD]);
    times.push(ms);
    best = Math.min(best, ms);
    if (process.env.VERBOSE) console.log(q, ms.toFixed(1));
  }
  fastest.push(best);
}
const at = (list, p) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(1);
};
console.log(`search latency on ${site}${COLD ? " (cold words)" : ""}: ${times.length} timed queries, median ${at(times, 0.5)} ms, p90 ${at(times, 0.9)} ms, max ${at(times, 1)} ms; each query's fastest run: median ${at(fastest, 0.5)} ms, max ${at(fastest, 1)} ms`);
await browser.close();
