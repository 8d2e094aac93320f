// bench/console-render.mjs -- the time from navigation to the queue's rows
// on screen, in headless Chromium, for an auditor already signed in (the
// session is put in sessionStorage before the page loads).  Prints JSON.
// Environment: BASE, TOKEN, ROWS (rows to wait for), RUNS, CHROMIUM,
// CONSOLE_TESTS (tests/console, whose node_modules has playwright-core).
import { createRequire } from "node:module";

const require = createRequire(process.env.CONSOLE_TESTS + "/package.json");
const { chromium } = require("playwright-core");
const ROWS = Number(process.env.ROWS || 50);
const RUNS = Number(process.env.RUNS || 10);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const cold = [], warm = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript((t) => sessionStorage.setItem("smartbank.session", t), process.env.TOKEN);
    const page = await context.newPage();
    for (const list of [cold, warm]) {
      // A new page load each time: cold (a new context, nothing cached),
      // then warm (the same context: the hashed assets come from cache).
      await page.goto(process.env.BASE + "/console/#/queue", { waitUntil: "commit" });
      await page.waitForFunction((n) => document.querySelectorAll("tbody tr").length >= n, ROWS, { polling: "raf" });
      list.push(await page.evaluate(() => performance.now()));
      await page.goto("about:blank");
    }
    await context.close();
  }
} finally {
  await browser.close();
}
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const max = (a) => Math.max(...a);
console.log(JSON.stringify({ cold_median_ms: med(cold), cold_max_ms: max(cold), warm_median_ms: med(warm), warm_max_ms: max(warm), runs: RUNS }));
