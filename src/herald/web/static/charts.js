/* herald dashboard charts: a stacked bar timeline and a force-laid actor network,
   drawn as plain SVG (no library, no network). Exposed as window.heraldCharts. */
(function () {
  "use strict";

  var NS = "http://www.w3.org/2000/svg";

  // PLOVER types from cooperation (blues, greens) through requests (violet) to conflict
  // (ambers, then reds): the colour tells the direction before the legend does.
  var TYPE_COLORS = {
    AGREE: "#1f5f9e", CONSULT: "#4f93d2", SUPPORT: "#17877a", CONCEDE: "#7cc4ad",
    COOPERATE: "#2f8f46", AID: "#93c66b", RETREAT: "#9bb0c6", REQUEST: "#7d5bb5",
    ACCUSE: "#f0b43c", REJECT: "#e8883a", THREATEN: "#d4622f", PROTEST: "#c7a22a",
    SANCTION: "#b24a62", MOBILIZE: "#84385d", COERCE: "#c93a2e", ASSAULT: "#7a1d1d"
  };
  var CLASS_COLORS = {
    cooperation: "#2f7fc1", conflict: "#d1493f", unclassified: "#9aa5b1",
    "1": "#86bbe6", "2": "#1f5f9e", "3": "#f2a65a", "4": "#b3302a"
  };
  var COOP = [47, 127, 193], CONF = [209, 73, 63];

  function colorFor(split, key) {
    if (split === "type") return TYPE_COLORS[key] || "#9aa5b1";
    return CLASS_COLORS[key] || "#9aa5b1";
  }

  function textOn(hex) {
    var n = parseInt(hex.slice(1), 16);
    var r = (n >> 16) & 255, g = (n >> 8) & 255, b = n & 255;
    return (0.299 * r + 0.587 * g + 0.114 * b) > 160 ? "#1d2433" : "#ffffff";
  }

  function mix(share) {
    var c = COOP.map(function (v, i) { return Math.round(v + (CONF[i] - v) * share); });
    return "rgb(" + c.join(",") + ")";
  }

  function el(tag, attrs, parent) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function text(parent, x, y, value, attrs) {
    var node = el("text", Object.assign({ x: x, y: y }, attrs || {}), parent);
    node.textContent = value;
    return node;
  }

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function periodLabel(iso, interval, long) {
    var y = iso.slice(0, 4), m = +iso.slice(5, 7), d = +iso.slice(8, 10);
    if (interval === "year") return y;
    if (interval === "month") return MONTHS[m - 1] + " " + y;
    var day = d + " " + MONTHS[m - 1] + (long ? " " + y : "");
    return interval === "week" ? (long ? "week of " : "") + day : day;
  }

  // an axis of whole numbers: at most 5 steps of 1, 2 or 5 times a power of ten
  function scale(v) {
    v = Math.max(v, 1);
    for (var p = 1; ; p *= 10) {
      for (var i = 0; i < 3; i++) {
        var step = [1, 2, 5][i] * p;
        if (Math.ceil(v / step) <= 5) return { max: Math.ceil(v / step) * step, step: step };
      }
    }
  }

  // ------------------------------------------------------------------ tooltip
  var tip = null;
  function showTip(evt, lines) {
    tip = tip || document.getElementById("tooltip");
    if (!tip) return;
    tip.textContent = "";
    lines.forEach(function (line, i) {
      var row = document.createElement("div");
      if (i === 0) row.className = "tt-title";
      if (line.color) {
        var sw = document.createElement("i");
        sw.className = "sw";
        sw.style.background = line.color;
        row.appendChild(sw);
      }
      row.appendChild(document.createTextNode(line.text || line));
      if (line.value !== undefined) {
        var v = document.createElement("b");
        v.textContent = line.value;
        row.appendChild(v);
      }
      tip.appendChild(row);
    });
    tip.hidden = false;
    var x = evt.clientX + 14, y = evt.clientY + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) x = evt.clientX - w - 14;
    if (y + h > window.innerHeight - 8) y = evt.clientY - h - 14;
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTip() { if (tip) tip.hidden = true; }

  // ------------------------------------------------------------------ timeline
  /* data: /api/timeseries response. opts: {selected: period|null, onPick(period)} */
  function timeline(container, data, opts) {
    opts = opts || {};
    container.textContent = "";
    // every class keeps its place in the legend ("Conflict 0" says something); types only when seen
    var periods = data.periods, series = data.series.filter(function (s) {
      return data.split !== "type" || s.counts.some(Boolean) || s.undated;
    });
    var hasUndated = data.undated > 0;
    var n = periods.length + (hasUndated ? 1 : 0);
    if (!n) {
      var p = document.createElement("p");
      p.className = "nodata";
      p.textContent = "No events match these filters.";
      container.appendChild(p);
      return;
    }
    var width = Math.max(container.clientWidth, 320), height = 330;
    var m = { t: 22, r: 12, b: 46, l: 40 };
    var iw = width - m.l - m.r, ih = height - m.t - m.b;
    var totals = data.totals.slice();
    if (hasUndated) totals.push(data.undated);
    var axis = scale(Math.max.apply(null, totals.concat([1])));
    var max = axis.max;
    var svg = el("svg", {
      width: width, height: height, viewBox: "0 0 " + width + " " + height,
      role: "img", "aria-label": "events per " + data.interval, class: "timeline-svg"
    }, container);
    var g = el("g", { transform: "translate(" + m.l + "," + m.t + ")" }, svg);
    var y = function (v) { return ih - (v / max) * ih; };

    for (var t = 0; t <= max; t += axis.step) {
      el("line", { x1: 0, x2: iw, y1: y(t), y2: y(t), class: t ? "grid" : "axis" }, g);
      text(g, -8, y(t) + 4, String(t), { class: "tick", "text-anchor": "end" });
    }

    // undated events get a column of their own at the right, set apart by a dashed line
    var reserve = hasUndated ? Math.min(Math.max(iw / n, 52), 96) : 0;
    var band = (iw - reserve) / Math.max(periods.length, 1);
    var bw = Math.max(2, Math.min(band * 0.72, 64));
    var every = Math.max(1, Math.ceil(78 / band));
    var columns = periods.map(function (period, i) {
      return { period: period, x: band * i, w: band, bw: bw, counts: series.map(function (s) { return s.counts[i]; }), total: data.totals[i] };
    });
    if (hasUndated) {
      var ux = iw - reserve + 8;
      columns.push({ period: null, x: ux, w: reserve - 8, bw: Math.min((reserve - 8) * 0.72, 64), counts: series.map(function (s) { return s.undated; }), total: data.undated });
      el("line", { x1: ux - 4, x2: ux - 4, y1: -8, y2: ih + 30, class: "divider" }, g);
    }

    columns.forEach(function (col, i) {
      var cx = col.x + col.w / 2, bw = col.bw;
      var group = el("g", { class: "col" + (col.period === null ? " undated" : ""), "data-period": col.period || "undated" }, g);
      if (opts.selected && col.period === opts.selected) group.setAttribute("class", "col picked");
      var acc = 0;
      series.forEach(function (s, j) {
        var v = col.counts[j];
        if (!v) return;
        el("rect", {
          x: cx - bw / 2, y: y(acc + v), width: bw, height: Math.max(1, y(acc) - y(acc + v)),
          fill: colorFor(data.split, s.key), class: "bar",
          "data-key": s.key, "data-count": v, "data-period": col.period || "undated"
        }, group);
        acc += v;
      });
      if (col.total && bw >= 12) text(group, cx, y(col.total) - 6, String(col.total), { class: "bar-total", "text-anchor": "middle" });
      var label = col.period === null ? "no date" : periodLabel(col.period, data.interval);
      if (col.period === null || i % every === 0) {
        text(g, cx, ih + 18, label, { class: "xlabel" + (col.period === null ? " muted" : ""), "text-anchor": "middle" });
      }
      var hit = el("rect", { x: col.x, y: -m.t, width: col.w, height: ih + m.t, class: "hit" }, group);
      hit.addEventListener("mousemove", function (evt) {
        var lines = [{ text: col.period === null ? "Events without a date" : periodLabel(col.period, data.interval, true), value: col.total + " event" + (col.total === 1 ? "" : "s") }];
        series.forEach(function (s, j) {
          if (col.counts[j]) lines.push({ text: s.label, value: col.counts[j], color: colorFor(data.split, s.key) });
        });
        if (col.period !== null && col.total) lines.push({ text: "click to list them" });
        showTip(evt, lines);
      });
      hit.addEventListener("mouseleave", hideTip);
      if (col.period !== null && opts.onPick) {
        hit.addEventListener("click", function () { hideTip(); opts.onPick(col.period); });
      }
    });
    return series;
  }

  function legend(container, split, series) {
    container.textContent = "";
    series.forEach(function (s) {
      var item = document.createElement("span");
      item.className = "legend-item";
      item.setAttribute("data-key", s.key);
      var sw = document.createElement("i");
      sw.className = "sw";
      sw.style.background = colorFor(split, s.key);
      item.appendChild(sw);
      item.appendChild(document.createTextNode(s.label));
      var total = s.counts.reduce(function (a, b) { return a + b; }, 0) + s.undated;
      var b = document.createElement("b");
      b.textContent = total;
      item.appendChild(b);
      container.appendChild(item);
    });
  }

  // ------------------------------------------------------------------ network
  function layout(nodes, edges, width, height) {
    var byCode = {};
    nodes.forEach(function (node, i) {
      var a = (2 * Math.PI * i) / nodes.length;
      node.x = Math.cos(a) * width * 0.3;
      node.y = Math.sin(a) * height * 0.3;
      byCode[node.code] = node;
    });
    var links = edges.map(function (e) { return { s: byCode[e.a], t: byCode[e.b], w: e.events }; })
      .filter(function (l) { return l.s && l.t; });
    var maxw = Math.max.apply(null, links.map(function (l) { return l.w; }).concat([1]));
    var k = Math.sqrt((width * height) / Math.max(nodes.length, 1)) * 0.55;
    var temp = width / 8;
    for (var it = 0; it < 320; it++) {
      nodes.forEach(function (v) { v.dx = 0; v.dy = 0; });
      for (var i = 0; i < nodes.length; i++) {
        for (var j = i + 1; j < nodes.length; j++) {
          var a = nodes[i], b = nodes[j];
          var dx = a.x - b.x, dy = a.y - b.y, d = Math.sqrt(dx * dx + dy * dy) || 0.01;
          var f = (k * k) / d;
          a.dx += (dx / d) * f; a.dy += (dy / d) * f;
          b.dx -= (dx / d) * f; b.dy -= (dy / d) * f;
        }
      }
      links.forEach(function (l) {
        var dx = l.s.x - l.t.x, dy = l.s.y - l.t.y, d = Math.sqrt(dx * dx + dy * dy) || 0.01;
        var f = ((d * d) / k) * (0.6 + 0.8 * (l.w / maxw));
        l.s.dx -= (dx / d) * f; l.s.dy -= (dy / d) * f;
        l.t.dx += (dx / d) * f; l.t.dy += (dy / d) * f;
      });
      nodes.forEach(function (v) {
        v.dx -= v.x * 0.08 * k / 10; v.dy -= v.y * 0.08 * k / 10;
        var d = Math.sqrt(v.dx * v.dx + v.dy * v.dy) || 0.01;
        v.x += (v.dx / d) * Math.min(d, temp);
        v.y += (v.dy / d) * Math.min(d, temp);
      });
      temp = Math.max(temp * 0.985, 0.5);
    }
    return byCode;
  }

  /* data: /api/network response. opts: {dyad, actor, onEdge(dyad), onNode(code)} */
  function network(container, data, opts) {
    opts = opts || {};
    container.textContent = "";
    if (!data.nodes.length) {
      var p = document.createElement("p");
      p.className = "nodata";
      p.textContent = "No dyads among these events.";
      container.appendChild(p);
      return;
    }
    var width = Math.max(container.clientWidth, 280), height = 340, pad = 34;
    var nodes = data.nodes.map(function (n) { return Object.assign({}, n); });
    var byCode = layout(nodes, data.edges, width, height);
    var xs = nodes.map(function (n) { return n.x; }), ys = nodes.map(function (n) { return n.y; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var sx = (width - 2 * pad) / Math.max(x1 - x0, 1), sy = (height - 2 * pad) / Math.max(y1 - y0, 1);
    var sc = Math.min(sx, sy, 3);
    var ox = (width - (x1 - x0) * sc) / 2, oy = (height - (y1 - y0) * sc) / 2;
    nodes.forEach(function (n) { n.px = ox + (n.x - x0) * sc; n.py = oy + (n.y - y0) * sc; });

    var svg = el("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, class: "network-svg", role: "img", "aria-label": "actor network" }, container);
    var maxE = Math.max.apply(null, data.edges.map(function (e) { return e.events; }).concat([1]));
    var maxN = Math.max.apply(null, nodes.map(function (n) { return n.events; }).concat([1]));
    var edgeLayer = el("g", {}, svg), nodeLayer = el("g", {}, svg);
    var focused = !!opts.dyad || !!opts.actor;
    var pair = opts.dyad ? opts.dyad.toUpperCase().split(/[->]/) : [];
    var edgeKey = pair.length === 2 ? pair.slice().sort().join("-") : "";

    data.edges.forEach(function (e) {
      var a = byCode[e.a], b = byCode[e.b];
      if (!a || !b) return;
      var share = e.cooperation + e.conflict ? e.conflict / (e.cooperation + e.conflict) : 0.5;
      var on = edgeKey === e.dyad || (!opts.dyad && opts.actor && (e.a === opts.actor || e.b === opts.actor));
      var gEdge = el("g", { class: "edge" + (on ? " on" : focused ? " dim" : ""), "data-dyad": e.dyad }, edgeLayer);
      el("line", { x1: a.px, y1: a.py, x2: b.px, y2: b.py, stroke: mix(share), "stroke-width": 1.5 + 9 * Math.sqrt(e.events / maxE), class: "edge-line" }, gEdge);
      var hit = el("line", { x1: a.px, y1: a.py, x2: b.px, y2: b.py, class: "edge-hit" }, gEdge);
      hit.addEventListener("mousemove", function (evt) {
        showTip(evt, [
          { text: (e.a_label || e.a) + " – " + (e.b_label || e.b), value: e.events + " event" + (e.events === 1 ? "" : "s") },
          { text: "Cooperation", value: e.cooperation, color: CLASS_COLORS.cooperation },
          { text: "Conflict", value: e.conflict, color: CLASS_COLORS.conflict },
          { text: "click to pick this dyad" }
        ]);
      });
      hit.addEventListener("mouseleave", hideTip);
      if (opts.onEdge) hit.addEventListener("click", function () { hideTip(); opts.onEdge(e.dyad); });
    });

    nodes.forEach(function (n) {
      var r = 9 + 15 * Math.sqrt(n.events / maxN);
      var on = opts.actor === n.code || pair.indexOf(n.code) >= 0;
      var gNode = el("g", { class: "node" + (on ? " on" : focused ? " dim" : ""), "data-code": n.code, transform: "translate(" + n.px + "," + n.py + ")" }, nodeLayer);
      el("circle", { r: r }, gNode);
      text(gNode, 0, 4, n.code, { class: "node-code", "text-anchor": "middle" });
      if (n.label && n.label !== n.code) text(gNode, 0, r + 13, n.label, { class: "node-name", "text-anchor": "middle" });
      gNode.addEventListener("mousemove", function (evt) {
        showTip(evt, [{ text: n.label || n.code, value: n.events + " interaction" + (n.events === 1 ? "" : "s") }, { text: "click to filter on " + n.code }]);
      });
      gNode.addEventListener("mouseleave", hideTip);
      if (opts.onNode) gNode.addEventListener("click", function () { hideTip(); opts.onNode(n.code); });
    });
  }

  window.heraldCharts = {
    TYPE_COLORS: TYPE_COLORS, CLASS_COLORS: CLASS_COLORS, colorFor: colorFor, textOn: textOn,
    periodLabel: periodLabel, timeline: timeline, legend: legend, network: network,
    showTip: showTip, hideTip: hideTip
  };
})();
