// joinedup default theme: small progressive enhancements. Every page works without it.
(function () {
  "use strict";

  // --- Open now: each route carries its openings as data-hours ("always", or
  // "day:start-end" in minutes, day 0 = Monday; end <= start runs past midnight).
  function openNow(spec, now) {
    if (spec === "always") return true;
    if (!spec) return false;
    var day = (now.getDay() + 6) % 7;
    var minute = now.getHours() * 60 + now.getMinutes();
    return spec.split(" ").some(function (part) {
      var m = /^(\d):(\d+)-(\d+)$/.exec(part);
      if (!m) return false;
      var d = +m[1], s = +m[2], e = +m[3];
      if (e > s) return d === day && minute >= s && minute < e;
      return (d === day && minute >= s) || ((d + 1) % 7 === day && minute < e);
    });
  }
  window.joinedupOpenNow = openNow;

  function updateOpen() {
    var now = new Date();
    document.querySelectorAll("[data-hours]").forEach(function (route) {
      var status = route.querySelector(".open-status");
      if (!status) return;
      var open = openNow(route.getAttribute("data-hours"), now);
      route.setAttribute("data-open", open ? "yes" : "no");
      status.classList.toggle("is-open", open);
      status.classList.toggle("is-closed", !open);
      var ooh = route.querySelector(".ooh dd");
      var alternative = ooh ? ooh.textContent.replace(/\s+/g, " ").trim() : "";
      status.textContent = open ? " Open now." : (alternative ? " Closed now \u2014 use " + alternative + "." : " Closed now.");
    });
  }

  // --- Filters: <form data-filter-list="ID"> with selects [data-filter="attr"]
  // that match the list items' data-attr (space-separated values).
  function setupFilters(form) {
    var list = document.getElementById(form.getAttribute("data-filter-list"));
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    var count = form.querySelector("[data-count-for]");
    var noun = list.id === "route-list" ? "routes" : "agencies";
    function apply() {
      var shown = 0;
      var selects = form.querySelectorAll("[data-filter]");
      var openOnly = form.querySelector("[data-filter-open]");
      items.forEach(function (item) {
        var ok = true;
        selects.forEach(function (s) {
          if (!s.value) return;
          var values = (item.getAttribute("data-" + s.getAttribute("data-filter")) || "").split(" ");
          if (values.indexOf(s.value) < 0) ok = false;
        });
        if (openOnly && openOnly.checked && item.getAttribute("data-open") !== "yes") ok = false;
        item.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = shown + " of " + items.length + " " + noun;
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    var params = new URLSearchParams(location.search);
    form.querySelectorAll("[data-filter]").forEach(function (s) {
      var v = params.get(s.getAttribute("data-filter"));
      if (v) s.value = v;
    });
    apply();
  }

  // --- A first search (the full engine comes with the search index): matches
  // names, abbreviations, synonyms and summaries, whole words first.
  function setupSearch() {
    var data = document.getElementById("search-data");
    var results = document.getElementById("search-results");
    if (!data || !results) return;
    var d;
    try { d = JSON.parse(data.textContent); } catch (e) { return; }
    var root = "../";
    var q = (new URLSearchParams(location.search).get("q") || "").trim();
    var input = document.getElementById("search-q");
    if (input) input.value = q;
    var status = document.getElementById("search-status");
    if (!q) { status.textContent = "Type what you are looking for: a service, a need or an abbreviation."; return; }
    var needle = q.toLowerCase();
    var hits = [];
    function score(text) {
      if (!text) return 0;
      var t = String(text).toLowerCase();
      if (t === needle) return 3;
      if ((" " + t + " ").indexOf(" " + needle) >= 0) return 2;
      return t.indexOf(needle) >= 0 ? 1 : 0;
    }
    d.agencies.forEach(function (name, i) {
      var s = Math.max(score(name) * 2, score(d.agency_abbr[i]) * 2, score(d.agency_summary[i]));
      if (s) hits.push({ s: s + 1, kind: "Agency", name: name, url: d.agency_urls[i] });
    });
    d.topics.forEach(function (name, i) {
      var s = Math.max(score(name) * 2, Math.max.apply(null, [0].concat((d.topic_aka[i] || []).map(score))));
      if (s) hits.push({ s: s + 1, kind: "Need", name: name, url: d.topic_urls[i] });
    });
    d.terms.forEach(function (name, i) {
      var s = Math.max(score(name), score(d.term_abbr[i]) * 2);
      if (s) hits.push({ s: s, kind: "Glossary", name: (d.term_abbr[i] ? d.term_abbr[i] + ": " : "") + name, url: "glossary/index.html#" + d.term_ids[i] });
    });
    hits.sort(function (a, b) { return b.s - a.s || a.name.localeCompare(b.name); });
    results.textContent = "";
    hits.slice(0, 50).forEach(function (h) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + h.url;
      a.textContent = h.name;
      var kind = document.createElement("span");
      kind.className = "meta";
      kind.textContent = " (" + h.kind + ")";
      li.appendChild(a);
      li.appendChild(kind);
      results.appendChild(li);
    });
    status.textContent = hits.length
      ? hits.length + " result" + (hits.length === 1 ? "" : "s") + " for \u201c" + q + "\u201d"
      : "No results for \u201c" + q + "\u201d. Try another word, an abbreviation, or browse the lists below.";
  }

  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });

  updateOpen();
  setInterval(updateOpen, 60000);
  document.querySelectorAll("form[data-filter-list]").forEach(setupFilters);
  setupSearch();
})();
