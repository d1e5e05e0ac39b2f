// joinedup serve: updates the page after each successful rebuild, and shows what
// is wrong when a rebuild fails. Added to pages only by `joinedup serve`.
//
// An update takes the new page (sent with the status, or else fetched) and
// swaps its body in place (the scroll kept, the page's own scripts run again)
// when nothing else of it changed: the same <head> but for its title and
// description, the same attributes on <html> and <body>, the same scripts.
// When every script of the page may run again over parts it has run on
// (`data-rerun-safe`), only the parts that differ from the body last sent are
// put in; the rest stays as it is, laid out. On any doubt (a head, script or
// attribute that changed, a failed fetch, an error while swapping) the page
// reloads instead.
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

  // The body as the server last sent it, before any script changed it, and for
  // each of its nodes the page's node that stands for it. A new page is
  // compared with it, so that only what differs is put in (kept parts keep
  // their layout, state and listeners). The server puts this script before
  // the body's other scripts, so it is taken as the body is parsed.
  var sent = null;
  var OURS = ["joinedup-overlay", "joinedup-warnings"];
  var onPage = new WeakMap();

  function pair(p, l) {
    onPage.set(p, l);
    for (var a = p.firstChild, b = l.firstChild; a && b; a = a.nextSibling, b = b.nextSibling) pair(a, b);
  }

  (function takeSent() {
    var body = document.body;
    if (document.readyState !== "loading" || !body || me.parentNode !== body) return;
    var copy = body.cloneNode(true);
    // A script before this one may have changed the body already.
    if (copy.querySelectorAll("script").length !== 1) return;
    pair(copy, body);
    document.addEventListener("DOMContentLoaded", function () {
      // What follows this script may only be scripts and white space (as
      // they were sent: nothing changes those), and this script's own panels.
      for (var n = me.nextSibling; n; n = n.nextSibling) {
        if (OURS.indexOf(n.id) >= 0) continue;
        if (!(n.nodeName === "SCRIPT" || (n.nodeType === 3 && !n.data.trim()))) return;
        var c = n.cloneNode(true);
        copy.appendChild(c);
        pair(c, n);
      }
      sent = copy;
    });
  })();

  function slice(nodes) { return Array.prototype.slice.call(nodes); }

  // The same element with the same attributes, whatever its children.
  function sameShell(a, b) {
    if (a.nodeType !== 1 || b.nodeType !== 1 || a.tagName !== b.tagName || a.attributes.length !== b.attributes.length) return false;
    return Array.prototype.every.call(a.attributes, function (x) { return b.getAttribute(x.name) === x.value; });
  }

  // Whether the page's nodes for `kids` (sent ones) are children of `l` in
  // that order (nodes a script added between them do not count; a list a
  // script sorted does).
  function inOrder(kids, l) {
    var want = kids.map(function (k) { return onPage.get(k); });
    if (want.some(function (w) { return !w || w.parentNode !== l; })) return false;
    var i = 0;
    for (var c = l.firstChild; c && i < want.length; c = c.nextSibling) if (c === want[i]) i++;
    return i === want.length;
  }

  // Plans what makes the children of `p` (sent) those of `n` (the new page's):
  // runs of children that differ, each replaced by the new run; an element
  // that only differs inside is planned the same way, down to what changed.
  // False when the page's nodes cannot be placed (`p` is put in whole).
  function plan(p, n, runs) {
    var pc = slice(p.childNodes), nc = slice(n.childNodes);
    if (!inOrder(pc, onPage.get(p))) return false;
    var a = 0, pe = pc.length, ne = nc.length;
    while (a < pe && a < ne && pc[a].isEqualNode(nc[a])) a++;
    while (pe > a && ne > a && pc[pe - 1].isEqualNode(nc[ne - 1])) { pe--; ne--; }
    var olds = pc.slice(a, pe), news = nc.slice(a, ne);
    if (olds.length === news.length) {
      olds.forEach(function (o, i) {
        if (!(sameShell(o, news[i]) && plan(o, news[i], runs))) runs.push({ olds: [o], news: [news[i]] });
      });
      return true;
    }
    // Children added or taken away: placed after the last kept child before
    // them, or before the first kept one after them.
    if (!olds.length && !a && pe === pc.length) return false;
    runs.push({ olds: olds, news: news, after: a ? pc[a - 1] : null, before: pe < pc.length ? pc[pe] : null });
    return true;
  }

  // Puts a run in, on the page (copies of the new nodes) and in what was sent
  // (the new nodes themselves).
  function put(run) {
    var copies = run.news.map(function (n) { var c = document.importNode(n, true); pair(n, c); return c; });
    var mine = function (x) { return x; };
    var page = function (x) { return onPage.get(x); };
    [[run.news, mine], [copies, page]].forEach(function (side) {
      var nodes = side[0], at = side[1], spot;
      if (run.olds.length) (spot = at(run.olds[0])).before.apply(spot, nodes);
      else if (run.after) (spot = at(run.after)).after.apply(spot, nodes);
      else (spot = at(run.before)).before.apply(spot, nodes);
    });
    run.olds.forEach(function (o) { onPage.get(o).remove(); o.remove(); });
  }

  // Puts only what differs from what was last sent in, when every script of
  // the page may run again over parts it has already run on
  // (`data-rerun-safe`) and the page's nodes can be placed; false if not.
  function patch(next) {
    if (!sent || next.querySelector("template")) return false;
    var scripts = next.body.querySelectorAll("script");
    if (!Array.prototype.every.call(scripts, function (e) { return isLive(e) || e.hasAttribute("data-rerun-safe"); })) return false;
    var runs = [];
    if (!plan(sent, next.body, runs)) return false;
    runs.forEach(put);
    return true;
  }

  // Puts the new body in whole, and takes it as what was sent.
  function replace(next) {
    var ours = OURS.map(function (id) { return document.getElementById(id); }).filter(Boolean);
    // This script stays itself: the new page's copy of it is not run.
    next.body.querySelectorAll("script").forEach(function (e) { if (isLive(e)) e.replaceWith(document.importNode(me, false)); });
    var copy = next.body.cloneNode(true);
    pair(copy, next.body);
    onPage.set(copy, document.body);
    // (A copy of the list first: adopting a node takes it out of the live one.)
    var nodes = slice(next.body.childNodes).map(function (n) { return document.adoptNode(n); });
    document.body.replaceChildren.apply(document.body, nodes);
    ours.forEach(function (e) { document.body.appendChild(e); });
    sent = copy;
  }

  // Puts the new page's body in place of this one's; false when it may not.
  function swap(html) {
    var next = new DOMParser().parseFromString(html, "text/html");
    if (!next.body || !document.body || shape(next) !== shape(document)) return false;
    var x = window.scrollX, y = window.scrollY;
    // Focus stays on the element of the same id, and a field keeps what was typed in it.
    var was = document.activeElement;
    var active = was && was !== document.body && was.id;
    var typed = active && (was.tagName === "INPUT" || was.tagName === "TEXTAREA") ? was.value : null;
    document.title = next.title;
    var description = document.querySelector('meta[name="description"]');
    var nextDescription = next.querySelector('meta[name="description"]');
    if (description && nextDescription) description.setAttribute("content", nextDescription.getAttribute("content"));
    if (!patch(next)) replace(next);
    // Scripts put in by a parser of another document do not run: new copies do,
    // in order (all of them: the page's scripts run as on a fresh load).
    sent.querySelectorAll("script").forEach(function (p) {
      var old = onPage.get(p);
      if (!old || isLive(old)) return;
      var s = document.createElement("script");
      Array.prototype.forEach.call(old.attributes, function (a) { s.setAttribute(a.name, a.value); });
      s.async = false;
      s.text = old.text;
      old.replaceWith(s);
      onPage.set(p, s);
    });
    window.scrollTo(x, y);
    var focus = active && document.getElementById(active);
    if (focus && focus !== was) {
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
