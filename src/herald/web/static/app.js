/* herald dashboard: filters, timeline, network, event table and document view.
   Talks only to this server's /api; every text from the store goes in as textContent. */
(function () {
  "use strict";

  var C = window.heraldCharts;
  var PAGE = 25;
  var TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
  var QUAD_NAMES = { 1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict" };

  var state = {
    dyad: "", actor: "", types: [], since: "", until: "", min: 1,
    split: "type", interval: "month", period: "", offset: 0, event: "", doc: ""
  };
  var summary = null;
  var typeQuad = {};
  var labels = {};

  function $(id) { return document.getElementById(id); }

  function h(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  // ------------------------------------------------------------------ state <-> URL
  var KEYS = ["dyad", "actor", "types", "since", "until", "min", "split", "interval", "period", "event", "doc"];

  function readHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    KEYS.forEach(function (k) {
      if (!params.has(k)) return;
      var v = params.get(k);
      if (k === "types") state.types = v ? v.split(",").filter(function (t) { return TYPES.indexOf(t) >= 0; }) : [];
      else if (k === "min") state.min = Math.max(1, parseInt(v, 10) || 1);
      else state[k] = v;
    });
  }

  function writeHash() {
    var params = new URLSearchParams();
    KEYS.forEach(function (k) {
      var v = k === "types" ? state.types.join(",") : state[k];
      if (v && !(k === "min" && +v === 1) && !(k === "split" && v === "type") && !(k === "interval" && v === "month")) params.set(k, v);
    });
    history.replaceState(null, "", "#" + params.toString());
  }

  // ------------------------------------------------------------------ API
  function api(path, params) {
    var url = path;
    if (params) {
      var qs = new URLSearchParams();
      Object.keys(params).forEach(function (k) {
        var v = params[k];
        if (Array.isArray(v)) v.forEach(function (x) { qs.append(k, x); });
        else if (v !== "" && v !== null && v !== undefined) qs.set(k, v);
      });
      var s = qs.toString();
      if (s) url += "?" + s;
    }
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        if (!res.ok) {
          var msg = body && body.error ? body.error.message : res.status + " " + res.statusText;
          throw new Error(msg);
        }
        return body;
      });
    });
  }

  function showError(err) {
    var box = $("error");
    box.textContent = err ? String(err.message || err) : "";
    box.hidden = !err;
  }

  function filters(opts) {
    opts = opts || {};
    var out = {
      actor: state.actor, type: state.types, since: state.since, until: state.until,
      min_mentions: state.min > 1 ? state.min : ""
    };
    if (!opts.noDyad) out.dyad = state.dyad;
    return out;
  }

  // ------------------------------------------------------------------ formatting
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function fmtDate(iso, precision) {
    if (!iso) return "—";
    var y = iso.slice(0, 4), m = +iso.slice(5, 7), d = +iso.slice(8, 10);
    if (precision === "year") return y;
    if (precision === "month") return MONTHS[m - 1] + " " + y;
    return d + " " + MONTHS[m - 1] + " " + y;
  }

  function label(code) { return labels[code] || code; }

  function dyadName(dyad) {
    var parts = dyad.split(/[->]/);
    return parts.map(label).join(dyad.indexOf(">") >= 0 ? " → " : " – ");
  }

  function badge(type) {
    var color = C.TYPE_COLORS[type] || "#9aa5b1";
    var b = h("span", { className: "badge", text: type });
    b.style.background = color;
    b.style.color = C.textOn(color);
    return b;
  }

  function codes(actors) {
    var seen = [];
    (actors || []).forEach(function (a) {
      var c = a.code || (a.sector ? "(" + a.sector + ")" : "?");
      if (seen.indexOf(c) < 0) seen.push(c);
    });
    return seen;
  }

  function whoWhom(event) {
    var src = codes(event.source), tgt = codes(event.target);
    var box = h("span", { className: "who" });
    box.appendChild(h("span", { className: "codes", text: src.join(", ") || "?" }));
    if (tgt.length) {
      box.appendChild(h("span", { className: "arrow", text: " → " }));
      box.appendChild(h("span", { className: "codes", text: tgt.join(", ") }));
    } else if (src.length > 1) {
      box.appendChild(h("span", { className: "sym", text: " together", title: "symmetric: every party is a source" }));
    }
    return box;
  }

  function periodRange(period, interval) {
    var d = new Date(period + "T00:00:00Z"), end;
    if (interval === "day") end = new Date(d);
    else if (interval === "week") end = new Date(d.getTime() + 6 * 864e5);
    else if (interval === "month") end = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
    else end = new Date(Date.UTC(d.getUTCFullYear(), 11, 31));
    return [period, end.toISOString().slice(0, 10)];
  }

  // ------------------------------------------------------------------ filters UI
  function buildTypeMenu() {
    var grid = $("type-grid");
    grid.textContent = "";
    [["Cooperation", [1, 2]], ["Conflict", [3, 4]]].forEach(function (group) {
      var col = h("div", { className: "type-col" }, h("h4", { text: group[0] }));
      TYPES.filter(function (t) { return group[1].indexOf(typeQuad[t]) >= 0; }).forEach(function (t) {
        var box = h("input", { type: "checkbox", value: t });
        box.checked = state.types.indexOf(t) >= 0;
        var sw = h("i", { className: "sw" });
        sw.style.background = C.TYPE_COLORS[t];
        var n = summary ? summary.event_types.filter(function (x) { return x.event_type === t; })[0] : null;
        col.appendChild(h("label", { className: "type-opt" }, box, sw, t, h("small", { text: n ? String(n.events) : "" })));
      });
      grid.appendChild(col);
    });
    grid.addEventListener("change", function () {
      state.types = Array.prototype.slice.call(grid.querySelectorAll("input:checked")).map(function (x) { return x.value; });
      typesLabel();
      changed();
    });
    typesLabel();
  }

  function typesLabel() {
    var t = state.types;
    $("types-label").textContent = !t.length ? "All types" : t.length <= 2 ? t.join(", ") : t.length + " types";
  }

  function pickTypes(which) {
    state.types = which === "all" ? [] : TYPES.filter(function (t) {
      return which === "coop" ? typeQuad[t] <= 2 : typeQuad[t] >= 3;
    });
    $("type-grid").querySelectorAll("input").forEach(function (box) { box.checked = state.types.indexOf(box.value) >= 0; });
    typesLabel();
    changed();
  }

  function syncInputs() {
    $("f-since").value = state.since;
    $("f-until").value = state.until;
    $("f-min").value = state.min;
    $("f-actor").value = state.actor;
    $("tl-interval").value = state.interval;
    Array.prototype.forEach.call($("tl-split").querySelectorAll("button"), function (b) {
      b.classList.toggle("on", b.getAttribute("data-split") === state.split);
      b.setAttribute("aria-pressed", b.getAttribute("data-split") === state.split ? "true" : "false");
    });
    ensureDyadOption(state.dyad);
    $("f-dyad").value = state.dyad;
  }

  function ensureDyadOption(dyad) {
    if (!dyad) return;
    var select = $("f-dyad");
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === dyad) return;
    select.appendChild(h("option", { value: dyad, text: dyad.replace("-", " – ") + " · " + dyadName(dyad) }));
  }

  function loadDyads() {
    return api("/api/dyads", { limit: 200 }).then(function (data) {
      var select = $("f-dyad");
      while (select.options.length > 1) select.remove(1);
      data.dyads.forEach(function (d) {
        labels[d.a] = d.a_label || d.a;
        labels[d.b] = d.b_label || d.b;
        select.appendChild(h("option", { value: d.dyad, text: d.a + " – " + d.b + " · " + (d.a_label || d.a) + " – " + (d.b_label || d.b) + " (" + d.events + ")" }));
      });
    });
  }

  function loadActors() {
    return api("/api/actors", { limit: 500 }).then(function (data) {
      var list = $("actor-list");
      list.textContent = "";
      data.actors.forEach(function (a) {
        labels[a.code] = a.label || a.code;
        list.appendChild(h("option", { value: a.code, label: (a.label || a.code) + " · " + a.events + " events" }));
      });
    });
  }

  function resolveActor(value) {
    value = value.trim();
    if (!value) return Promise.resolve("");
    if (labels[value.toUpperCase()]) return Promise.resolve(value.toUpperCase());
    return api("/api/actors", { q: value, limit: 1 }).then(function (data) {
      if (!data.actors.length) throw new Error("no actor matches “" + value + "”; try a code such as IRN or a name such as Erdogan");
      return data.actors[0].code;
    });
  }

  // ------------------------------------------------------------------ panels
  var pending = 0;
  function changed(keepPeriod) {
    if (!keepPeriod) state.period = "";
    state.offset = 0;
    writeHash();
    refresh();
  }

  function refresh() {
    var ticket = ++pending;
    showError(null);
    return Promise.all([loadTimeline(ticket), loadNetwork(ticket), loadEvents(ticket)]).catch(showError);
  }

  function loadTimeline(ticket) {
    var box = $("timeline");
    box.setAttribute("data-state", "loading");
    var params = filters();
    params.interval = state.interval;
    params.split = state.split;
    return api("/api/timeseries", params).then(function (data) {
      if (ticket !== pending) return;
      var who = state.dyad ? dyadName(state.dyad) : state.actor ? label(state.actor) : "All actors";
      var per = { month: "month", week: "week", day: "day", year: "year" }[state.interval];
      $("tl-title").textContent = who + ": interactions per " + per;
      var how = { type: "by event type", coop: "cooperation vs conflict", quad: "by QuadClass" }[state.split];
      var sub = data.events + " event" + (data.events === 1 ? "" : "s") + " · " + how;
      if (data.undated) sub += " · " + data.undated + " without a date, shown apart";
      $("tl-sub").textContent = sub;
      var series = C.timeline(box, data, {
        selected: state.period,
        onPick: function (period) {
          state.period = state.period === period ? "" : period;
          state.offset = 0;
          writeHash();
          loadTimelineSelection();
          loadEvents(pending).catch(showError);
        }
      }) || [];
      C.legend($("tl-legend"), data.split, series);
      box.setAttribute("data-state", "ready");
      box.setAttribute("data-dyad", state.dyad);
    });
  }

  function loadTimelineSelection() {
    Array.prototype.forEach.call($("timeline").querySelectorAll("g.col"), function (g) {
      g.classList.toggle("picked", !!state.period && g.getAttribute("data-period") === state.period);
    });
  }

  function loadNetwork(ticket) {
    var params = filters({ noDyad: true });
    params.limit = 40;
    return api("/api/network", params).then(function (data) {
      if (ticket !== pending) return;
      data.nodes.forEach(function (n) { labels[n.code] = n.label || n.code; });
      $("network").setAttribute("data-dyad", state.dyad);
      C.network($("network"), data, {
        dyad: state.dyad, actor: state.actor,
        onEdge: function (dyad) {
          state.dyad = state.dyad === dyad ? "" : dyad;
          ensureDyadOption(state.dyad);
          $("f-dyad").value = state.dyad;
          changed();
        },
        onNode: function (code) {
          state.actor = state.actor === code ? "" : code;
          $("f-actor").value = state.actor;
          changed();
        }
      });
    });
  }

  function loadEvents(ticket) {
    var params = filters();
    if (state.period) {
      var range = periodRange(state.period, state.interval);
      params.since = state.since && state.since > range[0] ? state.since : range[0];
      params.until = state.until && state.until < range[1] ? state.until : range[1];
    }
    params.limit = PAGE;
    params.offset = state.offset;
    var chip = $("ev-period");
    if (state.period) {
      chip.textContent = "";
      chip.appendChild(document.createTextNode(C.periodLabel(state.period, state.interval, true)));
      var x = h("button", { type: "button", className: "chip-x", "aria-label": "Show every period", text: "×" });
      x.addEventListener("click", function () { state.period = ""; state.offset = 0; writeHash(); loadTimelineSelection(); loadEvents(pending).catch(showError); });
      chip.appendChild(x);
    }
    chip.hidden = !state.period;
    return api("/api/events", params).then(function (page) {
      if (ticket !== pending) return;
      renderEvents(page);
    });
  }

  function renderEvents(page) {
    var table = $("events-table");
    table.setAttribute("data-dyad", state.dyad);
    table.setAttribute("data-period", state.period);
    var body = table.querySelector("tbody");
    body.textContent = "";
    page.events.forEach(function (e) {
      var row = h("tr", { "data-event-id": e.event_id, tabindex: "0", className: e.event_id === state.event ? "picked" : "" },
        h("td", { className: "date", text: fmtDate(e.date, e.date_precision) }),
        h("td", {}, badge(e.event_type), e.mode ? h("span", { className: "mode", text: e.mode }) : null),
        h("td", {}, whoWhom(e)),
        h("td", { className: "num", text: String(e.mentions) }),
        h("td", { className: "sentence" }, h("span", { text: e.sentence || "" }), e.negated ? h("span", { className: "neg", text: "negated" }) : null));
      row.addEventListener("click", function () { openEvent(e.event_id); });
      row.addEventListener("keydown", function (evt) { if (evt.key === "Enter") openEvent(e.event_id); });
      body.appendChild(row);
    });
    if (!page.events.length) {
      body.appendChild(h("tr", {}, h("td", { colspan: "5", className: "nodata", text: "No events match these filters." })));
    }
    var first = page.total ? page.offset + 1 : 0, last = page.offset + page.events.length;
    $("ev-range").textContent = first + "–" + last + " of " + page.total;
    $("ev-sub").textContent = state.dyad ? dyadName(state.dyad) + ", oldest first" : "Oldest first; pick one to read its article";
    $("ev-prev").disabled = page.offset === 0;
    $("ev-next").disabled = page.next_offset === null;
  }

  // ------------------------------------------------------------------ document view
  function openEvent(eventId, docId) {
    state.event = eventId;
    Array.prototype.forEach.call(document.querySelectorAll("#events-table tbody tr"), function (tr) {
      tr.classList.toggle("picked", tr.getAttribute("data-event-id") === eventId);
    });
    var panel = $("doc-panel");
    panel.setAttribute("data-state", "loading");
    return api("/api/events/" + encodeURIComponent(eventId)).then(function (event) {
      var doc = docId || event.doc_id;
      state.doc = doc === event.doc_id ? "" : doc;
      writeHash();
      return api("/api/documents/" + encodeURIComponent(doc)).then(function (d) { renderDocument(event, d); });
    }).catch(function (err) {
      panel.setAttribute("data-state", "error");
      showError(err);
    });
  }

  function actorList(actors) {
    if (!actors || !actors.length) return h("span", { className: "muted", text: "—" });
    var list = h("div", { className: "actors" });
    actors.forEach(function (a) {
      var parts = [a.sector, a.role].filter(Boolean).join(" · ");
      list.appendChild(h("div", { className: "actor" },
        h("span", { className: "code", text: a.code || "—" }),
        h("span", { className: "aname", text: a.name || a.text || "" }),
        parts ? h("span", { className: "meta", text: parts }) : null,
        a.text && a.name && a.text !== a.name ? h("span", { className: "as", text: "“" + a.text + "”" }) : null));
    });
    return list;
  }

  function field(name, value) {
    return [h("dt", { text: name }), h("dd", {}, typeof value === "string" ? document.createTextNode(value) : value)];
  }

  function renderDocument(event, doc) {
    var panel = $("doc-panel");
    panel.textContent = "";
    panel.setAttribute("data-state", "ready");
    panel.setAttribute("data-event-id", event.event_id);

    var title = doc.title || doc.doc_id.split("/").pop();
    var meta = [doc.outlet, doc.pub_date ? "published " + fmtDate(doc.pub_date) : null, doc.n_events + " events in this article"].filter(Boolean).join(" · ");
    panel.appendChild(h("div", { className: "doc-head" },
      h("h2", { className: "doc-title", text: title }),
      h("p", { className: "hint" }, meta),
      h("p", { className: "doc-id", text: doc.url || doc.doc_id })));

    var dl = h("dl", { className: "coded" });
    var quad = event.quad_class ? QUAD_NAMES[event.quad_class] : "—";
    var typeBox = h("span", {}, badge(event.event_type));
    if (event.mode) typeBox.appendChild(h("span", { className: "mode", text: event.mode }));
    if (event.negated) typeBox.appendChild(h("span", { className: "neg", text: "negated" }));
    var conf = h("span", { className: "conf" }, h("span", { className: "conf-bar" }, h("i", {})), String(Math.round((event.confidence || 0) * 100)) + "%");
    conf.querySelector("i").style.width = Math.round((event.confidence || 0) * 100) + "%";
    var loc = event.location ? [event.location.name, event.location.country].filter(Boolean).join(", ") : "—";
    [
      field("Type", typeBox),
      field("CAMEO", (event.cameo || "—") + (event.goldstein !== null && event.goldstein !== undefined ? "  ·  Goldstein " + event.goldstein : "")),
      field("Class", quad),
      field("Date", fmtDate(event.date, event.date_precision) + (event.date_precision ? " (" + event.date_precision + ")" : "")),
      field("Source", actorList(event.source)),
      field("Target", event.target.length ? actorList(event.target) : h("span", { className: "muted", text: event.source.length > 1 ? "— (symmetric: all parties are sources)" : "—" })),
      field("Where", loc),
      field("Contexts", event.contexts.length ? event.contexts.join(", ") : "—"),
      field("Trigger", event.trigger ? "“" + event.trigger + "”" : "—"),
      field("Confidence", conf)
    ].forEach(function (pair) { dl.appendChild(pair[0]); dl.appendChild(pair[1]); });

    var reports = h("div", { className: "reports" });
    (event.mention_list || []).forEach(function (m) {
      var here = m.doc_id === doc.doc_id;
      var link = h("button", { type: "button", className: "report" + (here ? " here" : ""), text: (m.title || m.doc_id.split("/").pop()) + (m.outlet ? " · " + m.outlet : "") });
      if (!here) link.addEventListener("click", function () { openEvent(event.event_id, m.doc_id); });
      reports.appendChild(link);
    });
    dl.appendChild(h("dt", { text: "Reported by" }));
    dl.appendChild(h("dd", {}, h("span", { className: "muted", text: event.mentions + " mention" + (event.mentions === 1 ? "" : "s") + " " }), reports));
    panel.appendChild(dl);

    var textBox = h("div", { className: "doc-text", tabindex: "0" });
    renderText(textBox, doc, event);
    panel.appendChild(h("h3", { className: "doc-sub", text: "Article text — the event's sentence is highlighted; other coded sentences are underlined" }));
    panel.appendChild(textBox);
    var current = textBox.querySelector("mark.current");
    if (current) textBox.scrollTop = Math.max(0, current.offsetTop - textBox.offsetTop - textBox.clientHeight / 3);
  }

  function renderText(box, doc, event) {
    var text = doc.text || "";
    var spans = doc.events.filter(function (s) { return s.span && s.span[0] !== null && s.span[1] > s.span[0]; });
    var mine = spans.filter(function (s) { return s.event_id === event.event_id; })[0];
    var cuts = { 0: true };
    cuts[text.length] = true;
    spans.forEach(function (s) { cuts[s.span[0]] = true; cuts[s.span[1]] = true; });
    var trig = null;
    if (mine && mine.trigger) {
      var at = text.toLowerCase().indexOf(mine.trigger.toLowerCase(), mine.span[0]);
      if (at >= 0 && at + mine.trigger.length <= mine.span[1]) {
        trig = [at, at + mine.trigger.length];
        cuts[trig[0]] = true;
        cuts[trig[1]] = true;
      }
    }
    var points = Object.keys(cuts).map(Number).filter(function (p) { return p >= 0 && p <= text.length; }).sort(function (a, b) { return a - b; });
    for (var i = 0; i < points.length - 1; i++) {
      var a = points[i], b = points[i + 1];
      var piece = text.slice(a, b);
      var covering = spans.filter(function (s) { return s.span[0] <= a && s.span[1] >= b; });
      if (!covering.length) { box.appendChild(document.createTextNode(piece)); continue; }
      var isMine = mine && mine.span[0] <= a && mine.span[1] >= b;
      var mark = h("mark", { className: isMine ? "current" : "other" });
      if (isMine && trig && trig[0] <= a && trig[1] >= b) mark.appendChild(h("b", { className: "trigger", text: piece }));
      else mark.textContent = piece;
      var others = covering.filter(function (s) { return s.event_id !== event.event_id; });
      mark.title = covering.map(function (s) {
        return s.event_type + ": " + codes(s.source).join(", ") + (s.target.length ? " → " + codes(s.target).join(", ") : "");
      }).join("\n");
      if (!isMine && others.length) {
        mark.setAttribute("data-event-id", others[0].event_id);
        mark.addEventListener("click", (function (id) { return function () { openEvent(id, doc.doc_id); }; })(others[0].event_id));
      }
      box.appendChild(mark);
    }
  }

  // ------------------------------------------------------------------ wiring
  function wire() {
    $("filters").addEventListener("submit", function (evt) { evt.preventDefault(); });
    $("f-dyad").addEventListener("change", function () { state.dyad = this.value; changed(); });
    $("f-actor").addEventListener("change", function () {
      var input = this;
      resolveActor(input.value).then(function (code) {
        state.actor = code;
        input.value = code;
        changed();
      }).catch(showError);
    });
    $("f-since").addEventListener("change", function () { state.since = this.value; changed(); });
    $("f-until").addEventListener("change", function () { state.until = this.value; changed(); });
    $("f-min").addEventListener("change", function () { state.min = Math.max(1, parseInt(this.value, 10) || 1); this.value = state.min; changed(); });
    $("f-reset").addEventListener("click", function () {
      state.dyad = ""; state.actor = ""; state.types = []; state.since = ""; state.until = ""; state.min = 1;
      $("type-grid").querySelectorAll("input").forEach(function (box) { box.checked = false; });
      typesLabel();
      syncInputs();
      changed();
    });
    Array.prototype.forEach.call(document.querySelectorAll(".type-actions button"), function (b) {
      b.addEventListener("click", function () { pickTypes(b.getAttribute("data-pick")); });
    });
    $("tl-split").addEventListener("click", function (evt) {
      var b = evt.target.closest("button");
      if (!b) return;
      state.split = b.getAttribute("data-split");
      syncInputs();
      writeHash();
      loadTimeline(pending).catch(showError);
    });
    $("tl-interval").addEventListener("change", function () {
      state.interval = this.value;
      state.period = "";
      writeHash();
      loadTimeline(pending).catch(showError);
      loadEvents(pending).catch(showError);
    });
    $("ev-prev").addEventListener("click", function () { state.offset = Math.max(0, state.offset - PAGE); loadEvents(pending).catch(showError); });
    $("ev-next").addEventListener("click", function () { state.offset += PAGE; loadEvents(pending).catch(showError); });
    document.addEventListener("click", function (evt) {
      var menu = $("f-types");
      if (menu.open && !menu.contains(evt.target)) menu.open = false;
    });
    var resizing = null;
    window.addEventListener("resize", function () {
      clearTimeout(resizing);
      resizing = setTimeout(function () { loadTimeline(pending).catch(showError); loadNetwork(pending).catch(showError); }, 200);
    });
  }

  function renderTotals() {
    var t = summary.totals;
    var parts = [t.documents + " documents", t.events + " events", t.mentions + " mentions"];
    if (summary.first_date) parts.push(fmtDate(summary.first_date) + " – " + fmtDate(summary.last_date));
    $("totals").textContent = parts.join("  ·  ");
  }

  function start() {
    readHash();
    wire();
    api("/api/summary").then(function (s) {
      summary = s;
      s.event_types.forEach(function (t) { typeQuad[t.event_type] = t.quad_class; });
      renderTotals();
      buildTypeMenu();
      return Promise.all([loadDyads(), loadActors()]);
    }).then(function () {
      syncInputs();
      document.body.setAttribute("data-ready", "true");
      return refresh();
    }).then(function () {
      if (state.event) openEvent(state.event, state.doc || undefined);
    }).catch(showError);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
