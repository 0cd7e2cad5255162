// Browser checks for a built sprintgen site (README, "Browser checks"):
// - builds the site with sprintgen and serves it under a subpath (/repo/), as GitHub Pages
//   serves a project site, so broken relative links show up as failed loads;
// - opens every page in headless Chromium at 375 px and 1280 px, in the light and the dark
//   colour scheme, and fails on console errors, failed loads, or horizontal scrolling at 375 px;
// - runs axe-core on every page and scheme and fails on serious or critical violations;
// - checks that every team page and every sprint page with items has a chart, that every
//   chart is an accessible SVG, and that the feed parses as XML;
// - measures the smallest chart text on every page (each SVG text's box, and the text of the
//   HTML keys beside the charts) at 375 px and 1280 px, and fails under 10 CSS px;
// - prints the example's sprint 4 (--print) to PDF on A4 and Letter, as Chromium's print
//   does, and fails over 8 pages (the PDFs are kept in the screenshot folder);
// - runs the Nu HTML Checker (vnu) on every page and its CSS checker on every stylesheet, and
//   fails on any error;
// - checks that the portfolio's table keeps one line per team at both widths;
// - opens the 404 page at a deep unknown URL and from the folder: styled, nothing failing;
// - saves a screenshot of every page, width and scheme into the screenshot folder.
//
// usage: node check.mjs --sprintgen PATH --root SITE [--screenshots DIR] [--only PAGE,PAGE]
//                       [--print PAGE,PAGE]
// (--only checks those pages of the built site, e.g. `--only index.html` for the portfolio of
// a large synthetic site; --print names the pages to print, by default the example site's
// sprint 4 when the site has it.)
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const sprintgen = args.sprintgen;
const root = args.root;
const screenshots = args.screenshots ?? join(here, "..", "..", "target", "browser-screenshots");
if (!sprintgen || !root) {
  console.error("usage: node check.mjs --sprintgen PATH --root SITE [--screenshots DIR] [--only PAGE,PAGE]");
  process.exit(2);
}
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
// Chart text is legible from this height (CSS px) of its box, at any width.
const minChartText = 10;
// The example's fullest sprint fits a steering meeting in this many pages.
const examplePrint = "alphapulse/sprint-04/index.html";
const maxPrintPages = 8;
const prefix = "/repo/";
const failures = [];
const fail = (message) => {
  failures.push(message);
  console.error(`FAIL ${message}`);
};

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json", ".xml": "application/xml" };
const out = mkdtempSync(join(tmpdir(), "sprintgen-browser-"));
const site = join(out, "public");
const server = createServer((request, response) => {
  const url = new URL(request.url, "http://localhost");
  if (!url.pathname.startsWith(prefix)) {
    response.writeHead(404).end("outside the site");
    return;
  }
  let path = join(site, decodeURIComponent(url.pathname.slice(prefix.length)));
  if (!path.startsWith(site)) {
    response.writeHead(404).end();
    return;
  }
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "index.html");
  if (!existsSync(path)) {
    response.writeHead(404, { "Content-Type": types[".html"] }).end(readFileSync(join(site, "404.html")));
    return;
  }
  response.writeHead(200, { "Content-Type": types[extname(path)] ?? "application/octet-stream" }).end(readFileSync(path));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}${prefix}`;

const build = spawnSync(sprintgen, ["build", "-q", "--root", root, "-o", site, "--base-url", base], { stdio: "inherit" });
if (build.status !== 0) {
  console.error("sprintgen build failed");
  process.exit(1);
}

const walk = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? walk(path) : [path];
});
const only = args.only ? new Set(args.only.split(",")) : null;
const pages = walk(site)
  .filter((p) => p.endsWith(".html"))
  .map((p) => relative(site, p).replaceAll("\\", "/"))
  .filter((p) => !only || only.has(p))
  .sort();
if (only && pages.length !== only.size) fail(`--only names pages the site does not have: ${[...only].join(", ")}`);

// The pages that must show at least one chart, from the teams' JSON exports: every team page
// (velocity), and every sprint page whose sprint has items (burndown). A sprint kept in summary
// form (totals, no items) has no daily values to draw.
const charted = new Map();
const exports = existsSync(join(site, "data")) ? readdirSync(join(site, "data")).filter((name) => name.endsWith(".json")) : [];
for (const name of exports) {
  const team = JSON.parse(readFileSync(join(site, "data", name), "utf8"));
  charted.set(`${team.team.slug}/index.html`, "team page");
  for (const sprint of team.sprints) {
    const lists = sprint.lists;
    const items = lists.completed.length + lists.not_completed.length + lists.removed.length;
    if (items > 0) charted.set(`${team.team.slug}/${sprint.slug}/index.html`, "sprint page");
  }
}
const kinds = new Set([...charted].filter(([page]) => pages.includes(page)).map(([, kind]) => kind));
if (!only && !(kinds.has("team page") && kinds.has("sprint page"))) {
  fail(`the site has no team page or no sprint page with items to check for charts (${exports.length} team exports)`);
}
const printed = args.print ? args.print.split(",") : existsSync(join(site, examplePrint)) ? [examplePrint] : [];
for (const page of printed) if (!existsSync(join(site, page))) fail(`--print names a page the site does not have: ${page}`);
mkdirSync(screenshots, { recursive: true });

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const axeSource = readFileSync(join(here, "node_modules", "axe-core", "axe.min.js"), "utf8");

// The smallest chart text of the page: the box of each SVG text (what its glyphs take on the
// screen, the viewBox's scale included) and of each text of a chart's HTML key.
const smallestChartText = () => {
  const boxes = [...document.querySelectorAll("svg.chart-svg text")].map((t) => [t, t.getBoundingClientRect().height]);
  for (const legend of document.querySelectorAll(".chart-legend")) {
    const texts = document.createTreeWalker(legend, NodeFilter.SHOW_TEXT);
    while (texts.nextNode()) {
      if (!texts.currentNode.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(texts.currentNode);
      boxes.push([texts.currentNode, range.getBoundingClientRect().height]);
    }
  }
  const shown = boxes.filter(([, height]) => height > 0);
  if (!shown.length) return null;
  const [node, height] = shown.reduce((a, b) => (b[1] < a[1] ? b : a));
  return { height, text: node.textContent.trim().slice(0, 30), count: shown.length };
};
const smallestByWidth = {};

// The number of pages of a PDF Chromium wrote: its page tree's count.
const pdfPages = (pdf) => {
  const counts = [...pdf.toString("latin1").matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  return counts.length ? Math.max(...counts) : 0;
};

for (const page of pages) {
  for (const width of [375, 1280]) {
    for (const scheme of ["light", "dark"]) {
      const label = `${page} @${width} ${scheme}`;
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
      const tab = await context.newPage();
      tab.on("console", (message) => message.type() === "error" && fail(`${label}: console error: ${message.text()}`));
      tab.on("pageerror", (error) => fail(`${label}: script error: ${error.message}`));
      tab.on("requestfailed", (request) => fail(`${label}: failed to load ${request.url()}`));
      tab.on("response", (response) => {
        const expected404 = page === "404.html" && response.url() === `${base}404.html`;
        if (response.status() >= 400 && !expected404) fail(`${label}: ${response.status()} for ${response.url()}`);
      });
      await tab.goto(base + page, { waitUntil: "load" });
      if (width === 375) {
        const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) fail(`${label}: scrolls horizontally by ${overflow}px`);
      }
      // The portfolio's table: one line per team, however many teams there are.
      const wrapped = await tab.evaluate(() =>
        [...document.querySelectorAll("table.portfolio tbody tr")].filter((row) => {
          const cell = getComputedStyle(row.querySelector("th"));
          const line = parseFloat(cell.lineHeight) + parseFloat(cell.paddingTop) + parseFloat(cell.paddingBottom);
          return row.getBoundingClientRect().height > line * 1.5;
        }).map((row) => row.querySelector("th").textContent),
      );
      if (wrapped.length) fail(`${label}: ${wrapped.length} portfolio rows take more than one line (${wrapped.slice(0, 3).join(", ")})`);
      const charts = await tab.evaluate(() =>
        [...document.querySelectorAll("svg.chart-svg")].map((svg) => ({
          role: svg.getAttribute("role"),
          title: svg.querySelector(":scope > title")?.textContent ?? "",
          desc: svg.querySelector(":scope > desc")?.textContent ?? "",
        })),
      );
      for (const chart of charts) {
        if (chart.role !== "img" || !chart.title || !chart.desc) fail(`${label}: a chart lacks role="img", <title> or <desc>`);
      }
      if (charted.has(page) && charts.length === 0) fail(`${label}: a ${charted.get(page)} without a chart`);
      // Text sizes do not depend on the colour scheme: measured once per width.
      if (scheme === "light") {
        const smallest = await tab.evaluate(smallestChartText);
        if (smallest && smallest.height < minChartText) {
          fail(`${label}: chart text "${smallest.text}" is ${smallest.height.toFixed(1)}px tall (at least ${minChartText}px)`);
        }
        const least = smallestByWidth[width];
        if (smallest && (!least || smallest.height < least.height)) smallestByWidth[width] = { ...smallest, page };
      }
      await tab.addScriptTag({ content: axeSource });
      const violations = await tab.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ["violations"] });
        return result.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      });
      for (const violation of violations) fail(`${label}: axe: ${violation}`);
      const file = `${page.replaceAll("/", "_").replace(/\.html$/, "")}-${width}-${scheme}.png`;
      await tab.screenshot({ path: join(screenshots, file), fullPage: true });
      await context.close();
    }
  }
}

// Printing: Chromium's print to PDF, on A4 and Letter.
for (const page of printed) {
  for (const format of ["A4", "Letter"]) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(base + page, { waitUntil: "load" });
    const pdf = await tab.pdf({ format });
    const count = pdfPages(pdf);
    const file = `${page.replaceAll("/", "_").replace(/\.html$/, "")}-${format}.pdf`;
    writeFileSync(join(screenshots, file), pdf);
    console.log(`print: ${page} on ${format}: ${count} pages`);
    if (count === 0 || count > maxPrintPages) fail(`${page} prints on ${count} ${format} pages (at most ${maxPrintPages})`);
    await context.close();
  }
}

// The feed must parse as XML.
if (existsSync(join(site, "feed.xml"))) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(base + "index.html");
  const feedError = await tab.evaluate(async (url) => {
    const text = await (await fetch(url)).text();
    const doc = new DOMParser().parseFromString(text, "application/xml");
    return doc.querySelector("parsererror")?.textContent ?? null;
  }, base + "feed.xml");
  if (feedError) fail(`feed.xml does not parse: ${feedError}`);
  await context.close();
} else {
  fail("feed.xml is missing");
}
// The 404 page, as GitHub Pages serves it at any unknown URL of a project site (deep below
// the subpath) and as it opens from a downloaded folder: styled, and nothing fails to load.
if (existsSync(join(site, "404.html"))) {
  for (const [label, url] of [["404 at a deep unknown URL", `${base}no/such/page/here/`], ["404.html from the folder", `file://${join(site, "404.html")}`]]) {
    const context = await browser.newContext({ viewport: { width: 375, height: 900 } });
    const tab = await context.newPage();
    tab.on("requestfailed", (request) => fail(`${label}: failed to load ${request.url()}`));
    await tab.goto(url, { waitUntil: "load" });
    const styled = await tab.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--bg").trim() !== "");
    if (!styled) fail(`${label}: the page is not styled`);
    await context.close();
  }
}
await browser.close();
server.close();

