// joinedup default theme: small progressive enhancements. Every page works without it.
(function () {
  "use strict";

  // --- Open now: each route carries its openings as data-hours ("always", or
  // "DAYS:start-end" in minutes, DAYS the digits of the days that share the
  // times, 0 = Monday; end <= start runs past midnight).
  function openNow(spec, now) {
    if (spec === "always") return true;
    if (!spec) return false;
    var day = (now.getDay() + 6) % 7;
    var minute = now.getHours() * 60 + now.getMinutes();
    return spec.split(" ").some(function (part) {
      var m = /^(\d+):(\d+)-(\d+)$/.exec(part);
      if (!m) return false;
      var s = +m[2], e = +m[3];
      return m[1].split("").some(function (digit) {
        var d = +digit;
        if (e > s) return d === day && minute >= s && minute < e;
        return (d === day && minute >= s) || ((d + 1) % 7 === day && minute < e);
      });
    });
  }
  window.joinedupOpenNow = openNow;

  function updateOpen() {
    var now = new Date();
    document.querySelectorAll("[data-hours]").forEach(function (route) {
      var status = route.querySelector(".open-status");
      if (!status) {
        var hours = route.querySelector(".hours");
        if (!hours) return;
        status = document.createElement("span");
        status.className = "open-status";
        hours.appendChild(status);
      }
      var open = openNow(route.getAttribute("data-hours"), now);
      route.setAttribute("data-open", open ? "yes" : "no");
      status.classList.toggle("is-open", open);
      status.classList.toggle("is-closed", !open);
      var ooh = route.querySelector(".ooh-to");
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
    var noun = form.getAttribute("data-noun") || "items";
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
    var openOnly = form.querySelector("[data-filter-open]");
    if (openOnly && params.get("open")) openOnly.checked = true;
    apply();
  }

  // --- Open now first: a list marked data-open-first keeps the build's order
  // (by urgency, then the lead's routes) within the routes open now and within
  // the closed ones. Once, when the page loads: lines never move under a finger.
  function openFirst(list) {
    var items = Array.prototype.slice.call(list.children);
    var open = items.filter(function (i) { return i.getAttribute("data-open") === "yes"; });
    var closed = items.filter(function (i) { return i.getAttribute("data-open") !== "yes"; });
    open.concat(closed).forEach(function (i) { list.appendChild(i); });
  }

  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });

  updateOpen();
  document.querySelectorAll("[data-open-first]").forEach(openFirst);
  setInterval(updateOpen, 60000);
  document.querySelectorAll("form[data-filter-list]").forEach(setupFilters);
})();
