// joinedup default theme: small progressive enhancements. Every page works without it.
// It may run again over a page it has run on, parts of which `joinedup serve`
// has put in anew (its tag says so: data-rerun-safe): what it finishes on is
// what a fresh load of the page shows, and it does not add its listeners twice.
(function () {
  "use strict";

  // --- Open now: the rules of src/model/schedule.rs, over the data the build
  // writes there (this script decides nothing of its own). A route carries
  // data-hours, its weekly openings ("always", or "DAYS:START-END" in minutes,
  // DAYS the digits of the days that share the times, 0 = Monday; an end at or
  // before the start runs past midnight), data-bank (the nation whose bank
  // holidays and closures close it) or data-bank-open (the nation whose bank
  // holidays it keeps with its Sunday hours), and data-except (its dated exceptions);
  // this script's own tag carries each nation's days as data-bank-<nation>.
  // Dated entries are "YYYYMMDD[-YYYYMMDD]" then "b" (a bank holiday), "x"
  // (closed all day), "@MIN" (closed from then) or "=START-END[,START-END]"
  // (open only then).
  var DAY = 1440;
  var calendar = {};
  var me = document.currentScript;
  if (me) {
    Array.prototype.forEach.call(me.attributes, function (a) {
      if (a.name.indexOf("data-bank-") === 0) calendar[a.name.slice(10)] = a.value;
    });
  }

  function span(s, e) { return [s, e > s ? e : e + DAY]; }

  function weekly(spec, weekday) {
    if (spec === "always") return [[0, DAY]];
    var spans = [];
    (spec || "").split(" ").forEach(function (part) {
      var m = /^(\d+):(\d+)-(\d+)$/.exec(part);
      if (m && m[1].indexOf(String(weekday)) >= 0) spans.push(span(+m[2], +m[3]));
    });
    return spans;
  }

  function ruleOn(entries, key) {
    var parts = (entries || "").split(" ");
    for (var i = 0; i < parts.length; i++) {
      var m = /^(\d{8})(?:-(\d{8}))?(b|x|@\d+|=[\d,-]+)$/.exec(parts[i]);
      if (m && key >= +m[1] && key <= +(m[2] || m[1])) return m[3];
    }
    return null;
  }

  // A day's openings in minutes from its midnight, and until when the night
  // before's opening carries on into it.
  function plan(route, cal, y, mo, d) {
    var day = new Date(y, mo, d);
    var key = day.getFullYear() * 10000 + (day.getMonth() + 1) * 100 + day.getDate();
    var rule = ruleOn(route.except, key);
    if (!rule && route.bank) {
      rule = ruleOn(cal[route.bank], key);
      if (rule === "b") rule = "x";
    } else if (!rule && route.bankOpen) {
      rule = ruleOn(cal[route.bankOpen], key) === "b" ? "b" : null;
    }
    var usual = weekly(route.hours, (day.getDay() + 6) % 7);
    if (!rule) return { spans: usual, carry: DAY };
    if (rule === "b") {
      var sunday = weekly(route.hours, 6);
      return { spans: sunday.length ? sunday : usual, carry: DAY };
    }
    if (rule === "x") return { spans: [], carry: 0 };
    if (rule.charAt(0) === "@") {
      var from = +rule.slice(1);
      return {
        spans: usual.filter(function (s) { return s[0] < from; }).map(function (s) { return [s[0], Math.min(s[1], from)]; }),
        carry: from,
      };
    }
    return {
      spans: rule.slice(1).split(",").map(function (r) { var p = r.split("-"); return span(+p[0], +p[1]); }),
      carry: 0,
    };
  }

  function within(spans, minute) {
    return spans.some(function (s) { return minute >= s[0] && minute < s[1]; });
  }

  // route: { hours, bank, bankOpen, except } as the attributes say; cal: { e: "…", … }.
  function openAt(route, cal, now) {
    var y = now.getFullYear(), mo = now.getMonth(), d = now.getDate();
    var minute = now.getHours() * 60 + now.getMinutes();
    var today = plan(route, cal, y, mo, d);
    if (within(today.spans, minute)) return true;
    if (minute >= today.carry) return false;
    return within(plan(route, cal, y, mo, d - 1).spans, minute + DAY);
  }
  window.joinedupOpenAt = openAt;
  // For search results, whose records carry a route's data as one string:
  // "HOURS[|BANK|BANK-OPEN|EXCEPTIONS]".
  window.joinedupOpenNow = function (data, now) {
    var p = String(data || "").split("|");
    return openAt({ hours: p[0], bank: p[1] || null, bankOpen: p[2] || null, except: p[3] || null }, calendar, now);
  };

  function updateOpen() {
    var now = new Date();
    document.querySelectorAll("[data-hours]").forEach(function (route) {
      var status = route.querySelector(".open-status");
      if (!status) {
        var hours = route.querySelector(".hours");
        if (!hours) return;
        status = document.createElement("span");
        status.className = "open-status";
        hours.appendChild(document.createTextNode(" "));
        hours.appendChild(status);
      }
      var open = openAt({
        hours: route.getAttribute("data-hours"),
        bank: route.getAttribute("data-bank"),
        bankOpen: route.getAttribute("data-bank-open"),
        except: route.getAttribute("data-except"),
      }, calendar, now);
      // Written only when it changes (a page run over again lays out only what did).
      if (route.getAttribute("data-open") !== (open ? "yes" : "no")) route.setAttribute("data-open", open ? "yes" : "no");
      status.classList.toggle("is-open", open);
      status.classList.toggle("is-closed", !open);
      var ooh = route.querySelector(".ooh-to");
      var alternative = ooh ? ooh.textContent.replace(/\s+/g, " ").trim() : "";
      var text = open ? "Open now." : (alternative ? "Closed now \u2014 use " + alternative + "." : "Closed now.");
      if (status.textContent !== text) status.textContent = text;
    });
  }

  // --- Filters: <form data-filter-list="ID"> with selects [data-filter="attr"]
  // that match the list items' data-attr (space-separated values); an item
  // without the attribute is not limited by it (a route serving every area).
  // A select with data-remember="NAME" keeps its choice for the next page
  // (someone working in one area picks it once), unless the address sets it.
  function remembered(name) {
    try { return window.localStorage.getItem("joinedup-" + name) || ""; } catch (e) { return ""; }
  }
  function remember(name, value) {
    try {
      if (value) window.localStorage.setItem("joinedup-" + name, value);
      else window.localStorage.removeItem("joinedup-" + name);
    } catch (e) { /* storage turned off: the choice lasts this page */ }
  }
  function setupFilters(form) {
    // Run again over a form it has set up: the choices made stay, and the
    // list (whose items may be new) is filtered again.
    if (form.joinedupFilter) return form.joinedupFilter();
    if (!document.getElementById(form.getAttribute("data-filter-list"))) return;
    var noun = form.getAttribute("data-noun") || "items";
    function apply() {
      var list = document.getElementById(form.getAttribute("data-filter-list"));
      var count = form.querySelector("[data-count-for]");
      if (!list) return;
      var items = Array.prototype.slice.call(list.children);
      var shown = 0;
      var selects = form.querySelectorAll("[data-filter]");
      var openOnly = form.querySelector("[data-filter-open]");
      items.forEach(function (item) {
        var ok = true;
        selects.forEach(function (s) {
          if (!s.value) return;
          var values = item.getAttribute("data-" + s.getAttribute("data-filter"));
          if (values !== null && values.split(" ").indexOf(s.value) < 0) ok = false;
        });
        if (openOnly && openOnly.checked && item.getAttribute("data-open") !== "yes") ok = false;
        item.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = shown + " of " + items.length + " " + noun;
    }
    form.joinedupFilter = apply;
    form.addEventListener("change", function (e) {
      var name = e.target.getAttribute && e.target.getAttribute("data-remember");
      if (name) remember(name, e.target.value);
      apply();
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    var params = new URLSearchParams(location.search);
    form.querySelectorAll("[data-filter]").forEach(function (s) {
      var name = s.getAttribute("data-remember");
      var v = params.get(s.getAttribute("data-filter")) || (name ? remembered(name) : "");
      // Only a value the select offers (an area the site no longer has is dropped).
      var offered = Array.prototype.some.call(s.options, function (o) { return o.value === v; });
      if (v && offered) s.value = v;
    });
    var openOnly = form.querySelector("[data-filter-open]");
    if (openOnly && params.get("open")) openOnly.checked = true;
    apply();
  }

  // --- Open now first: a list marked data-open-first keeps the build's order
  // (by urgency, then the lead's routes) within the routes open now and within
  // the closed ones. Once, when the page loads: lines never move under a finger.
  // Run again, a list keeps the build's order it was sorted from, unless
  // its items are new (`joinedup serve` patches only a list in that order).
  function openFirst(list) {
    var items = Array.prototype.slice.call(list.children);
    var built = list.joinedupBuilt;
    if (built && built.length === items.length && built.every(function (i) { return i.parentNode === list; })) items = built;
    list.joinedupBuilt = items;
    var open = items.filter(function (i) { return i.getAttribute("data-open") === "yes"; });
    var closed = items.filter(function (i) { return i.getAttribute("data-open") !== "yes"; });
    open.concat(closed).forEach(function (i) { list.appendChild(i); });
  }

  // --- Links that carry this page's filters on (data-carry="open areas"): the
  // big route finder's "open now" and area go on to the need chosen. And what
  // is shown only when the address has a parameter (data-shown-with="open").
  var here = new URLSearchParams(location.search);
  document.querySelectorAll("a[data-carry]").forEach(function (a) {
    if (a.joinedupCarried) return;
    a.joinedupCarried = true;
    var carried = new URLSearchParams();
    a.getAttribute("data-carry").split(" ").forEach(function (name) {
      if (here.get(name)) carried.set(name, here.get(name));
    });
    var query = carried.toString();
    if (!query) return;
    var href = a.getAttribute("href"), hash = href.indexOf("#");
    var base = hash < 0 ? href : href.slice(0, hash), frag = hash < 0 ? "" : href.slice(hash);
    a.setAttribute("href", base + (base.indexOf("?") < 0 ? "?" : "&") + query + frag);
  });
  document.querySelectorAll("[data-shown-with]").forEach(function (e) {
    if (here.get(e.getAttribute("data-shown-with"))) e.hidden = false;
  });

  document.querySelectorAll("[data-print]").forEach(function (b) {
    if (b.joinedupPrint) return;
    b.joinedupPrint = true;
    b.addEventListener("click", function () { window.print(); });
  });

  updateOpen();
  document.querySelectorAll("[data-open-first]").forEach(openFirst);
  // One timer, even when serve's live client runs this script again over a
  // page it swapped in place.
  if (window.joinedupOpenTimer) clearInterval(window.joinedupOpenTimer);
  window.joinedupOpenTimer = setInterval(updateOpen, 60000);
  document.querySelectorAll("form[data-filter-list]").forEach(setupFilters);
})();
