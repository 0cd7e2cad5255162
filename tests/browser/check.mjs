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
// - reads only the first screen (375×812 and 1280×800): every sprint, team, release and
//   portfolio page shows its headline (where things stand, in figures) without scrolling;
// - at 375 px, with every <details> open, fails on any table cell that ends beyond the screen,
//   unless its table is marked as scrolling (`.table-wrap.scrolls`) and shows its cue;
// - prints the example's sprint 4 and the portfolio (--print) to PDF on A4 and Letter, as
//   Chromium's print does: every printed page carries the page's title, the as-of date and
//   "Page N of M"; no page but the last is more than a third blank unless the next one starts
//   a section; sprint 4 fails over 8 pages (the PDFs are kept in the screenshot folder);
// - runs the Nu HTML Checker (vnu) on every page and its CSS checker on every stylesheet, and
//   fails on any error;
// - checks that the portfolio's table keeps one line per team at both widths;
// - reads the link preview's tags of every sprint, team, release and portfolio page (Open
//   Graph and Twitter card: title, description, og:url) and loads each card an og:image names:
//   a 1200×630 image;
// - opens the 404 page at a deep unknown URL and from the folder: styled, nothing failing;
// - saves a screenshot of every page, width and scheme into the screenshot folder.
//
// usage: node check.mjs --sprintgen PATH --root SITE [--screenshots DIR] [--only PAGE,PAGE]
//                       [--print PAGE,PAGE]
// (--only checks those pages of the built site, e.g. `--only index.html` for the portfolio of
// a large synthetic site; --print names the pages to print, by default the example site's
// sprint 4 when the site has it, and the portfolio.)
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

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
// The screens a stakeholder reads first, by width: the headline's figures must be on them.
const screens = { 375: 812, 1280: 800 };
// The printed page's margins (style.css, `@page`), in PDF points: the title and the as-of date
// are above the top one, the page number below the bottom one.
const mm = 72 / 25.4;
const printMargins = { top: 15 * mm, bottom: 14 * mm };
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
// The pages that lead with a headline: the portfolio, every team page, sprint page and release
// page. The portfolio's is its summary of the teams' health.
const headlined = new Map([["index.html", ".portfolio-summary"]]);
for (const name of exports) {
  const team = JSON.parse(readFileSync(join(site, "data", name), "utf8"));
  headlined.set(`${team.team.slug}/index.html`, ".headline-state");
  for (const sprint of team.sprints) headlined.set(`${team.team.slug}/${sprint.slug}/index.html`, ".headline-state");
}
for (const page of pages) if (/^releases\/[^/]+\/index\.html$/.test(page)) headlined.set(page, ".headline-state");
const kinds = new Set([...charted].filter(([page]) => pages.includes(page)).map(([, kind]) => kind));
if (!only && !(kinds.has("team page") && kinds.has("sprint page"))) {
  fail(`the site has no team page or no sprint page with items to check for charts (${exports.length} team exports)`);
}
const printed = args.print ? args.print.split(",") : [examplePrint, "index.html"].filter((page) => existsSync(join(site, page)));
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

// The tables of a phone's page whose cells end beyond the screen, with every <details> open
// (a closed one hides its table until the reader opens it): each is a column the reader
// cannot see, unless the table is marked as scrolling and shows the cue that says so (a
// scroll timeline shows it only while there is more to see, so wait for two frames).
const clippedCells = async (tab) => {
  await tab.evaluate(() => {
    for (const details of document.querySelectorAll("details")) details.open = true;
  });
  await tab.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return tab.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const problems = [];
    for (const table of document.querySelectorAll("table")) {
      const beyond = [...table.querySelectorAll("th, td")]
        .map((cell) => cell.getBoundingClientRect())
        .filter((box) => box.width > 0 && box.right > width + 0.5);
      if (!beyond.length) continue;
      const wrap = table.closest(".table-wrap");
      const cue = wrap?.querySelector(":scope > .scroll-cue");
      const cueShown = cue && cue.getBoundingClientRect().height > 0 && getComputedStyle(cue).visibility === "visible";
      if (wrap?.classList.contains("scrolls") && cueShown) continue;
      const name = wrap?.getAttribute("aria-label") ?? table.querySelector("caption")?.textContent ?? table.className;
      const by = Math.round(Math.max(...beyond.map((box) => box.right)) - width);
      problems.push(`table "${name}" has ${beyond.length} cells beyond the screen (by ${by}px) and no scroll cue`);
    }
    return problems;
  });
};

