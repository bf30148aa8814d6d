// Drives the page of `whosaid serve` in Debian's headless Chromium through
// playwright-core (web/node_modules; no browser download).  Used by
// serve_browser.sh and serve_xss.sh:
//
//   node serve_page.cjs search BASE_URL   the seed feed: search, cards, speaker page, chart
//   node serve_page.cjs xss BASE_URL      markup in quotes and names shows as text
//   node serve_page.cjs timeline BASE_URL serve_timeline.sh's four reports: bars in
//                                         their periods under period ticks, and a
//                                         speaker's names and titles with dates
//
// Screenshots go to $ARTIFACTS.  Exits 0 when every check passed, 1 with
// "FAIL: ..." otherwise.  Any error in the page's console fails the run.
"use strict";
const path = require("path");
const fs = require("fs");
const os = require("os");
const { chromium } = require(path.join(__dirname, "../../web/node_modules/playwright-core"));

const [scenario, base] = process.argv.slice(2);
const ARTIFACTS = process.env.ARTIFACTS || fs.mkdtempSync(path.join(os.tmpdir(), "whosaid-shots-"));
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

function check(cond, what) {
  if (!cond) throw new Error(what);
  console.log("ok - " + what);
}

async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "whosaid-chromium-"));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    timeout: 60000,
  });
  const page = ctx.pages()[0] || (await ctx.newPage());
  page.setDefaultTimeout(20000);
  const problems = [];
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  page.on("console", (m) => { if (m.type() === "error") problems.push("console error: " + m.text()); });
  page.on("requestfailed", (r) => problems.push("request failed: " + r.url()));
  // Nothing may leave the machine: every request goes to the server under test.
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith(base + "/") || u === base) return route.continue();
    problems.push("request outside the server: " + u);
    return route.abort();
  });
  return { ctx, page, problems, profile };
}

async function chartDrawn(page) {
  // The chart box says how many statements it plots; its canvas must have
  // coloured (series) pixels, not only axes.
  await page.waitForSelector(".chartbox[data-points] .uplot canvas");
  return page.evaluate(() => {
    const box = document.querySelector(".chartbox[data-points]");
    const cv = box.querySelector(".uplot canvas");
    const g = cv.getContext("2d").getImageData(0, 0, cv.width, cv.height).data;
    let coloured = 0;
    for (let i = 0; i < g.length; i += 4) {
      const [r, gg, b, a] = [g[i], g[i + 1], g[i + 2], g[i + 3]];
      if (a > 0 && (Math.max(r, gg, b) - Math.min(r, gg, b)) > 60) coloured++;
    }
    return { points: Number(box.dataset.points), coloured, width: cv.width, height: cv.height,
             series: document.querySelectorAll(".uplot .u-legend .u-series").length };
  });
}

