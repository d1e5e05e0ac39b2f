// Benchmark (not a test): time from saving a content file to the reloaded page
// under `joinedup serve`, measured in a real browser. Run it on a big site:
//   joinedup synth --output /tmp/syn --agencies 2000
//   node tests/browser/bench/serve-reload.mjs /tmp/syn [path/to/joinedup]
// It edits a copy of the content, never the folder it is given.
import { appendFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launch, startServe, stopServe } from "../support.mjs";

const source = path.resolve(process.argv[2] || "content");
const bin = path.resolve(process.argv[3] || "target/release/joinedup");
const runs = Number(process.env.RUNS || 7);
const dir = mkdtempSync(path.join(process.env.BENCH_TMP || tmpdir(), "joinedup-serve-bench-"));
cpSync(source, path.join(dir, "content"), { recursive: true });
const agencyFile = readdirSync(path.join(dir, "content/agencies")).filter((f) => f.endsWith(".yaml")).sort()[7];
const agency = agencyFile.replace(/\.yaml$/, "");
const file = path.join(dir, "content/agencies", agencyFile);
const original = readFileSync(file, "utf8");

const { server, origin } = await startServe(bin, path.join(dir, "content"), path.join(dir, "out"));
// BENCH_STDERR=FILE keeps serve's stderr (JOINEDUP_TIMINGS=1 prints its phases there).
if (process.env.BENCH_STDERR) {
  // Each whole line, with the time it came (ms, mod 100 s).
  const keeper = () => {
    let rest = "";
    return (d) => {
      const lines = (rest + d).split("\n");
      rest = lines.pop();
      if (lines.length) appendFileSync(process.env.BENCH_STDERR, lines.map((l) => `${Date.now() % 100000} ${l}\n`).join(""));
    };
  };
  server.stderr.on("data", keeper());
  server.stdout.on("data", keeper());
}
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(`${origin}/agencies/${agency}/index.html`);
  await page.waitForTimeout(1000);
  const times = [];
  for (let i = 1; i <= runs; i++) {
    const name = `Renamed agency ${i}`;
    const reloaded = page.waitForFunction((n) => document.querySelector("h1")?.textContent.includes(n), name, { timeout: 30000, polling: 10 });
    const started = performance.now();
    if (process.env.BENCH_STDERR) appendFileSync(process.env.BENCH_STDERR, `${Date.now() % 100000} bench: edit ${i} saved\n`);
    writeFileSync(file, original.replace(/^name: .*$/m, `name: ${name}`));
    await reloaded;
    times.push(performance.now() - started);
    if (process.env.BENCH_STDERR) appendFileSync(process.env.BENCH_STDERR, `${Date.now() % 100000} bench: edit ${i} shown after ${Math.round(times[times.length - 1])} ms\n`);
    await page.waitForTimeout(1500);
  }
  times.sort((a, b) => a - b);
  const ms = (x) => `${(x / 1000).toFixed(2)} s`;
  console.log(`save to reloaded page, ${runs} edits of agencies/${agencyFile}: median ${ms(times[Math.floor(times.length / 2)])}, range ${ms(times[0])}–${ms(times[times.length - 1])}`);
} finally {
  await browser.close();
  await stopServe(server);
  rmSync(dir, { recursive: true, force: true });
}
