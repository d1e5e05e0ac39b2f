// joinedup serve: updates the page after each successful rebuild, and shows what
// is wrong when a rebuild fails. Added to pages only by `joinedup serve`.
//
// An update takes the new page (sent with the status, or else fetched) and
// swaps its body in place (the scroll kept, the page's own scripts run again)
// when nothing else of it changed: the same <head> but for its title and
// description, the same attributes on <html> and <body>, the same scripts. On
// any doubt (a head, script or attribute that changed, a failed fetch, an
// error while swapping) the page reloads instead.
(function () {
  "use strict";
  var me = document.currentScript;
  var base = me.src.replace(/live\.js(\?.*)?$/, "");
  var seen = null;
  var dismissed = false;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }

  function place(p) {
    return p.file ? p.file + (p.line ? ":" + p.line + ":" + (p.column || 1) : "") : "";
  }

  // The line the finding is about, with its number and a caret under the column.
  function snippet(p) {
    if (typeof p.source !== "string" || !p.line) return null;
    var number = String(p.line);
    var gutter = number.replace(/./g, " ");
    var column = Math.max(1, p.column || 1);
    var lead = p.source.slice(0, column - 1).replace(/[^\t]/g, " ");
    var rest = p.source.slice(column - 1);
    var width = Math.max(1, (rest.match(/^[^\s:,\]\}]+/) || [""])[0].length);
    var text = gutter + " |\n" + number + " | " + p.source + "\n" + gutter + " | " + lead + new Array(width + 1).join("^");
    return el("pre", { "class": "joinedup-snippet", style: "background:#000;color:#fff;padding:.5rem .75rem;overflow:auto;font:15px/1.4 ui-monospace,monospace;margin:.5rem 0;white-space:pre" }, text);
  }

  function showErrors(s) {
    var box = document.getElementById("joinedup-overlay");
    if (!box) {
      box = el("div", { id: "joinedup-overlay", role: "alert", style: "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(27,27,27,.92);color:#fff;font:16px/1.5 system-ui,sans-serif;padding:2rem" });
      document.body.appendChild(box);
    }
    box.textContent = "";
    var inner = el("div", { style: "max-width:60rem;margin:0 auto" });
    if (s.site) {
      inner.appendChild(el("h2", { style: "color:#fff;margin-top:0" }, "The site could not be rebuilt"));
      inner.appendChild(el("p", {}, "You are seeing the last good version. Fix the file and save it: this page updates by itself."));
    } else {
      inner.appendChild(el("h2", { style: "color:#fff;margin-top:0" }, "There is no site yet"));
      inner.appendChild(el("p", {}, "The first build found errors, so there is nothing to show yet. Fix the file and save it: the site appears here by itself."));
    }
    if (s.message) inner.appendChild(el("p", { style: "font-weight:700" }, s.message));
    var list = el("ul", { style: "padding-left:1.25rem" });
    s.errors.forEach(function (p) {
      var li = el("li", { style: "margin-bottom:1.5rem" });
      li.appendChild(el("div", { style: "font-size:1.125rem;font-weight:700" }, p.name));
      li.appendChild(el("code", { style: "color:#ffd166;font-size:1rem" }, place(p)));
      li.appendChild(el("div", { style: "font-weight:700" }, "error[" + p.code + "]: " + p.message));
      var snip = snippet(p);
      if (snip) li.appendChild(snip);
      if (p.hint) li.appendChild(el("div", { style: "font-style:italic" }, "help: " + p.hint));
      list.appendChild(li);
    });
    inner.appendChild(list);
    box.appendChild(inner);
  }

  function showWarnings(s) {
    var panel = document.getElementById("joinedup-warnings");
    if (dismissed || !s.ok || !s.warnings.length) {
      if (panel) panel.remove();
      return;
    }
    if (!panel) {
      panel = el("div", { id: "joinedup-warnings", role: "status", style: "position:fixed;right:1rem;bottom:1rem;z-index:2147483646;max-width:28rem;max-height:50vh;overflow:auto;background:#fff4d6;color:#1b1b1b;border:2px solid #6b4e00;padding:.75rem 1rem;font:15px/1.4 system-ui,sans-serif" });
      document.body.appendChild(panel);
    }
    panel.textContent = "";
    var details = el("details");
    details.appendChild(el("summary", { style: "font-weight:700;cursor:pointer" }, s.warnings_total + " warning" + (s.warnings_total === 1 ? "" : "s") + " in the content" + (s.warnings_total > s.warnings.length ? " (the first " + s.warnings.length + " below; the report page has them all)" : "")));
    var list = el("ul", { style: "padding-left:1.1rem" });
    s.warnings.forEach(function (p) {
      var li = el("li", { style: "margin-bottom:.5rem" }, place(p) + " " + p.name + ": " + p.message);
      if (p.hint) li.appendChild(el("div", { style: "font-style:italic" }, "help: " + p.hint));
      list.appendChild(li);
    });
    details.appendChild(list);
    panel.appendChild(details);
    var close = el("button", { type: "button", style: "margin-top:.5rem" }, "Dismiss");
    close.addEventListener("click", function () { dismissed = true; panel.remove(); });
    panel.appendChild(close);
  }

  function refreshCss() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var href = link.getAttribute("href").replace(/[?&]v=\d+$/, "");
      link.setAttribute("href", href + (href.indexOf("?") < 0 ? "?" : "&") + "v=" + Date.now());
    });
  }

  function list(nodes, f) { return Array.prototype.map.call(nodes, f).join("\n"); }

  // What must be the same for a swap: the head but its title and description
  // (a stylesheet's "?v=" is refreshCss's own), the attributes of <html> and
  // <body>, and every script of the body.
  function shape(doc) {
    var head = Array.prototype.filter.call(doc.head ? doc.head.children : [], function (e) {
      return !(e.tagName === "TITLE" || (e.tagName === "META" && e.getAttribute("name") === "description"));
    });
    var attrs = function (e) { return e ? list(e.attributes, function (a) { return a.name + "=" + a.value; }) : null; };
    return [
      list(head, function (e) {
        var c = e.cloneNode(true);
        if (c.tagName === "LINK" && c.hasAttribute("href")) c.setAttribute("href", c.getAttribute("href").replace(/[?&]v=\d+$/, ""));
        return c.outerHTML;
      }),
      attrs(doc.documentElement),
      attrs(doc.body),
      doc.body ? list(doc.body.querySelectorAll("script"), function (e) { return e.outerHTML; }) : null,
    ].join("\n--\n");
  }

  function isLive(script) { return /(^|\/)__joinedup\/live\.js(\?.*)?$/.test(script.getAttribute("src") || ""); }

  // Puts the new page's body in place of this one's; false when it may not.
  function swap(html) {
    var next = new DOMParser().parseFromString(html, "text/html");
    if (!next.body || !document.body || shape(next) !== shape(document)) return false;
    var x = window.scrollX, y = window.scrollY;
    // Focus stays on the element of the same id, and a field keeps what was typed in it.
    var was = document.activeElement;
    var active = was && was !== document.body && was.id;
    var typed = active && (was.tagName === "INPUT" || was.tagName === "TEXTAREA") ? was.value : null;
    var ours = ["joinedup-overlay", "joinedup-warnings"].map(function (id) { return document.getElementById(id); }).filter(Boolean);
    // This script stays itself: the new page's copy of it is not run.
    next.body.querySelectorAll("script").forEach(function (e) { if (isLive(e)) e.replaceWith(document.importNode(me, false)); });
    document.title = next.title;
    var description = document.querySelector('meta[name="description"]');
    var nextDescription = next.querySelector('meta[name="description"]');
    if (description && nextDescription) description.setAttribute("content", nextDescription.getAttribute("content"));
    // (A copy of the list first: adopting a node takes it out of the live one.)
    var nodes = Array.prototype.slice.call(next.body.childNodes).map(function (n) { return document.adoptNode(n); });
    document.body.replaceChildren.apply(document.body, nodes);
    ours.forEach(function (e) { document.body.appendChild(e); });
    // Scripts put in by a parser of another document do not run: new copies do, in order.
    document.body.querySelectorAll("script").forEach(function (old) {
      if (isLive(old)) return;
      var s = document.createElement("script");
      Array.prototype.forEach.call(old.attributes, function (a) { s.setAttribute(a.name, a.value); });
      s.async = false;
      s.text = old.text;
      old.replaceWith(s);
    });
    window.scrollTo(x, y);
    var focus = active && document.getElementById(active);
    if (focus) {
      if (typed !== null && focus.tagName === was.tagName) focus.value = typed;
      focus.focus({ preventScroll: true });
    }
    return true;
  }

  // Swaps in this page as it is now, sent with the status (`carried`) or else
  // fetched, or reloads. Only the newest update counts: an older fetch that
  // ends late is dropped.
  var updates = 0;
  function update(carried) {
    var mine = ++updates;
    var url = location.pathname + location.search;
    var html = typeof carried === "string" ? Promise.resolve(carried) :
      fetch(url, { cache: "no-store", credentials: "same-origin" }).then(function (r) {
        var type = r.headers.get("content-type") || "";
        if (!r.ok || r.redirected || type.indexOf("text/html") !== 0) throw new Error("not the page");
        return r.text();
      });
    html.then(function (html) {
      if (mine !== updates) return;
      if (!swap(html)) throw new Error("not swappable");
      window.joinedupSwaps = (window.joinedupSwaps || 0) + 1;
      // Listening again tells the server the page shows the new build.
      listen();
    }).catch(function () {
      if (mine === updates) location.reload();
    });
  }

  function onStatus(e) {
    var s = JSON.parse(e.data);
    var carried = s.page;
    delete s.page;
    window.joinedupStatus = s;
    if (seen !== null && s.ok && s.generation !== seen) {
      if (s.css_only) refreshCss(); else update(carried);
    }
    if (s.ok) seen = s.generation; else if (seen === null) seen = s.generation;
    var overlay = document.getElementById("joinedup-overlay");
    if (!s.ok && (s.errors.length || s.message)) showErrors(s);
    else if (overlay) overlay.remove();
    showWarnings(s);
  }

  // Naming the page lets a rebuild render it before the rest of the site.
  var events = null;
  function listen() {
    if (events) events.close();
    events = new EventSource(base + "events?page=" + encodeURIComponent(location.pathname));
    events.addEventListener("status", onStatus);
  }
  listen();
})();