async function search(page, problems) {
  await page.goto(base + "/");
  await page.waitForSelector("form.search");
  await page.waitForSelector(".cards .card");
  check((await page.title()) === "whosaid", "the page loads");
  await page.fill("input[name=q]", "peacekeepers");
  await page.click("form.search button[type=submit]");
  await page.waitForFunction(() => location.hash.includes("q=peacekeepers"));
  await page.waitForSelector(".cards .card");
  await page.waitForFunction(() => /statements/.test(document.querySelector(".count").textContent));
  const cards = await page.$$eval(".cards .card", (cs) => cs.map((c) => ({
    quote: c.querySelector("blockquote").textContent,
    who: (c.querySelector(".who") || {}).textContent || "",
    date: (c.querySelector(".date") || {}).textContent || "",
  })));
  check(cards.length >= 2, "searching peacekeepers gives cards (" + cards.length + ")");
  check(cards.every((c) => /peacekeep/i.test(c.quote)), "every card's quote is about peacekeepers (stemmed)");
  const meloni = cards.find((c) => /Meloni/.test(c.who) && c.date === "2025-03-15");
  check(meloni, "Meloni's statement of March 15 is there: " + (meloni ? meloni.quote : JSON.stringify(cards.map((c) => c.who + " " + c.date))));
  check(/Prime Minister/.test(meloni.who) && /IT/.test(meloni.who), "her card shows title and affiliation");
  await page.screenshot({ path: path.join(ARTIFACTS, "search.png"), fullPage: true });

  // The document view: her quote highlighted in its report.
  const card = page.locator(".cards .card", { has: page.locator(".date", { hasText: "2025-03-15" }) })
    .filter({ has: page.locator(".who", { hasText: "Meloni" }) }).first();
  await card.locator("a.context").click();
  await page.waitForSelector(".doc mark.here");
  const here = await page.textContent(".doc mark.here");
  check(here === meloni.quote, "the document view highlights the quote in its context");
  await page.screenshot({ path: path.join(ARTIFACTS, "document.png"), fullPage: true });
  await page.goBack();
  await page.waitForSelector(".cards .card .who a.speaker");

  // Her speaker page, with the timeline chart.
  await page.locator(".cards .card .who a.speaker", { hasText: "Meloni" }).first().click();
  await page.waitForSelector("h1.speaker-name");
  check((await page.textContent("h1.speaker-name")) === "Giorgia Meloni", "her speaker page opens");
  const c = await chartDrawn(page);
  check(c.points > 0, "the speaker chart plots her dated statements (" + c.points + ")");
  check(c.coloured > 200, "the chart canvas is drawn with data (" + c.coloured + " coloured pixels)");
  check(c.series >= 1, "the chart's legend names its topics (" + c.series + ")");
  await page.waitForSelector(".results .cards .card");
  const n = await page.$$eval(".results .cards .card", (cs) => cs.length);
  check(n >= 2, "her statements are listed under the chart (" + n + ")");
  await page.screenshot({ path: path.join(ARTIFACTS, "speaker.png"), fullPage: true });

  // A topic page: a chart by speaker.
  await page.locator(".topics a.chip", { hasText: "peacekeepers" }).first().click();
  await page.waitForSelector("h1.topic-name");
  const t = await chartDrawn(page);
  check(t.points > 0 && t.coloured > 200, "the topic page draws its chart by speaker (" + t.points + ")");
  await page.screenshot({ path: path.join(ARTIFACTS, "topic.png"), fullPage: true });

  // The week switch redraws.
  await page.click(".seg button[data-by=week]");
  await page.waitForFunction(() => document.querySelector(".seg button.on").dataset.by === "week");
  const w = await chartDrawn(page);
  check(w.points === t.points, "by week plots the same statements");
}

async function xss(page, problems) {
  await page.goto(base + "/#/?q=never");
  await page.waitForSelector(".cards .card");
  await page.waitForTimeout(300);
  const r = await page.evaluate(() => ({
    flags: [window.__xss, window.__xss1, window.__xss2, window.__xss3, window.__xss4, window.__xss5],
    injected: document.querySelectorAll("#app script, #app img, #app svg, #app b, #app iframe, #app u").length,
    quote: document.querySelector(".card blockquote").textContent,
    who: document.querySelector(".card .who").textContent,
    outlet: (document.querySelector(".card .outlet") || {}).textContent || "",
  }));
  check(r.flags.every((f) => f === undefined), "no script from the data ran");
  check(r.injected === 0, "no element was made from the data's markup");
  check(r.quote.includes("<script>window.__xss2=1</script>"), "the quote shows its <script> as text: " + r.quote);
  check(r.quote.includes("<img src=x onerror=window.__xss3=1>"), "the quote shows its <img> as text");
  check(r.who.includes("<script>window.__xss1=1</script>"), "the speaker shows its <script> as text: " + r.who);
  check(r.outlet.includes("<i>Outlet</i>"), "the outlet shows its markup as text");
  await page.screenshot({ path: path.join(ARTIFACTS, "xss-search.png"), fullPage: true });

  // The speaker page and the document view show them as text as well.
  await page.click(".card .who a.speaker");
  await page.waitForSelector("h1.speaker-name");
  check((await page.textContent("h1.speaker-name")).includes("<script>"), "the speaker page's title is text");
  await page.goBack();
  await page.waitForSelector(".card a.context");
  await page.click(".card a.context");
  await page.waitForSelector(".doc mark.here");
  const d = await page.evaluate(() => ({
    title: document.querySelector("h1").textContent,
    links: Array.from(document.querySelectorAll("#app a")).map((a) => a.getAttribute("href")),
    injected: document.querySelectorAll("#app script, #app img, #app svg, #app iframe, #app u, #app i, .doc .text b, h1 *").length,
    flags: [window.__xss, window.__xss1, window.__xss2, window.__xss3, window.__xss4, window.__xss5],
  }));
  check(d.title.includes("<script>"), "the document title is text");
  check(d.links.every((h) => !/^\s*javascript:/i.test(h)), "a javascript: url is not linked");
  check(d.injected === 0 && d.flags.every((f) => f === undefined), "the document view runs and makes nothing");
  await page.screenshot({ path: path.join(ARTIFACTS, "xss-document.png"), fullPage: true });
}

