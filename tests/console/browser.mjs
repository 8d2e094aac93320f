// Debian's Chromium, headless, driven by playwright-core, and what every
// page of the console must satisfy: no console error, no failed request,
// no HTTP error the step did not expect, no CSP violation, no serious or
// critical axe-core violation, no sideways scrolling at phone width.
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const PHONE = { width: 360, height: 780 };
export const DESKTOP = { width: 1280, height: 900 };

export function fail(msg) {
  throw new Error(msg);
}

export function check(ok, msg) {
  if (!ok) fail(msg);
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    // The machine has no network but loopback: no background fetches.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage"],
  });
}

// One user's tab.  name: for messages and screenshots.
export class Tab {
  constructor(browser, name, shots) {
    this.browser = browser;
    this.name = name;
    this.shots = shots;
    this.problems = [];
    this.allowed = []; // [status, RegExp of the path] the current step expects
    this.seen = []; // every API response: {status, path}
  }

  async open(url) {
    this.context = await this.browser.newContext({ viewport: DESKTOP, locale: "en-GB", timezoneId: "UTC" });
    // Before any script of the page: collect CSP violations.  (An init
    // script is injected by the browser, not by the page, so the CSP does
    // not apply to it.)
    await this.context.addInitScript(() => {
      window.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    this.page = await this.context.newPage();
    const p = this.page;
    this.inflight = 0;
    const isApi = (r) => r.url().startsWith("http");
    p.on("request", (r) => { if (isApi(r)) this.inflight++; });
    p.on("requestfinished", (r) => { if (isApi(r)) this.inflight--; });
    p.on("requestfailed", (r) => { if (isApi(r)) this.inflight--; });
    p.on("console", (m) => {
      if (m.type() !== "error") return;
      // The browser's own line for an HTTP error; the response check
      // below judges those.
      if (/^Failed to load resource: the server responded with a status of \d+/.test(m.text())) return;
      this.problems.push(`console error: ${m.text()}`);
    });
    p.on("pageerror", (e) => this.problems.push(`page error: ${e.message}`));
    p.on("requestfailed", (r) => {
      // A blob: URL revoked while the viewer let go of it is not a request
      // to the server.
      if (r.url().startsWith("blob:")) return;
      // A load that a newer one of the same page superseded: the console
      // cancels it on purpose (api.ts latest()); the steps check that what
      // shows is the newer answer.  A failure of the server is not an abort.
      if (r.method() === "GET" && r.failure()?.errorText === "net::ERR_ABORTED") return;
      this.problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`);
    });
    p.on("response", (r) => {
      const path = new URL(r.url()).pathname;
      if (!r.url().startsWith("http")) return;
      // The API's answers only: the console's own files (a late icon or
      // font under a loaded machine) are not requests of the form.
      if (!path.startsWith("/console/") && path !== "/") this.seen.push({ status: r.status(), path });
      if (r.status() < 400) return;
      if (this.allowed.some(([s, re]) => s === r.status() && re.test(path))) return;
      this.problems.push(`unexpected HTTP ${r.status()} for ${r.request().method()} ${path}`);
    });
    // A clock the test moves (a session's last minutes without waiting
    // for them): installed before any script of the page.
    if (this.clock) await p.clock.install();
    const first = await p.goto(url);
    return first;
  }

  // Run fn while HTTP status for paths matching re is expected.
  async expecting(status, re, fn) {
    this.allowed.push([status, re]);
    try {
      await fn();
    } finally {
      this.allowed.pop();
    }
  }

  async heading(text) {
    await this.page.getByRole("heading", { level: 1, name: text }).waitFor({ timeout: 15000 });
  }

  // No request to the server under way for a moment.  (Not Playwright's
  // "networkidle": Chromium's PDF viewer never lets a page reach it.)
  async quiet() {
    let still = 0;
    for (let i = 0; i < 300 && still < 4; i++) {
      still = this.inflight === 0 ? still + 1 : 0;
      await this.page.waitForTimeout(50);
    }
    check(still >= 4, `${this.name}: requests still under way`);
  }

  // The checks every page passes, then its screenshots at both widths.
  async settle(shot) {
    const p = this.page;
    await this.quiet();
    const csp = await p.evaluate(() => window.__csp);
    check(csp.length === 0, `${this.name}/${shot}: CSP violations: ${csp.join("; ")}`);
    await p.evaluate(AXE);
    const found = await p.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    });
    check(found.length === 0, `${this.name}/${shot}: axe: ${found.join("; ")}`);
    check(this.problems.length === 0, `${this.name}/${shot}: ${this.problems.join("; ")}`);
    const storage = await p.evaluate(() => ({ local: localStorage.length, cookies: document.cookie }));
    check(storage.local === 0 && storage.cookies === "", `${this.name}/${shot}: something in localStorage or cookies`);
    if (!this.shots) return;
    mkdirSync(this.shots, { recursive: true });
    for (const [w, size] of [["360", PHONE], ["1280", DESKTOP]]) {
      await p.setViewportSize(size);
      await p.waitForTimeout(50);
      if (w === "360") {
        const wide = await p.evaluate(() => document.documentElement.scrollWidth);
        check(wide <= PHONE.width, `${this.name}/${shot}: ${wide} px wide at phone width`);
      }
      await p.screenshot({ path: `${this.shots}/${shot}-${w}.png`, fullPage: true });
    }
  }

  // Tab through the page (keyboard only) until what matches is focused.
  async tabTo(selector, max = 40) {
    for (let i = 0; i < max; i++) {
      await this.page.keyboard.press("Tab");
      if (await this.page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    }
    fail(`${this.name}: Tab never reached ${selector}`);
  }

  async close() {
    await this.context.close();
  }
}
