/*
 * app.js -- the page of `whosaid serve`: search, quote cards, speaker and
 * topic pages with timeline charts (uPlot), and a document view with the
 * quote highlighted in its context.
 *
 * Safety rule: every value from the API reaches the DOM through el()
 * below, which makes text nodes (textContent) and sets only fixed
 * attributes; innerHTML is never used.  Links are built from
 * encodeURIComponent'd values; an outlet's own URL is linked only when it
 * is http(s).
 *
 * Routes (the part after '#'):
 *   /                 search (?q=&speaker=&topic=&since=&until=)
 *   /speakers         every speaker
 *   /speaker/ID       a speaker: facts, chart by topic, statements
 *   /topics           every topic
 *   /topic/NAME       a topic: chart by speaker, statements
 *   /doc/ID?s=&e=     a document with the statement [s,e) highlighted
 */
(function () {
  "use strict";

  const app = document.getElementById("app");
  const PAGE = 20;
  const COLORS = ["#2454a6", "#d1495b", "#00798c", "#edae49", "#66a182", "#8d5fd3",
                  "#e07a1f", "#30638e", "#a23b72", "#3c8d2f"];
  let charts = [];

  /* el("div", {class: "x"}, "text", child, ...): children that are strings
   * become text nodes. */
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const k of Object.keys(attrs)) {
        const v = attrs[k];
        if (v === null || v === undefined || v === false) continue;
        if (k === "onclick" || k === "onsubmit" || k === "onchange") e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, String(v));
      }
    }
    for (const c of kids) add(e, c);
    return e;
  }
  function add(parent, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) { c.forEach((x) => add(parent, x)); return; }
    if (typeof c === "string" || typeof c === "number") parent.appendChild(document.createTextNode(String(c)));
    else parent.appendChild(c);
  }
  function clear() {
    charts.forEach((c) => c.destroy());
    charts = [];
    app.textContent = "";
  }

  async function api(path, params) {
    const q = new URLSearchParams();
    if (params) for (const k of Object.keys(params)) if (params[k] !== "" && params[k] != null) q.set(k, params[k]);
    const qs = q.toString();
    const r = await fetch(path + (qs ? "?" + qs : ""), { headers: { Accept: "application/json" } });
    let body = null;
    try { body = await r.json(); } catch (e) { body = null; }
    if (!r.ok) throw new Error((body && body.error) || ("HTTP " + r.status));
    return body;
  }

  const enc = encodeURIComponent;
  function speakerHref(sp) { return "#/speaker/" + enc(sp.id); }
  function topicHref(t) { return "#/topic/" + enc(t); }
  function docHref(s) { return "#/doc/" + enc(s.document.id) + "?s=" + s.content.start + "&e=" + s.content.end + "&st=" + enc(s.id); }

  function errorBox(e) { return el("p", { class: "error" }, "Could not load: " + e.message); }

  /* ------------------------------------------------------------ cards */

  function card(s) {
    const quote = el("blockquote", { class: "content" }, s.content.text);
    if (s.content2) add(quote, [el("span", { class: "gap" }, " … "), s.content2.text]);
    const meta = el("div", { class: "meta" });
    if (s.speaker) {
      const who = el("span", { class: "who" },
        s.speaker.id != null ? el("a", { href: speakerHref(s.speaker), class: "speaker" }, s.speaker.name) : s.speaker.name);
      const bits = [s.speaker.title, s.speaker.affiliation].filter(Boolean);
      if (bits.length) add(who, el("span", { class: "title" }, " (" + bits.join(", ") + ")"));
      add(meta, who);
    } else if (s.source) {
      add(meta, el("span", { class: "who" }, s.source.text));
    }
    add(meta, el("span", { class: "date" }, s.date || (s.document && s.document.date ? "published " + s.document.date : "undated")));
    const cue = [s.cue ? s.cue.text : null, s.venue].filter(Boolean).join(" ");
    if (cue) add(meta, el("span", { class: "cue" }, cue));
    if (s.document) {
      const d = s.document;
      add(meta, el("span", { class: "outlet", title: d.doc }, d.outlet || d.title || d.doc.replace(/^.*\//, "")));
      add(meta, el("a", { href: docHref(s), class: "context" }, "in context"));
    }
    if (s.repeats > 1) add(meta, el("span", { class: "repeats", title: "reports with the same words" }, "repeated in " + s.repeats + " reports"));
    const topics = el("div", { class: "topics" }, (s.topics || []).map((t) => el("a", { class: "chip", href: topicHref(t) }, t)));
    return el("article", { class: "card " + s.kind, "data-id": s.id }, quote, meta, (s.topics || []).length ? topics : null);
  }

  /* A list of cards fed by /api/statements with PARAMS, with "more". */
  function statementList(params) {
    const box = el("section", { class: "results" });
    const count = el("p", { class: "count" });
    const list = el("div", { class: "cards" });
    const more = el("button", { class: "more", type: "button" }, "More");
    let offset = 0;
    async function page() {
      more.disabled = true;
      try {
        const r = await api("/api/statements", Object.assign({}, params, { limit: PAGE, offset: offset }));
        if (offset === 0 && r.statements.length === 0) add(list, el("p", { class: "empty" }, "No statements match."));
        r.statements.forEach((s) => add(list, card(s)));
        offset += r.statements.length;
        count.textContent = r.total + (r.total === 1 ? " statement" : " statements") + (r.total > 1 ? ", newest first" : "");
        more.style.display = offset < r.total ? "" : "none";
      } catch (e) {
        add(list, errorBox(e));
        more.style.display = "none";
      }
      more.disabled = false;
    }
    more.addEventListener("click", page);
    add(box, [count, list, more]);
    page();
    return box;
  }

  /* ------------------------------------------------------------ charts */

  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  /* The label of period P ("YYYY-MM-DD", its first day) by BY. */
  function periodLabel(p, by) {
    const y = p.slice(0, 4), m = MONTHS[Number(p.slice(5, 7)) - 1] || p.slice(5, 7), d = String(Number(p.slice(8, 10)));
    return by === "month" ? m + " " + y : d + " " + m + " " + y;
  }

  /* The series drawn as stacked bars: the API's series (eight at most),
   * then "other" for what they leave of the total; with no series, the
   * total alone.  A statement with two topics counts in both. */
  function barSeries(r) {
    const split = r.series || [];
    if (!split.length) return [{ name: "statements", counts: r.total.slice() }];
    const other = r.total.map((t, i) => Math.max(0, t - split.reduce((a, s) => a + s.counts[i], 0)));
    return other.some((n) => n > 0) ? split.concat([{ name: "other", counts: other, other: true }]) : split.slice();
  }

  /* A timeline chart of /api/timeline?PARAMS, with a day/week/month
   * switch: one slot per period on the x axis, each labelled with its
   * period, and in it the period's counts as bars stacked by series; a
   * period without statements is an empty slot.  The box gets
   * data-points (statements in the selection), data-periods (the periods,
   * in slot order), data-ticks (the labels the axis drew) and data-bars
   * (each bar drawn: period, series and count), for the tests. */
  function timeline(title, params) {
    const box = el("section", { class: "chartbox" });
    const plot = el("div", { class: "plot" });
    const seg = el("span", { class: "seg" });
    let by = "month";
    ["day", "week", "month"].forEach((b) => add(seg, el("button", {
      type: "button", "data-by": b, class: b === by ? "on" : null,
      onclick: () => { by = b; seg.querySelectorAll("button").forEach((x) => x.classList.toggle("on", x.dataset.by === b)); draw(); },
    }, b)));
    add(box, [el("div", { class: "head" }, el("span", null, title), seg), plot]);
    async function draw() {
      let r;
      try { r = await api("/api/timeline", Object.assign({}, params, { by: by })); } catch (e) { plot.textContent = ""; add(plot, errorBox(e)); return; }
      charts = charts.filter((c) => { if (c.root.parentNode === plot) { c.destroy(); return false; } return true; });
      plot.textContent = "";
      for (const k of ["points", "periods", "ticks", "bars", "by"]) delete box.dataset[k];
      if (!r.periods.length) { add(plot, el("p", { class: "empty" }, "No dated statements.")); box.dataset.points = "0"; return; }
      const n = r.periods.length;
      const xs = r.periods.map((p, i) => i);
      const series = barSeries(r);
      /* stacked: series k spans [below[k][i], below[k][i] + counts[i]) */
      const below = [], acc = new Array(n).fill(0);
      series.forEach((s) => { below.push(acc.slice()); s.counts.forEach((c, i) => { acc[i] += c; }); });
      const top = Math.max(1, ...acc);
      const width = Math.max(300, (box.clientWidth || 900) - 26);
      const labels = r.periods.map((p) => periodLabel(p, by));
      /* every period has its tick; labels are thinned to fit */
      const labelPx = by === "month" ? 70 : 90;
      const every = Math.max(1, Math.ceil(n * labelPx / (width - 60)));
      const ticks = [], drawn = series.map(() => []);
      const opts = {
        width: width, height: 260,
        scales: {
          x: { time: false, range: () => [-0.5, n - 0.5] },
          y: { range: () => [0, top * 1.15] },
        },
        axes: [
          { splits: () => xs, grid: { show: false }, ticks: { show: true, size: 6 },
            values: (u, splits) => {
              const v = splits.map((i) => (i % every === 0 && labels[i] !== undefined ? labels[i] : ""));
              ticks.length = 0;
              v.forEach((l) => { if (l) ticks.push(l); });
              box.dataset.ticks = JSON.stringify(ticks);
              return v;
            } },
          { label: "statements", size: 50, splits: (u, ax, mn, mx) => {
            const step = Math.max(1, Math.ceil(top / 5));
            const out = [];
            for (let v = 0; v <= mx; v += step) out.push(v);
            return out;
          } },
        ],
        legend: { live: false },
        cursor: { show: false },
        hooks: { draw: [(u) => { box.dataset.bars = JSON.stringify(drawn.filter((d, k) => u.series[k + 1].show).flat()); }] },
        series: [{ label: by }].concat(series.map((s, k) => {
          const color = s.other ? "#9aa5b8" : COLORS[k % COLORS.length];
          const bars = uPlot.paths.bars({
            size: [0.7, 60],
            disp: {
              y0: { unit: 1, values: () => below[k].map((b, i) => (s.counts[i] ? b : null)) },
              y1: { unit: 1, values: () => below[k].map((b, i) => (s.counts[i] ? b + s.counts[i] : null)) },
            },
            each: (u, si, i) => { drawn[k].push({ period: r.periods[i], series: s.name, count: s.counts[i] }); },
          });
          return {
            label: s.name, stroke: color, fill: color, width: 0,
            points: { show: false },
            paths: (u, si, i0, i1) => { drawn[k] = []; return bars(u, si, i0, i1); },
          };
        })),
      };
      const data = [xs].concat(series.map((s) => s.counts.map((c) => (c ? c : null))));
      box.dataset.by = by;
      box.dataset.periods = JSON.stringify(r.periods);
      charts.push(new uPlot(opts, data, plot));
      box.dataset.points = String(r.total.reduce((a, b) => a + b, 0));
    }
    draw();
    return box;
  }

  /* ------------------------------------------------------------ views */

  async function viewSearch(q) {
    const f = el("form", { class: "search", role: "search" });
    const inp = (name, label, type, ph) => el("label", null, label,
      el("input", { name: name, type: type || "text", value: q.get(name) || "", placeholder: ph || "" }));
    const speakerSel = el("select", { name: "speaker" }, el("option", { value: "" }, "anyone"));
    const topicSel = el("select", { name: "topic" }, el("option", { value: "" }, "any topic"));
    add(f, [inp("q", "Words", "search", "peacekeepers, ceasefire …"),
      el("label", null, "Speaker", speakerSel), el("label", null, "Topic", topicSel),
      inp("since", "Since", "date"), inp("until", "Until", "date"),
      el("button", { type: "submit" }, "Search")]);
    f.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const p = new URLSearchParams();
      for (const [k, v] of new FormData(f)) if (v) p.set(k, v);
      location.hash = "#/" + (p.toString() ? "?" + p.toString() : "");
    });
    add(app, [el("h1", null, "Who said what"), el("p", { class: "sub" }, "Search the statements: the words, who said them, when, and where it was reported."), f]);
    const params = {};
    for (const k of ["q", "speaker", "topic", "since", "until"]) if (q.get(k)) params[k] = q.get(k);
    add(app, statementList(params));
    try {
      const [sp, tp] = await Promise.all([api("/api/speakers", { limit: 500 }), api("/api/topics")]);
      sp.speakers.forEach((s) => add(speakerSel, el("option", { value: String(s.id) }, s.name + " (" + s.statements + ")")));
      tp.topics.forEach((t) => add(topicSel, el("option", { value: t.name }, t.name + " (" + t.statements + ")")));
      speakerSel.value = q.get("speaker") || "";
      topicSel.value = q.get("topic") || "";
    } catch (e) { /* the filters stay free text-less; the search still works */ }
  }

  async function viewSpeakers() {
    add(app, el("h1", null, "Speakers"));
    try {
      const r = await api("/api/speakers", { limit: 500 });
      const t = el("table", { class: "list" }, el("tr", null, el("th", null, "speaker"), el("th", null, "titles"),
        el("th", null, "affiliations"), el("th", null, "statements"), el("th", null, "first"), el("th", null, "last")));
      r.speakers.forEach((s) => add(t, el("tr", null,
        el("td", null, el("a", { href: speakerHref(s) }, s.name)), el("td", null, (s.titles || []).join(", ")),
        el("td", null, (s.affiliations || []).join(", ")), el("td", { class: "num" }, s.statements),
        el("td", null, s.first || ""), el("td", null, s.last || ""))));
      add(app, t);
    } catch (e) { add(app, errorBox(e)); }
  }

  /* "2025-03-10 – 2025-06-18", one date when both are the same, "undated"
   * when there is none. */
  function span(x) {
    if (!x.first) return "undated";
    return x.first === x.last ? x.first : x.first + " – " + x.last;
  }

  /* The names a speaker was said under and the titles it was seen with,
   * each with its first and last date and its statements. */
  function seenTable(cls, head, rows, cells) {
    return el("table", { class: "list " + cls },
      el("tr", null, head.map((h) => el("th", null, h)), el("th", null, "first"), el("th", null, "last"), el("th", null, "statements")),
      rows.map((x) => el("tr", null, cells(x).map((c) => el("td", null, c)),
        el("td", { class: "first" }, x.first || ""), el("td", { class: "last" }, x.last || ""),
        el("td", { class: "num", title: span(x) }, x.statements))));
  }

  async function viewSpeaker(id) {
    let s;
    try { s = await api("/api/speakers/" + enc(id)); } catch (e) { add(app, errorBox(e)); return; }
    const names = s.names || [], roles = s.roles || [];
    const said = new Set(names.map((x) => x.name.toLowerCase()));
    const others = (s.aliases || []).filter((a) => a !== s.name && !said.has(a.toLowerCase()));
    const facts = el("div", { class: "facts" },
      el("span", null, el("b", null, String(s.statements)), " statements"),
      s.first ? el("span", null, "from ", el("b", null, s.first), " to ", el("b", null, s.last)) : null,
      others.length ? el("span", { class: "aliases" }, "also registered as: ", others.join(", ")) : null);
    const topics = el("div", { class: "topics" }, (s.topics || []).map((t) => el("a", { class: "chip", href: topicHref(t.name) }, t.name + " " + t.count)));
    const seen = el("div", { class: "seen" },
      el("section", null, el("h2", null, "Names"),
        names.length ? seenTable("names", ["said as"], names, (x) => [x.name]) : el("p", { class: "empty" }, "No statements.")),
      el("section", null, el("h2", null, "Titles and affiliations over time"),
        roles.length ? seenTable("roles", ["title", "affiliation"], roles, (x) => [x.title || "", x.affiliation || ""])
          : el("p", { class: "empty" }, "No title or affiliation seen.")));
    add(app, [el("h1", { class: "speaker-name" }, s.name), facts, topics, seen,
      timeline("Statements over time, by topic", { speaker: s.id, split: "topic" }),
      el("h2", null, "Statements"), statementList({ speaker: s.id })]);
  }

  async function viewTopics() {
    add(app, el("h1", null, "Topics"));
    try {
      const r = await api("/api/topics");
      const t = el("table", { class: "list" }, el("tr", null, el("th", null, "topic"), el("th", null, "statements")));
      r.topics.forEach((x) => add(t, el("tr", null, el("td", null, el("a", { href: topicHref(x.name) }, x.name)), el("td", { class: "num" }, x.statements))));
      add(app, t);
      if (!r.topics.length) add(app, el("p", { class: "empty" }, "No topics in this database."));
    } catch (e) { add(app, errorBox(e)); }
  }

  function viewTopic(name) {
    add(app, [el("h1", { class: "topic-name" }, name), el("p", { class: "sub" }, "Who spoke about it, and when."),
      timeline("Statements over time, by speaker", { topic: name, split: "speaker" }),
      el("h2", null, "Statements"), statementList({ topic: name })]);
  }

  async function viewDoc(id, q) {
    let d;
    try { d = await api("/api/documents/" + enc(id)); } catch (e) { add(app, errorBox(e)); return; }
    const s = Number(q.get("s")), e = Number(q.get("e"));
    const chars = Array.from(d.text); /* offsets are in code points */
    const spans = (d.statements || []).flatMap((x) => [x.content, x.content2].filter(Boolean))
      .filter((x) => x.start >= 0 && x.end <= chars.length && x.start < x.end)
      .sort((a, b) => a.start - b.start);
    const text = el("div", { class: "text" });
    let pos = 0, here = null;
    for (const sp of spans) {
      if (sp.start < pos) continue; /* overlapping: keep the first */
      add(text, chars.slice(pos, sp.start).join(""));
      const m = el("mark", { class: sp.start === s && sp.end === e ? "here" : null }, chars.slice(sp.start, sp.end).join(""));
      if (sp.start === s && sp.end === e) here = m;
      add(text, m);
      pos = sp.end;
    }
    add(text, chars.slice(pos).join(""));
    const link = d.url && /^https?:\/\//i.test(d.url) ? el("a", { href: d.url, rel: "noopener noreferrer nofollow", target: "_blank" }, "original report") : null;
    add(app, [el("h1", null, d.title || d.id),
      el("div", { class: "facts" }, d.outlet ? el("span", null, el("b", null, d.outlet)) : null,
        d.date ? el("span", null, "published ", el("b", null, d.date)) : null,
        el("span", null, String((d.statements || []).length) + " statements"), el("span", null, "id " + d.id), link),
      el("div", { class: "doc" }, text)]);
    if (here) here.scrollIntoView({ block: "center" });
  }

  /* ------------------------------------------------------------ router */

  function route() {
    clear();
    const h = location.hash.replace(/^#/, "") || "/";
    const qi = h.indexOf("?");
    const path = qi < 0 ? h : h.slice(0, qi);
    const q = new URLSearchParams(qi < 0 ? "" : h.slice(qi + 1));
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    document.title = "whosaid";
    if (parts[0] === "speaker" && parts.length === 2) viewSpeaker(parts[1]);
    else if (parts[0] === "speakers") viewSpeakers();
    else if (parts[0] === "topic" && parts.length === 2) viewTopic(parts[1]);
    else if (parts[0] === "topics") viewTopics();
    else if (parts[0] === "doc" && parts.length >= 2) viewDoc(parts.slice(1).join("/"), q);
    else viewSearch(q);
    window.scrollTo(0, 0);
  }
  window.addEventListener("hashchange", route);
  route();
})();