/* The chart of the page: what it says it drew (data-periods, data-ticks,
 * data-bars) and, per period slot, the coloured pixels of the canvas in
 * the slot's columns.  Slots divide the plot area (.u-over) evenly, one a
 * period, in order. */
async function chartSlots(page, by) {
  await page.waitForFunction((b) => {
    const box = document.querySelector(".chartbox");
    return box && box.dataset.by === b && box.dataset.bars && box.dataset.ticks && box.querySelector(".uplot canvas");
  }, by);
  return page.evaluate(() => {
    const box = document.querySelector(".chartbox");
    const cv = box.querySelector(".uplot canvas");
    const over = box.querySelector(".uplot .u-over").getBoundingClientRect();
    const cr = cv.getBoundingClientRect();
    const sx = cv.width / cr.width, sy = cv.height / cr.height;
    const periods = JSON.parse(box.dataset.periods);
    const g = cv.getContext("2d").getImageData(0, 0, cv.width, cv.height).data;
    const top = Math.round((over.top - cr.top) * sy), bottom = Math.round((over.bottom - cr.top) * sy);
    const slotW = (over.width * sx) / periods.length;
    const left0 = (over.left - cr.left) * sx;
    const slots = periods.map((p, i) => {
      // the slot's columns but a pixel at each edge (antialiasing)
      const a = Math.ceil(left0 + i * slotW + 1), z = Math.floor(left0 + (i + 1) * slotW - 1);
      let coloured = 0;
      const colours = new Set();
      for (let x = a; x <= z; x++)
        for (let y = top; y < bottom; y++) {
          const o = (y * cv.width + x) * 4;
          const [r, gg, bb, al] = [g[o], g[o + 1], g[o + 2], g[o + 3]];
          if (al > 200 && (Math.max(r, gg, bb) - Math.min(r, gg, bb)) > 60) {
            coloured++;
            colours.add((r >> 4) + "," + (gg >> 4) + "," + (bb >> 4));
          }
        }
      return { period: p, coloured, colours: colours.size };
    });
    return { periods, ticks: JSON.parse(box.dataset.ticks), bars: JSON.parse(box.dataset.bars),
             points: Number(box.dataset.points), slots };
  });
}

function barKey(b) { return b.period + " " + b.series + " " + b.count; }

