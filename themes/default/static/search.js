// joinedup search: a small client for the sharded index in search/index/.
// Index files are classic scripts that call back into JoinedupSearch, so search
// works offline and from file://, where fetch() and modules do not.
(function () {
  "use strict";

  var STOP = ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "we", "were", "will", "with", "you", "your", "our", "not", "can", "who", "what", "when"];
  var PAGE = 10;
  var FACET_LIMIT = 300;

  var script = document.currentScript;
  var base = script ? script.src.replace(/assets\/search\.js(\?.*)?$/, "search/index/") : "search/index/";
  var root = script ? script.getAttribute("data-root") || "" : "";
  var manifest = null;
  var shards = {};
  var batches = {};
  var pending = {};
  var requests = 0;

  function load(name) {
    if (pending[name]) return pending[name];
    pending[name] = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = base + name + ".js";
      s.async = true;
      s.onload = function () { resolve(); };
      s.onerror = function () { delete pending[name]; reject(new Error("could not load the search index (" + name + ")")); };
      requests++;
      document.head.appendChild(s);
    });
    return pending[name];
  }

  var api = {
    manifest: function (m) { manifest = m; },
    shard: function (i, data) { shards[i] = data; },
    records: function (b, list) { batches[b] = list; },
    stats: function () { return { requests: requests }; },
  };
  window.JoinedupSearch = api;

  function words(q) {
    return q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w && STOP.indexOf(w) < 0; });
  }

  function shardOf(key) {
    var s = manifest.shards, lo = 0, hi = s.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (s[mid] <= key) lo = mid + 1; else hi = mid;
    }
    return Math.max(0, lo - 1);
  }

  function getShard(key) {
    var i = shardOf(key);
    return load("shard-" + i).then(function () { return shards[i] || {}; });
  }

  // Damerau-Levenshtein distance, stopping early past `max`.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var d = [];
    for (var i = 0; i <= a.length; i++) { d[i] = [i]; }
    for (var j = 0; j <= b.length; j++) { d[0][j] = j; }
    for (i = 1; i <= a.length; i++) {
      var best = max + 1;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
        d[i][j] = v;
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
    }
    return d[a.length][b.length];
  }

  // A misspelt word whose start is near a stem: "homelesness" ~ "homeless".
  function stemTypo(word, key, typos) {
    var rest = word.length - key.length;
    return key.length >= 4 && rest > 0 && rest <= 4 && distance(word.slice(0, key.length), key, typos) <= typos;
  }

  // Postings are (record delta << 4 | weight); decoded once per list.
  var decoded = new WeakMap();
  function decode(list) {
    var out = decoded.get(list);
    if (out) return out;
    var ids = new Int32Array(list.length), weights = new Uint8Array(list.length), id = 0;
    for (var i = 0; i < list.length; i++) {
      id += Math.floor(list[i] / 16);
      ids[i] = id;
      weights[i] = list[i] % 16;
    }
    out = { ids: ids, weights: weights };
    decoded.set(list, out);
    return out;
  }

  // Postings of a key: a stem's list, or through a word as written to its stem.
  function postingsOf(shard, key) {
    var v = shard[key];
    if (v === undefined) return Promise.resolve(null);
    if (typeof v !== "string") return Promise.resolve(v);
    return getShard(v).then(function (s) { return Array.isArray(s[v]) ? s[v] : null; });
  }

  // Records matching one query word: exact (x1), prefix as you type (x0.7), typo (x0.5).
  function matchWord(word, isLast) {
    return getShard(word).then(function (shard) {
      var found = [];
      var keys = Object.keys(shard);
      if (shard[word] !== undefined) {
        found.push(postingsOf(shard, word).then(function (p) { return p && [p, 1]; }));
      } else {
        // A stem that begins the word: "referrals" finds "referr".
        var stem = null;
        for (var s = 0; s < keys.length; s++) {
          var c = keys[s];
          if (c.length >= 3 && c.length < word.length && word.length - c.length <= 4 && word.lastIndexOf(c, 0) === 0 && Array.isArray(shard[c]) && (!stem || c.length > stem.length)) stem = c;
        }
        if (stem) found.push(Promise.resolve([shard[stem], 1]));
      }
      var typos = word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0;
      var prefixes = 0;
      for (var k = 0; k < keys.length; k++) {
        var key = keys[k];
        if (key === word) continue;
        if (isLast && word.length >= 2 && key.lastIndexOf(word, 0) === 0 && prefixes < 40) {
          prefixes++;
          found.push(postingsOf(shard, key).then(function (p) { return p && [p, 0.7]; }));
        } else if (typos && key[0] === word[0] && (distance(word, key, typos) <= typos || stemTypo(word, key, typos))) {
          found.push(postingsOf(shard, key).then(function (p) { return p && [p, 0.5]; }));
        }
      }
      return Promise.all(found).then(function (lists) {
        var scores = new Map();
        lists.forEach(function (pair) {
          if (!pair) return;
          var d = decode(pair[0]), factor = pair[1];
          for (var i = 0; i < d.ids.length; i++) {
            var s = d.weights[i] * factor, id = d.ids[i];
            var old = scores.get(id);
            if (old === undefined || old < s) scores.set(id, s);
          }
        });
        return scores;
      });
    });
  }

  // All records for a query, best first: every word must match, else any word.
  function search(q) {
    var ws = words(q);
    if (!ws.length) return Promise.resolve({ ids: [], all: true });
    return load("manifest").then(function () {
      return Promise.all(ws.map(function (w, i) { return matchWord(w, i === ws.length - 1); }));
    }).then(function (maps) {
      function combine(every) {
        var total = new Map();
        maps[0].forEach(function (s, id) { total.set(id, s); });
        for (var i = 1; i < maps.length; i++) {
          var next = new Map();
          if (every) {
            maps[i].forEach(function (s, id) { if (total.has(id)) next.set(id, total.get(id) + s); });
          } else {
            next = total;
            maps[i].forEach(function (s, id) { next.set(id, (next.get(id) || 0) + s); });
          }
          total = next;
        }
        var ids = new Int32Array(total.size), scores = new Float64Array(total.size), n = 0;
        total.forEach(function (s, id) { ids[n] = id; scores[n] = s; n++; });
        var order = Array.from({ length: n }, function (_, i) { return i; });
        order.sort(function (a, b) { return scores[b] - scores[a] || ids[a] - ids[b]; });
        return order.map(function (i) { return ids[i]; });
      }
      var ids = combine(true);
      if (ids.length || maps.length === 1) return { ids: ids, all: true, words: ws };
      return { ids: combine(false), all: false, words: ws };
    });
  }

  function record(id) {
    var b = Math.floor(id / manifest.batch);
    return load("records-" + b).then(function () { return batches[b][id % manifest.batch]; });
  }

  function kindOf(id) {
    var k = 0;
    while (k + 1 < manifest.kind_starts.length && id >= manifest.kind_starts[k + 1]) k++;
    return k;
  }

  api.search = search;
  api.record = record;

  // ---- The search page ----
  function mark(parent, text, ws) {
    if (!ws.length) { parent.appendChild(document.createTextNode(text)); return; }
    var pattern = new RegExp("(^|[^\\p{L}\\p{N}])(" + ws.map(function (w) { return w.slice(0, Math.max(3, w.length - 2)).replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")", "giu");
    var at = 0, m;
    while ((m = pattern.exec(text))) {
      var start = m.index + m[1].length;
      parent.appendChild(document.createTextNode(text.slice(at, start)));
      var em = document.createElement("mark");
      em.textContent = m[2];
      parent.appendChild(em);
      at = start + m[2].length;
      if (m[0].length === 0) pattern.lastIndex++;
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function setupPage() {
    var form = document.getElementById("search-form");
    var input = document.getElementById("search-q");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var filters = document.getElementById("search-filters");
    var more = document.getElementById("search-more");
    if (!form || !input || !list) return;
    document.documentElement.classList.add("search-ready");
    var state = { q: "", ids: [], shown: PAGE, facets: null, words: [] };
    var selects = filters ? Array.prototype.slice.call(filters.querySelectorAll("select")) : [];
    var timer = null;
    var run = 0;

    function filterValue(name) {
      var s = filters && filters.querySelector("[name=" + name + "]");
      return s ? s.value : "";
    }

    function currentFilters() {
      return { kind: filterValue("kind"), type: filterValue("type"), area: filterValue("area"), topic: filterValue("topic") };
    }

    function passes(id, r, f) {
      var kind = f.kind, type = f.type, area = f.area, topic = f.topic;
      if (kind !== "" && String(kindOf(id)) !== kind) return false;
      if (!r) return type === "" && area === "" && topic === "";
      if (type !== "" && String(r[5]) !== type) return false;
      if (area !== "" && r[6].indexOf(+area) < 0) return false;
      if (topic !== "" && r[7].indexOf(+topic) < 0) return false;
      return true;
    }

    function fillFilters(recs) {
      if (!filters) return;
      var counts = { kind: {}, type: {}, area: {}, topic: {} };
      state.ids.forEach(function (id, i) {
        var r = i < FACET_LIMIT ? recs[i] : null;
        counts.kind[kindOf(id)] = (counts.kind[kindOf(id)] || 0) + 1;
        if (!r) return;
        if (r[5] >= 0) counts.type[r[5]] = (counts.type[r[5]] || 0) + 1;
        r[6].forEach(function (a) { counts.area[a] = (counts.area[a] || 0) + 1; });
        r[7].forEach(function (t) { counts.topic[t] = (counts.topic[t] || 0) + 1; });
      });
      var names = { kind: manifest.kinds, type: manifest.types, area: manifest.areas, topic: manifest.topics };
      selects.forEach(function (s) {
        var name = s.name, keep = s.value;
        var any = s.options[0].textContent.replace(/ \(\d+\)$/, "");
        s.textContent = "";
        var first = document.createElement("option");
        first.value = "";
        first.textContent = any;
        s.appendChild(first);
        names[name].forEach(function (n, i) {
          var c = counts[name][i];
          if (!c && String(i) !== keep) return;
          var o = document.createElement("option");
          o.value = String(i);
          o.textContent = n[1] + " (" + (c || 0) + ")";
          s.appendChild(o);
        });
        s.value = keep;
      });
      filters.hidden = false;
    }

    function render() {
      var mine = ++run;
      // The kind of a record is known from its id, so that filter needs no loading.
      var kind = filterValue("kind");
      var pool = kind === "" ? state.ids : state.ids.filter(function (id) { return String(kindOf(id)) === kind; });
      var wantAll = selects.some(function (s) { return s.value !== "" && s.name !== "kind"; });
      var need = wantAll ? pool.slice(0, FACET_LIMIT) : pool.slice(0, state.shown);
      return Promise.all(need.map(record)).then(function (recs) {
        if (mine !== run) return;
        var visible = [], f = currentFilters(), beyond = 0;
        for (var i = 0; i < need.length; i++) if (passes(need[i], recs[i], f)) visible.push([need[i], recs[i]]);
        // Without record-based filters, every match beyond those loaded still counts.
        if (!wantAll) beyond = pool.length - need.length;
        list.textContent = "";
        visible.slice(0, state.shown).forEach(function (v) {
          var r = v[1];
          if (!r) return;
          var li = document.createElement("li");
          var kind = document.createElement("span");
          kind.className = "result-kind";
          kind.textContent = manifest.kinds[r[0]][1];
          var a = document.createElement("a");
          a.href = root + r[2];
          mark(a, r[1], state.words);
          var p = document.createElement("p");
          p.className = "result-snippet";
          mark(p, r[3], state.words);
          li.appendChild(kind);
          li.appendChild(document.createTextNode(" "));
          li.appendChild(a);
          li.appendChild(p);
          if (r[4]) {
            var x = document.createElement("p");
            x.className = "result-extra";
            x.textContent = r[4];
            li.appendChild(x);
          }
          list.appendChild(li);
        });
        var n = visible.length + beyond;
        var q = "\u201c" + state.q + "\u201d";
        if (!state.ids.length) {
          status.textContent = "No results for " + q + ". Check the spelling, try fewer words or an abbreviation, or browse the lists below.";
        } else if (!n) {
          status.textContent = "No results for " + q + " with these filters. Clear a filter to see " + state.ids.length + " result" + (state.ids.length === 1 ? "" : "s") + ".";
        } else {
          status.textContent = n + " result" + (n === 1 ? "" : "s") + " for " + q + (state.all ? "" : " (matching some of your words)") + (n > state.shown ? "; showing " + state.shown : "") + ".";
        }
        if (more) more.hidden = n <= state.shown;
        // The kind of every match is known without loading it; the other
        // filters' counts need the records, loaded when someone turns to them.
        fillFilters(state.facets || []);
      });
    }

    function go(q) {
      state.q = q.trim();
      state.shown = PAGE;
      state.facets = null;
      var url = new URL(location.href);
      if (state.q) url.searchParams.set("q", state.q); else url.searchParams.delete("q");
      history.replaceState(null, "", url.href);
      if (!state.q) {
        list.textContent = "";
        status.textContent = "Type what you are looking for: a service, a need or an abbreviation.";
        if (filters) filters.hidden = true;
        return Promise.resolve();
      }
      var t0 = performance.now();
      return search(state.q).then(function (res) {
        state.ids = res.ids;
        state.all = res.all;
        state.words = res.words || [];
        return render().then(function () {
          api.lastQueryMs = performance.now() - t0;
        });
      }).catch(function (e) {
        status.textContent = "Search is not available: " + e.message + ". Use the lists below.";
      });
    }
    api.go = go;

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { go(input.value); }, 120);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); go(input.value); });
    selects.forEach(function (s) { s.addEventListener("change", function () { state.shown = PAGE; render(); }); });
    function loadFacets() {
      if (state.facets || !state.ids.length) return;
      var ids = state.ids.slice(0, FACET_LIMIT);
      Promise.all(ids.map(record)).then(function (recs) {
        state.facets = recs;
        fillFilters(recs);
      });
    }
    if (filters) {
      filters.addEventListener("focusin", loadFacets);
      filters.addEventListener("pointerdown", loadFacets);
    }
    if (more) more.addEventListener("click", function () { state.shown += PAGE; render(); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        var first = list.querySelector("a");
        if (first) { e.preventDefault(); first.focus(); }
      }
    });
    list.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var i = links.indexOf(document.activeElement);
      if (i < 0) return;
      e.preventDefault();
      if (e.key === "ArrowDown" && i + 1 < links.length) links[i + 1].focus();
      else if (e.key === "ArrowUp") (i > 0 ? links[i - 1] : input).focus();
    });
    var q = new URLSearchParams(location.search).get("q") || "";
    input.value = q;
    api.ready = go(q);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupPage);
  else setupPage();
})();