// The pages whose links unfurl into a preview: the portfolio, every team, sprint and release
// page. Each must carry its Open Graph and Twitter-card tags, and the card an `og:image` names
// must load as a 1200×630 image.
const previewed = new Set(["index.html"]);
for (const name of exports) {
  const team = JSON.parse(readFileSync(join(site, "data", name), "utf8"));
  previewed.add(`${team.team.slug}/index.html`);
  for (const sprint of team.sprints) previewed.add(`${team.team.slug}/${sprint.slug}/index.html`);
}
const releaseExports = join(site, "data", "releases");
for (const name of existsSync(releaseExports) ? readdirSync(releaseExports) : []) {
  previewed.add(`releases/${name.replace(/\.json$/, "")}/index.html`);
}
let cardsLoaded = 0;

// A printed PDF's lines, page by page: the text items of each line (by their baseline, from
// the top of the page) joined left to right.
const pdfLines = async (pdf) => {
  const document = await getDocument({ data: new Uint8Array(pdf), disableFontFace: true, verbosity: 0 }).promise;
  const pages = [];
  for (let n = 1; n <= document.numPages; n++) {
    const page = await document.getPage(n);
    const height = page.view[3];
    const { items } = await page.getTextContent();
    const lines = new Map();
    for (const item of items.filter((i) => i.str.trim())) {
      const y = Math.round(height - item.transform[5]);
      const key = [...lines.keys()].find((k) => Math.abs(k - y) <= 2) ?? y;
      lines.set(key, [...(lines.get(key) ?? []), item]);
    }
    pages.push({
      height,
      lines: [...lines].sort(([a], [b]) => a - b).map(([y, parts]) => ({ y, text: parts.sort((a, b) => a.transform[4] - b.transform[4]).map((p) => p.str).join(" ").replace(/\s+/g, " ") })),
    });
  }
  return pages;
};

// What is wrong with a printed page: no title, as-of date or page number in its margins; more
// than a third of it blank when the next page does not start a section (`headings`: the
// page's <h2> texts). Blank is measured from the last line of text above the bottom margin.
const printProblems = (pages, title, headings) => {
  const problems = [];
  pages.forEach((page, i) => {
    const label = `page ${i + 1} of ${pages.length}`;
    const header = page.lines.filter((l) => l.y < printMargins.top).map((l) => l.text).join(" ");
    const footer = page.lines.filter((l) => l.y > page.height - printMargins.bottom).map((l) => l.text).join(" ");
    const content = page.lines.filter((l) => l.y >= printMargins.top && l.y <= page.height - printMargins.bottom);
    if (!header.replace(/\s/g, "").includes(title.slice(0, 24).replace(/\s/g, ""))) problems.push(`${label} lacks the title "${title}" at its top: "${header}"`);
    if (!/Figures as of \w{3} \d{1,2} \w{3} \d{4}/.test(header)) problems.push(`${label} lacks the as-of date at its top: "${header}"`);
    if (!footer.includes(`Page ${i + 1} of ${pages.length}`)) problems.push(`${label} lacks "Page ${i + 1} of ${pages.length}" at its bottom: "${footer}"`);
    const next = pages[i + 1];
    if (!next || !content.length) return;
    const area = page.height - printMargins.bottom - printMargins.top;
    const blank = (page.height - printMargins.bottom - content[content.length - 1].y) / area;
    const nextFirst = next.lines.find((l) => l.y >= printMargins.top)?.text ?? "";
    const sectionStarts = headings.some((h) => h && nextFirst.replace(/\s/g, "").startsWith(h.slice(0, 20).replace(/\s/g, "")));
    if (blank > 1 / 3 && !sectionStarts) problems.push(`${label} is ${Math.round(blank * 100)}% blank, and page ${i + 2} starts mid-section ("${nextFirst.slice(0, 40)}")`);
  });
  return problems;
};

