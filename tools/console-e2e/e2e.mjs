// The operator console in a real browser (Debian's Chromium, driven by playwright-core) against a running server
// on the embedded model with both keys on: the page loads with nothing from elsewhere and no CSP complaint, is
// read-only until the admin key is given, refuses a bad ratio with the API's message, starts a 20 % prune and sees
// it succeed, activates the variant after confirmation, shows its report, answers in the playground (one variant
// and two side by side), shows live metrics, deletes a variant, works from the keyboard and on a phone-sized
// screen, and passes axe-core's WCAG 2 A/AA rules on every view.
//   node e2e.mjs --base http://127.0.0.1:PORT --admin KEY --inference KEY --image scene.png --out DIR
//        [--screenshots docs/console]   (where the README's pictures are written; default: DIR/screenshots)
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith("--")) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
for (const k of ["base", "admin", "inference", "image", "out"]) {
  if (!args[k]) throw new Error(`--${k} is required`);
}
const base = args.base.replace(/\/$/, "");
const shots = args.screenshots || join(args.out, "screenshots");
mkdirSync(shots, { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const VARIANT = "console20";

const steps = [];
async function step(name, f) {
  const t0 = Date.now();
  process.stdout.write(`- ${name} … `);
  await f();
  const s = ((Date.now() - t0) / 1000).toFixed(1);
  steps.push(`${s.padStart(6)} s  ${name}`);
  console.log(`ok (${s} s)`);
}
function check(cond, message) {
  if (!cond) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
const problems = [];
let expectViolation = false;

async function newPage(options) {
  const context = await browser.newContext({ ...options, serviceWorkers: "block" });
  const page = await context.newPage();
  page.on("console", (m) => {
    // The API's deliberate 4xx answers (no key, a bad ratio) are logged by Chromium as failed loads; responses are
    // checked below instead. Anything else (a CSP refusal above all) is a failure.
    if (m.type() !== "error" || expectViolation) return;
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) return;
    problems.push(`console error: ${m.text()}`);
  });
  page.on("response", (r) => {
    const apiRefusal = [401, 403, 409, 422].includes(r.status()) && new URL(r.url()).pathname.startsWith("/v1/");
    if (r.status() >= 400 && !apiRefusal) problems.push(`${r.status()} for ${r.url()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => {
    if (!r.url().startsWith(`${base}/`) && !r.url().startsWith("blob:")) problems.push(`request elsewhere: ${r.url()}`);
  });
  return page;
}

async function axe(page, view) {
  await page.evaluate(axeSource); // through the debugger protocol: not an inline script, the CSP does not apply
  const result = await page.evaluate(() => globalThis.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  check(!bad.length, `axe on ${view}: ${bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × `
    + `${v.nodes[0].target.join(" ")}`).join("; ")}`);
  return result.violations.length;
}

async function go(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
}

async function setKeys(page, { admin = "", inference = "" }) {
  await page.click("#keys summary");
  await page.fill("#admin-key", admin);
  await page.fill("#inference-key", inference);
  await page.click("#keys button[type=submit]");
}

const page = await newPage({ viewport: { width: 1280, height: 860 } });
const axeCounts = {};

try {
  await step("load: / redirects to the console, CSP on, modules from this origin", async () => {
    const res = await page.goto(`${base}/`);
    check(page.url() === `${base}/console/`, `landed on ${page.url()}`);
    const csp = res.headers()["content-security-policy"] || "";
    check(csp.includes("script-src 'self'") && !csp.includes("unsafe"), `CSP: ${csp}`);
    await page.waitForSelector("#view h2");
    check((await page.title()).includes("lvlm-serve"), "title");
  });

  await step("CSP: an injected inline script does not run", async () => {
    expectViolation = true;
    const ran = await page.evaluate(() => new Promise((resolve) => {
      document.addEventListener("securitypolicyviolation", () => resolve(window.__inline === 1), { once: true });
      const s = document.createElement("script");
      s.textContent = "window.__inline = 1";
      document.body.append(s);
      setTimeout(() => resolve(window.__inline === 1), 2000);
    }));
    expectViolation = false;
    check(!ran, "an inline script ran");
  });

  await step("no keys: the API's refusal is shown; inference key: read-only variants", async () => {
    await page.waitForSelector("#banner:not([hidden])");
    check((await page.textContent("#banner")).includes("API key"), "banner names the missing key");
    await setKeys(page, { inference: args.inference });
    await page.waitForSelector("tr[data-variant]");
    check((await page.textContent("#mode")).startsWith("Read-only"), "read-only mode");
    check(await page.isDisabled("tr[data-variant] button >> nth=0"), "actions disabled without the admin key");
    await go(page, "#/jobs");
    await page.waitForSelector("text=enter the admin key");
  });

  await step("admin key: operator mode; a bad ratio is refused with the API's message", async () => {
    await setKeys(page, { admin: args.admin, inference: args.inference });
    check((await page.textContent("#mode")) === "Operator mode", "operator mode");
    await go(page, "#/prune");
    await page.waitForSelector("#f-ratio");
    await page.fill("#f-ratio", "0.9");
    await page.click("#prune-form button[type=submit]");
    await page.waitForFunction(() => document.querySelector("#f-ratio-error").textContent.length > 0);
    const msg = await page.textContent("#f-ratio-error");
    check(msg.includes("ratio must be in [0, 0.5)") && msg.includes("0.9"), `ratio message: ${msg}`);
    check((await page.getAttribute("#f-ratio", "aria-invalid")) === "true", "the field is marked invalid");
    check(await page.evaluate(() => document.activeElement.id === "f-ratio"), "focus moves to the field");
    await page.screenshot({ path: join(shots, "prune-form.png"), fullPage: true });
    axeCounts.prune = await axe(page, "prune");
  });

  await step("start a 20 % prune and watch it reach succeeded", async () => {
    await page.fill("#f-ratio", "0.2");
    await page.fill("#f-name", VARIANT);
    await page.fill("#f-cal-size", "16");
    await page.check("#f-gate");
    await page.fill("#f-gate-min", "0.5");
    await page.fill("#f-gate-samples", "8");
    await page.click("#prune-form button[type=submit]");
    await page.waitForFunction(() => location.hash === "#/jobs");
    const row = "tr[data-job]:has-text('" + VARIANT + "')";
    await page.waitForSelector(row);
    // a picture of the job midway (best effort: a fast machine may finish first)
    const midway = await page.waitForFunction((name) => [...document.querySelectorAll("tr[data-job]")].some((tr) =>
      tr.textContent.includes(name) && tr.dataset.state === "running" && tr.querySelector("progress").value > 20),
    VARIANT, { timeout: 60_000, polling: 100 }).catch(() => null);
    if (midway) await page.screenshot({ path: join(shots, "jobs-running.png"), fullPage: true });
    await page.waitForSelector(`${row}[data-state=succeeded]`, { timeout: 180_000 });
    const text = await page.textContent(row);
    check(text.includes("100 %") && text.includes("gate passed"), `job row: ${text}`);
    await page.screenshot({ path: join(shots, "jobs.png"), fullPage: true });
    axeCounts.jobs = await axe(page, "jobs");
  });

  await step("cancel a running prune from the job list, after confirmation", async () => {
    await go(page, "#/prune");
    await page.waitForSelector("#f-ratio");
    await page.fill("#f-ratio", "0.3");
    await page.fill("#f-name", "console-cancelled");
    await page.fill("#f-cal-size", "4000"); // long enough to be caught running
    await page.click("#prune-form button[type=submit]");
    await page.waitForFunction(() => location.hash === "#/jobs");
    const row = "tr[data-job]:has-text('console-cancelled')";
    await page.click(`${row} button:has-text("Cancel")`);
    await page.click("#confirm-ok");
    await page.waitForSelector(`${row}[data-state=cancelled]`, { timeout: 60_000 });
  });

  await step("activate it after confirmation; it becomes the default", async () => {
    await go(page, "#/variants");
    const row = `tr[data-variant="${VARIANT}"]`;
    await page.waitForSelector(row);
    await page.click(`${row} button:has-text("Activate")`);
    await page.waitForSelector("#confirm[open]");
    await page.click("#confirm button[value=cancel]");
    check(!(await page.textContent(row)).includes("default"), "cancel leaves the default alone");
    await page.click(`${row} button:has-text("Activate")`);
    await page.click("#confirm-ok");
    await page.waitForSelector(`${row} .badge.default`);
    await page.screenshot({ path: join(shots, "variants.png"), fullPage: true });
    axeCounts.variants = await axe(page, "variants");
  });

  await step("the variant's report: recipe, similarity heatmap, widths, quality vs ratio, PNG", async () => {
    await page.click(`a[href="#/variant/${VARIANT}"]`);
    await page.waitForSelector("img.report");
    await page.waitForFunction(() => document.querySelector("img.report").naturalWidth > 0);
    check(await page.isVisible("canvas[aria-label^='Layer-similarity heatmap']"), "heatmap");
    check(await page.isVisible("canvas[aria-label^='Heads per retained layer']"), "widths");
    check(await page.isVisible("canvas[aria-label^='Retention against ratio']"), "quality vs ratio");
    check((await page.textContent("#view")).includes("No recovery ran"), "no recovery on this server");
    await page.screenshot({ path: join(shots, "report.png"), fullPage: true });
    axeCounts.report = await axe(page, "report");
  });

  await step("playground: one answer, then the same question to two variants side by side", async () => {
    await go(page, "#/playground");
    await page.waitForSelector("#pg-model option[value='" + VARIANT + "']", { state: "attached" });
    await page.setInputFiles("#pg-image", args.image);
    await page.waitForSelector("#pg-preview img");
    await page.click("#playground-form button[type=submit]");
    await page.waitForSelector("#answers .answer .text", { timeout: 60_000 });
    check((await page.textContent("#answers")).includes(VARIANT), "the default (now the variant) answered");
    await page.selectOption("#pg-compare", "scenes-llava-16l");
    await page.click("#playground-form button[type=submit]");
    await page.waitForFunction(() => document.querySelectorAll("#answers .answer .text").length === 2,
      null, { timeout: 60_000 });
    const latencies = await page.$$eval("#answers .answer", (cards) => cards.map((c) => c.textContent));
    check(latencies.every((t) => /Latency \(page\)\d/.test(t)), `latencies: ${latencies}`);
    await page.screenshot({ path: join(shots, "playground.png"), fullPage: true });
    axeCounts.playground = await axe(page, "playground");
  });

  await step("metrics: live samples/s, p50/p99, queue and batch size from the service", async () => {
    await go(page, "#/metrics");
    // traffic while the panel reads: a few questions from outside the page
    const image = readFileSync(args.image).toString("base64");
    const traffic = Array.from({ length: 6 }, (_, i) => new Promise((r) => setTimeout(r, 600 * i)).then(() =>
      fetch(`${base}/v1/vqa`, { method: "POST", headers: { "Content-Type": "application/json",
        Authorization: `Bearer ${args.inference}` }, body: JSON.stringify({ image, question: "Describe the image.",
        max_new_tokens: 8 }) })));
    await Promise.all(traffic);
    await page.waitForFunction(() => {
      const v = document.querySelector("[data-metric=p99] .value");
      return v && /\d/.test(v.textContent);
    }, null, { timeout: 20_000 });
    check(/\d/.test(await page.textContent("[data-metric=samples-per-second] .value")), "samples/s");
    await page.waitForSelector("#metric-charts canvas");
    await page.screenshot({ path: join(shots, "metrics.png"), fullPage: true });
    axeCounts.metrics = await axe(page, "metrics");
  });

  await step("phone-sized screen: no page-wide horizontal scroll; screenshots", async () => {
    const phone = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
      deviceScaleFactor: 2 });
    await phone.goto(`${base}/console/`);
    await setKeys(phone, { admin: args.admin, inference: args.inference });
    for (const [view, selector] of [["variants", `tr[data-variant="${VARIANT}"]`], ["prune", "#f-ratio"],
      ["jobs", "tr[data-job]"], ["playground", "#pg-image"]]) {
      await go(phone, `#/${view}`);
      await phone.waitForSelector(selector, { state: "attached" });
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      check(overflow <= 0, `${view} overflows the phone's width by ${overflow} px`);
      await phone.screenshot({ path: join(shots, `phone-${view}.png`), fullPage: true });
    }
    await phone.context().close();
  });

  await step("delete: back to the base as default, then delete the variant after confirmation", async () => {
    await go(page, "#/variants");
    await page.waitForSelector('tr[data-variant="scenes-llava-16l"]');
    check(await page.isDisabled(`tr[data-variant="${VARIANT}"] button:has-text("Delete")`), "the default cannot be deleted");
    await page.click('tr[data-variant="scenes-llava-16l"] button:has-text("Activate")');
    await page.click("#confirm-ok");
    await page.waitForSelector('tr[data-variant="scenes-llava-16l"] .badge.default');
    await page.click(`tr[data-variant="${VARIANT}"] button:has-text("Delete")`);
    await page.click("#confirm-ok");
    await page.waitForSelector(`tr[data-variant="${VARIANT}"]`, { state: "detached" });
  });

  await step("keyboard: skip link, sections and the key panel without a mouse", async () => {
    await go(page, "#/variants");
    await page.reload(); // focus starts at the top of a freshly loaded page
    await page.waitForSelector("tr[data-variant]");
    await page.keyboard.press("Tab");
    check(await page.evaluate(() => document.activeElement.classList.contains("skip")), "skip link first");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter"); // the second section link: New prune
    // the hash changes first, the view and the focus follow on hashchange
    await page.waitForFunction(() => location.hash === "#/prune" && document.activeElement.id === "main", null,
      { timeout: 5000 }).catch(() => { throw new Error("focus did not move to the content"); });
  });

  check(!problems.length, `the browser reported:\n  ${problems.join("\n  ")}`);
} finally {
  await browser.close();
}
console.log("console e2e: all passed");
console.log(`axe violations of minor/moderate impact per view (serious/critical fail): ${JSON.stringify(axeCounts)}`);
console.log(steps.join("\n"));
