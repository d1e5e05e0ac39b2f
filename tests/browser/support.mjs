// Shared set-up for the browser tests: the built site, a static server on
// 127.0.0.1, and Debian's Chromium driven by playwright-core.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

/** This folder (import.meta.dirname needs Node 20.11; this works on older Nodes too). */
const HERE = path.dirname(fileURLToPath(import.meta.url));

export const SITE = process.env.SITE_DIR
  ? path.resolve(process.env.SITE_DIR)
  : path.resolve(HERE, "../../target/browser-site");

if (!existsSync(path.join(SITE, "index.html"))) {
  throw new Error(`no built site at ${SITE}: run scripts/browser-tests (it builds the example first)`);
}

/** A synthetic directory bigger than one who-does-what table holds (see
 * `src/render/matrix.rs`), built by scripts/browser-tests for the pages only a
 * big directory has. */
export const BIG_SITE = process.env.BIG_SITE_DIR
  ? path.resolve(process.env.BIG_SITE_DIR)
  : path.resolve(HERE, "../../target/browser-site-big");

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** axe-core's WCAG 2.0, 2.1 and 2.2 A and AA violations on a loaded page, one
 * line each. From disk axe must not fetch the stylesheets itself (file://
 * forbids it), so `overHttp` says whether it may. */
export async function axeViolations(page, overHttp) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(
    ([tags, preload]) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, preload }),
    [AXE_TAGS, overHttp],
  );
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
}

/** The computed styles that say what a page shows axe (colours, text, what is
 * hidden, layers, outlines and borders that mark links). A page from disk
 * uses the same stylesheet as over HTTP, so a difference in styles can only
 * come from its document, a file that did not load or a script, and each of
 * those changes some of these, or the boxes, or the document itself. */
const SHOWN = [
  "display", "visibility", "opacity", "position", "z-index", "overflow-x", "overflow-y",
  "color", "background-color", "background-image", "font-family", "font-size",
  "font-weight", "font-style", "line-height", "letter-spacing", "text-decoration-line",
  "text-shadow", "text-indent", "white-space", "outline-style", "outline-width",
  "border-bottom-style", "border-bottom-width", "border-bottom-color", "clip",
  "clip-path", "transform", "filter", "mix-blend-mode", "pointer-events", "content",
];

/** What axe reads of a loaded page, as a hash: the document after its scripts
 * ran, and every element's box and `SHOWN` styles (and its ::before and
 * ::after), with the site's own address (`root`: the origin and "/", or the
 * site folder's file:// address and "/") taken out. Two loads of a page with
 * the same hash show axe the same thing. */
export function rendering(page, root) {
  return page.evaluate(([root, shown]) => {
    const parts = [document.documentElement.outerHTML];
    const style = (s) => shown.map((p) => s.getPropertyValue(p)).join(";");
    for (const e of document.querySelectorAll("*")) {
      const r = e.getBoundingClientRect();
      parts.push(`${r.x},${r.y},${r.width},${r.height}`, style(getComputedStyle(e)));
      for (const pseudo of ["::before", "::after"]) parts.push(style(getComputedStyle(e, pseudo)));
    }
    const text = parts.join("\n").split(root).join("ROOT/");
    // cyrb53: a 53-bit hash, so only the hash crosses to Node.
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return `${text.length}:${(h2 >>> 0).toString(16)}${(h1 >>> 0).toString(16)}`;
  }, [root, SHOWN]);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".csv": "text/csv; charset=utf-8",
  ".ics": "text/calendar; charset=utf-8",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
};

/** Serves the site on 127.0.0.1 at a free port; resolves to { server, origin }. */
export function serve(root = SITE) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://127.0.0.1");
      let file = path.join(root, decodeURIComponent(url.pathname));
      if (!file.startsWith(root)) throw new Error("outside");
      if ((await stat(file).catch(() => null))?.isDirectory()) file = path.join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(await readFile(path.join(root, "404.html")).catch(() => "not found"));
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

/** Launches headless Chromium with the flags this closed network needs. */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Starts `joinedup serve` on a free port for a content folder; resolves to
 * `{ server, origin }` once it says where it listens. */
export function startServe(bin, content, output) {
  const server = spawn(bin, ["serve", "--port", "0", "--today", "2026-11-21", "--content", content, "--output", output]);
  return new Promise((resolve, reject) => {
    let seen = "";
    server.stdout.on("data", (d) => {
      seen += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(seen);
      if (m) resolve({ server, origin: `http://127.0.0.1:${m[1]}` });
    });
    server.on("exit", () => reject(new Error(`serve exited: ${seen}`)));
  });
}

/** Stops `joinedup serve` and waits for it: a rebuild may still be writing
 * after a page reloaded, so its folder is only safe to delete afterwards. */
export async function stopServe(server) {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGINT");
  await exited;
}

/** Starts a server of the site and a browser before a file's tests, and stops
 * them after; returns an object whose `browser` and `http` are set by then. */
export function withBrowser() {
  const env = {};
  before(async () => {
    env.http = await serve();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.http?.server.close();
  });
  return env;
}

/** The page's address: over HTTP from `origin`, or from disk (the folder
 * `site`) when origin is null. */
export function address(origin, rel, site = SITE) {
  if (origin) return `${origin}/${rel}`;
  const [file, query] = rel.split("?");
  return pathToFileURL(path.join(site, file)).href + (query ? `?${query}` : "");
}

/** Runs `fn` on every item, at most `width` at a time (pages in one browser
 * load side by side); resolves to the results in the items' order, so that
 * what a test reports does not depend on which finished first. */
export async function inParallel(items, width, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/** Every HTML file of the site, relative to it, sorted. */
export function htmlFiles(dir = SITE, prefix = "") {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(full).isDirectory()) out.push(...htmlFiles(full, rel));
    else if (name.endsWith(".html")) out.push(rel);
  }
  return out;
}

/** Watches a page for console errors, uncaught exceptions and requests to other hosts. */
export function watch(page, origin) {
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
  page.on("request", (r) => {
    const u = new URL(r.url());
    const ok = origin ? u.origin === origin : u.protocol === "file:";
    if (!ok && u.protocol !== "data:" && u.protocol !== "about:") problems.push(`request to another host: ${r.url()}`);
  });
  return problems;
}

/** One page of each kind the site has. */
export const KINDS = {
  home: "index.html",
  agencies: "agencies/index.html",
  agency: "agencies/northshire-county-council/index.html",
  topics: "topics/index.html",
  topic: "topics/child-safeguarding/index.html",
  matrix: "who-does-what/index.html",
  contacts: "contacts/index.html",
  glossary: "glossary/index.html",
  shadowing: "shadowing/index.html",
  offer: "shadowing/ppu-observation-day/index.html",
  induction: "induction/index.html",
  pages: "pages/index.html",
  page: "welcome/index.html",
  search: "search/index.html?q=MASH",
  report: "report/index.html",
  notFound: "404.html",
  agreements: "agreements/index.html",
  agreement: "agreements/northshire-safeguarding-isa/index.html",
  meetings: "meetings/index.html",
  meeting: "meetings/marac/index.html",
  pathways: "pathways/index.html",
  pathway: "pathways/child-protection-enquiry/index.html",
};
