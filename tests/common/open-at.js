// Runs the page script's "open now" (themes/default/static/site.js,
// window.joinedupOpenAt) on the checks in the JSON file named by the first
// argument, and prints one "1" (open) or "0" (closed) per check. Used by
// tests/hours.rs to compare the script with the build's own answer.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const source = fs.readFileSync(path.join(__dirname, "../../themes/default/static/site.js"), "utf8");
const window = {};
const document = { currentScript: null, querySelectorAll: () => [] };
vm.runInNewContext(source, { window, document, setInterval() {}, location: { search: "" }, URLSearchParams });
if (typeof window.joinedupOpenAt !== "function") throw new Error("site.js sets no window.joinedupOpenAt");

let out = "";
for (const [route, y, m, d, hh, mm] of job.checks) {
  out += window.joinedupOpenAt(job.routes[route], job.calendar, new Date(y, m - 1, d, hh, mm)) ? "1" : "0";
}
process.stdout.write(out);