// The number of pages of a PDF Chromium wrote: its page tree's count.
const pdfPages = (pdf) => {
  const counts = [...pdf.toString("latin1").matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  return counts.length ? Math.max(...counts) : 0;
};

for (const page of pages) {
  for (const width of [375, 1280]) {
    for (const scheme of ["light", "dark"]) {
      const label = `${page} @${width} ${scheme}`;
      const context = await browser.newContext({ viewport: { width, height: screens[width] }, colorScheme: scheme });
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
      if (headlined.has(page)) {
        const headline = await tab.evaluate((selector) => document.querySelector(selector)?.getBoundingClientRect().bottom ?? null, headlined.get(page));
        if (headline === null) fail(`${label}: no headline (${headlined.get(page)})`);
        else if (headline > screens[width]) fail(`${label}: the headline ends at ${Math.round(headline)}px, below the first screen (${screens[width]}px)`);
      }
      // The preview's tags, once per page.
      if (previewed.has(page) && width === 1280 && scheme === "light") {
        const tags = await tab.evaluate(() => Object.fromEntries([...document.head.querySelectorAll("meta[property], meta[name]")].map((m) => [m.getAttribute("property") ?? m.getAttribute("name"), m.content])));
        for (const key of ["description", "og:type", "og:site_name", "og:title", "og:description", "og:url", "twitter:card", "twitter:title", "twitter:description"]) {
          if (!tags[key]) fail(`${label}: no <meta> ${key}`);
        }
        if (tags["og:description"] !== tags.description) fail(`${label}: og:description is not the page's description`);
        if (tags["og:url"] !== base + page.replace(/index\.html$/, "")) fail(`${label}: og:url is ${tags["og:url"]}`);
        if (tags["og:image"]) {
          const size = await tab.evaluate(async (src) => {
            const image = new Image();
            image.src = src;
            await image.decode();
            return [image.naturalWidth, image.naturalHeight];
          }, tags["og:image"]);
          if (size[0] !== 1200 || size[1] !== 630) fail(`${label}: the card ${tags["og:image"]} is ${size[0]}×${size[1]}, not 1200×630`);
          if (tags["twitter:card"] !== "summary_large_image") fail(`${label}: a card without twitter:card summary_large_image`);
          cardsLoaded += 1;
        }
      }
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
      if (width === 375 && scheme === "light") for (const problem of await clippedCells(tab)) fail(`${label}: ${problem}`);
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
    if (count === 0 || (page === examplePrint && count > maxPrintPages)) fail(`${page} prints on ${count} ${format} pages (at most ${maxPrintPages})`);
    // The title each printed page carries: the page's print header, CSS escapes undone.
    const { title, headings } = await tab.evaluate(() => ({
      title: (document.querySelector('style[media="print"]')?.textContent.match(/@top-left\s*\{\s*content:\s*"((?:[^"\\]|\\.)*)"/)?.[1] ?? "")
        .replace(/\\([0-9a-fA-F]{1,6}) ?/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16))),
      headings: [...document.querySelectorAll("h2")].map((h) => h.textContent.trim()),
    }));
    if (!title) fail(`${page}: no print header (a <style media="print"> with @top-left)`);
    for (const problem of printProblems(await pdfLines(pdf), title, headings)) fail(`${page} on ${format}: ${problem}`);
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

// The Nu HTML Checker on every page: zero errors. Its CSS checker predates scroll-driven
// animations (CSS Animations Level 2; Chromium since 115, Safari 26), which the scroll cue of
// a table uses: that one property is not reported as unknown.
const vnuKnown = ["--filterpattern", ".*Property “animation-timeline” doesn't exist.*"];
const vnu = spawnSync("java", ["-jar", join(here, "node_modules", "vnu-jar", "build", "dist", "vnu.jar"), "--errors-only", ...vnuKnown, "--format", "gnu", ...pages.map((p) => join(site, p))], { encoding: "utf8" });
const vnuErrors = `${vnu.stdout}${vnu.stderr}`.trim();
if (vnu.status !== 0 || vnuErrors) fail(`vnu:\n${vnuErrors}`);
// And its CSS checker on every stylesheet: a stray brace makes browsers drop the rule after it.
const stylesheets = walk(site).filter((p) => p.endsWith(".css"));
const vnuCss = spawnSync("java", ["-jar", join(here, "node_modules", "vnu-jar", "build", "dist", "vnu.jar"), "--css", "--errors-only", ...vnuKnown, "--format", "gnu", ...stylesheets], { encoding: "utf8" });
const cssErrors = `${vnuCss.stdout}${vnuCss.stderr}`.trim();
if (stylesheets.length === 0) fail("the site has no stylesheet to check");
if (vnuCss.status !== 0 || cssErrors) fail(`vnu --css:\n${cssErrors}`);

for (const [width, least] of Object.entries(smallestByWidth)) {
  console.log(`smallest chart text at ${width}px: ${least.height.toFixed(1)}px ("${least.text}" on ${least.page})`);
}
const checks = pages.length * 4 + printed.length * 2 + 5;
if (!only && cardsLoaded === 0) fail("no page names a card that loads");
console.log(`${pages.length} pages × 2 widths × 2 colour schemes, ${printed.length * 2} prints, the feed, ${cardsLoaded} preview cards, vnu and vnu --css checked; screenshots in ${screenshots}`);
console.log(`browser: ${checks - Math.min(failures.length, checks)} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