/* The periods from FIRST to LAST (YYYY-MM-DD) DAYS apart. */
function daysFrom(first, last, days) {
  const out = [];
  for (let t = Date.parse(first + "T00:00:00Z"); t <= Date.parse(last + "T00:00:00Z"); t += days * 86400000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

async function timelineScenario(page, problems) {
  // The topic: two statements in March (two speakers), one in June.
  await page.goto(base + "/#/topic/ceasefire");
  await page.waitForSelector("h1.topic-name");
  let c = await chartSlots(page, "month");
  check(JSON.stringify(c.periods) === JSON.stringify(["2025-03-01", "2025-04-01", "2025-05-01", "2025-06-01"]),
    "by month: one slot a month from March to June: " + JSON.stringify(c.periods));
  check(JSON.stringify(c.ticks) === JSON.stringify(["Mar 2025", "Apr 2025", "May 2025", "Jun 2025"]),
    "by month: the ticks are the months: " + JSON.stringify(c.ticks));
  check(JSON.stringify(c.bars.map(barKey).sort()) === JSON.stringify(
    ["2025-03-01 Anna Berg 1", "2025-03-01 Carl Holm 1", "2025-06-01 Anna Berg 1"]),
    "by month: bars in March (Berg and Holm stacked) and June (Berg) only: " + JSON.stringify(c.bars.map(barKey)));
  const [mar, apr, may, jun] = c.slots;
  check(mar.coloured > 100 && mar.colours >= 2, "March's slot is drawn in two colours (" + mar.coloured + " px, " + mar.colours + " colours)");
  check(jun.coloured > 100, "June's slot is drawn (" + jun.coloured + " px)");
  check(mar.coloured > jun.coloured * 1.5, "March's stack is taller than June's bar (" + mar.coloured + " vs " + jun.coloured + ")");
  check(apr.coloured === 0 && may.coloured === 0, "April and May are empty slots, nothing drawn through them (" + apr.coloured + ", " + may.coloured + ")");
  await page.screenshot({ path: path.join(ARTIFACTS, "timeline-month.png"), fullPage: true });

  // By week: a slot per week (Mondays), bars in three of them.
  await page.click(".seg button[data-by=week]");
  c = await chartSlots(page, "week");
  const weeks = daysFrom("2025-03-03", "2025-06-16", 7);
  check(JSON.stringify(c.periods) === JSON.stringify(weeks), "by week: one slot a week, Mondays, March 3 to June 16 (" + c.periods.length + ")");
  check(c.ticks.length >= 2 && c.ticks[0] === "3 Mar 2025" && c.ticks.every((t) => weeks.some((w) =>
    t === String(Number(w.slice(8))) + " " + ["Jan", "Feb", "Mar", "Apr", "May", "Jun"][Number(w.slice(5, 7)) - 1] + " 2025")),
    "by week: the ticks are weeks' Mondays: " + JSON.stringify(c.ticks));
  check(JSON.stringify(c.bars.map(barKey).sort()) === JSON.stringify(
    ["2025-03-03 Anna Berg 1", "2025-03-17 Carl Holm 1", "2025-06-16 Anna Berg 1"]),
    "by week: bars in the weeks of March 3, March 17 and June 16: " + JSON.stringify(c.bars.map(barKey)));
  const drawnWeeks = c.slots.filter((x) => x.coloured > 0).map((x) => x.period);
  check(JSON.stringify(drawnWeeks) === JSON.stringify(["2025-03-03", "2025-03-17", "2025-06-16"]),
    "by week: only those three slots have colour: " + JSON.stringify(drawnWeeks));
  await page.screenshot({ path: path.join(ARTIFACTS, "timeline-week.png"), fullPage: true });

  // The speaker: her names and titles with their dates, her chart by topic.
  await page.goto(base + "/#/speakers");
  await page.locator("table.list a", { hasText: "Anna Berg" }).click();
  await page.waitForSelector("h1.speaker-name");
  await page.waitForSelector("table.names");
  const rows = (sel) => page.$$eval(sel + " tr", (trs) => trs.slice(1).map((tr) => Array.from(tr.cells).map((td) => td.textContent)));
  const names = await rows("table.names");
  check(JSON.stringify(names) === JSON.stringify([["Anna Berg", "2025-03-04", "2025-06-18", "2"], ["Berg", "2025-06-25", "2025-06-25", "1"]]),
    "her names, each with its first and last date and count: " + JSON.stringify(names));
  const roles = await rows("table.roles");
  check(JSON.stringify(roles) === JSON.stringify([["Defence Minister", "", "2025-03-04", "2025-03-04", "1"],
    ["Prime Minister", "", "2025-06-18", "2025-06-18", "1"], ["Mr", "", "2025-06-25", "2025-06-25", "1"]]),
    "her titles over time, first seen first: " + JSON.stringify(roles));
  c = await chartSlots(page, "month");
  check(JSON.stringify(c.ticks) === JSON.stringify(["Mar 2025", "Apr 2025", "May 2025", "Jun 2025"]), "her chart: month ticks");
  check(JSON.stringify(c.bars.map(barKey).sort()) === JSON.stringify(
    ["2025-03-01 ceasefire 1", "2025-06-01 ceasefire 1", "2025-06-01 other 1"]),
    "her chart: bars by topic, what has no topic as 'other': " + JSON.stringify(c.bars.map(barKey)));
  check(c.slots[1].coloured === 0 && c.slots[2].coloured === 0, "her chart: April and May empty");
  await page.screenshot({ path: path.join(ARTIFACTS, "timeline-speaker.png"), fullPage: true });
}

(async () => {
  let b;
  try {
    b = await launch();
    if (scenario === "search") await search(b.page, b.problems);
    else if (scenario === "xss") await xss(b.page, b.problems);
    else if (scenario === "timeline") await timelineScenario(b.page, b.problems);
    else throw new Error("unknown scenario " + scenario);
    check(b.problems.length === 0, "no errors in the page" + (b.problems.length ? ": " + b.problems.join("; ") : ""));
    console.log("screenshots in " + ARTIFACTS);
  } catch (e) {
    console.error("FAIL: " + e.message);
    if (b) {
      try { await b.page.screenshot({ path: path.join(ARTIFACTS, scenario + "-failure.png"), fullPage: true }); } catch (x) { /* none */ }
      if (b.problems.length) console.error(b.problems.join("\n"));
    }
    process.exitCode = 1;
  } finally {
    if (b) {
      await b.ctx.close().catch(() => {});
      fs.rmSync(b.profile, { recursive: true, force: true });
    }
  }
})();
