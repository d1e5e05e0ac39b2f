// Benchmark (not a test): the browser's part of a live update alone. Serves a
// built site with the live script of this checkout (themes/default/serve/live.js)
// and a fake event stream, sends the open page its own HTML with the h1 renamed,
// and times from the event sent to the new h1 shown (painted), in Chromium.
//   node tests/browser/bench/swap-client.mjs SITE_DIR [agencies/x/index.html]
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "../support.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LIVE = process.env.LIVE_JS || path.resolve(HERE, "../../../themes/default/serve/live.js");
const site = path.resolve(process.argv[2]);
const rel = process.argv[3] || "agencies/org-000007/index.html";
const runs = Number(process.env.RUNS || 9);

// As `joinedup serve` does (src/serve/files.rs): before the body's first script.
const inject = (html, rel) => {
  const tag = `<script src="${"../".repeat(rel.split("/").length - 1)}__joinedup/live.js"></script>\n`;
  const script = html.indexOf("<script", html.indexOf("<body"));
  const i = script >= 0 ? script : html.lastIndexOf("</body>");
  return `${html.slice(0, i)}${tag}${html.slice(i)}`;
};
const original = inject(readFileSync(path.join(site, rel), "utf8"), rel);
let stream = null;
let generation = 1;
const send = (page) => {
  generation += 1;
  const status = { generation, ok: true, css_only: false, site: true, message: null, errors: [], warnings: [], warnings_total: 0, page };
  stream.write(`event: status\ndata: ${JSON.stringify(status)}\n\n`);
};
const server = createServer(async (req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  if (url.pathname.endsWith("/__joinedup/events")) {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
    stream = res;
    const status = { generation, ok: true, css_only: false, site: true, message: null, errors: [], warnings: [], warnings_total: 0 };
    res.write(`event: status\ndata: ${JSON.stringify(status)}\n\n`);
    return;
  }
  if (url.pathname.endsWith("/__joinedup/live.js")) {
    res.writeHead(200, { "content-type": "text/javascript" });
    res.end(readFileSync(LIVE));
    return;
  }
  let file = path.join(site, decodeURIComponent(url.pathname));
  if ((await stat(file).catch(() => null))?.isDirectory()) file = path.join(file, "index.html");
  try {
    let body = await readFile(file);
    const html = file.endsWith(".html");
    if (html) body = inject(body.toString("utf8"), path.relative(site, file));
    res.writeHead(200, { "content-type": html ? "text/html; charset=utf-8" : file.endsWith(".css") ? "text/css" : file.endsWith(".js") ? "text/javascript" : "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(`${origin}/${rel}`);
  await page.waitForFunction(() => window.joinedupStatus && window.joinedupStatus.ok);
  await page.evaluate(() => { window.sameDocument = true; });
  const times = [];
  for (let i = 1; i <= runs; i++) {
    const name = `Renamed ${i}`;
    const html = original.replace(/<h1>[^<]*<\/h1>/, `<h1>${name}</h1>`);
    // In the page: when the h1 changes, the time of the next frame's end.
    await page.evaluate((n) => {
      window.shownAt = new Promise((resolve) => {
        const check = () => {
          if (document.querySelector("h1")?.textContent.includes(n)) {
            requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => resolve(performance.now()); c.port2.postMessage(0); });
          } else setTimeout(check, 1);
        };
        check();
      });
      window.sentAt = performance.now();
    }, name);
    const t0 = await page.evaluate(() => performance.now());
    send(html);
    const t1 = await page.evaluate(() => window.shownAt);
    times.push(t1 - t0);
    await page.waitForTimeout(300);
  }
  if (!(await page.evaluate(() => window.sameDocument))) console.log("the page reloaded");
  if (process.env.MARKS) console.log(await page.evaluate(() => JSON.stringify(window.joinedupMarks || null)));
  times.sort((a, b) => a - b);
  console.log(`event to painted page, ${runs} swaps of ${rel}: median ${times[Math.floor(runs / 2)].toFixed(0)} ms, range ${times[0].toFixed(0)}-${times[runs - 1].toFixed(0)} ms`);
} finally {
  await browser.close();
  server.close();
}
