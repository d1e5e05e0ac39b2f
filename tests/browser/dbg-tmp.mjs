import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
const SITE = path.resolve(process.argv[2]);
const qs = process.argv.slice(3);
const server = createServer(async (req, res) => {
  try { const p = path.join(SITE, decodeURIComponent(new URL(req.url, "http://x").pathname)); res.end(await readFile(p.endsWith("/") ? p + "index.html" : p)); } catch { res.statusCode = 404; res.end(); }
}).listen(0, "127.0.0.1");
await new Promise((r) => server.once("listening", r));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/search/index.html`);
await page.evaluate(() => window.JoinedupSearch.ready);
for (const q of qs) {
  const out = await page.evaluate(async (q) => {
    const r = await window.JoinedupSearch.search(q);
    const top = [];
    for (const id of r.ids.slice(0, 6)) { const rec = await window.JoinedupSearch.record(id); top.push(r.score.get(id).toFixed(2) + " " + rec[2]); }
    return { n: r.ids.length, all: r.all, top };
  }, q);
  console.log(`${q}  [${out.n}${out.all ? "" : " partial"}]\n   ` + out.top.join("\n   "));
}
await browser.close(); server.close();