// The Nu HTML Checker on every page: zero errors.
const vnu = spawnSync("java", ["-jar", join(here, "node_modules", "vnu-jar", "build", "dist", "vnu.jar"), "--errors-only", "--format", "gnu", ...pages.map((p) => join(site, p))], { encoding: "utf8" });
const vnuErrors = `${vnu.stdout}${vnu.stderr}`.trim();
if (vnu.status !== 0 || vnuErrors) fail(`vnu:\n${vnuErrors}`);
// And its CSS checker on every stylesheet: a stray brace makes browsers drop the rule after it.
const stylesheets = walk(site).filter((p) => p.endsWith(".css"));
const vnuCss = spawnSync("java", ["-jar", join(here, "node_modules", "vnu-jar", "build", "dist", "vnu.jar"), "--css", "--errors-only", "--format", "gnu", ...stylesheets], { encoding: "utf8" });
const cssErrors = `${vnuCss.stdout}${vnuCss.stderr}`.trim();
if (stylesheets.length === 0) fail("the site has no stylesheet to check");
if (vnuCss.status !== 0 || cssErrors) fail(`vnu --css:\n${cssErrors}`);

for (const [width, least] of Object.entries(smallestByWidth)) {
  console.log(`smallest chart text at ${width}px: ${least.height.toFixed(1)}px ("${least.text}" on ${least.page})`);
}
const checks = pages.length * 4 + printed.length * 2 + 5;
console.log(`${pages.length} pages × 2 widths × 2 colour schemes, ${printed.length * 2} prints, the feed, vnu and vnu --css checked; screenshots in ${screenshots}`);
console.log(`browser: ${checks - Math.min(failures.length, checks)} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
