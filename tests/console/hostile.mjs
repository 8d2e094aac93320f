// Hostile documents in the auditor's console: PDFs whose own JavaScript
// would open a dialog or a fake password prompt, and send what it learns
// elsewhere.  tests/e2e/test_console.py stores them (as a service without
// today's document checks would have) and passes their KYC ids; here an
// auditor opens each one.  Nothing of the document may run: no dialog, no
// request but the console's own, no frame, a page drawn on the canvas.
//
// Environment: BASE, AUDITOR (email), AUDITOR_PASSWORD, KYCS (ids, comma
// separated), CHROMIUM.
import { Tab, check, launch } from "./browser.mjs";

const BASE = process.env.BASE;
const KYCS = (process.env.KYCS || "").split(",");
const origin = new URL(BASE).origin;

const browser = await launch();
const a = new Tab(browser, "auditor", "");
const dialogs = [];
const elsewhere = [];
try {
  await a.open(BASE + "/console/");
  a.page.on("dialog", async (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  a.context.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin + "/") && !u.startsWith("blob:") && !u.startsWith("data:")) elsewhere.push(u);
  });
  await a.heading("Log in");
  await a.page.locator("#email").fill(process.env.AUDITOR);
  await a.page.locator("#password").fill(process.env.AUDITOR_PASSWORD);
  await a.page.keyboard.press("Enter");
  await a.heading("Review queue");
  for (const id of KYCS) {
    await a.page.goto(`${BASE}/console/#/kyc/${id}`);
    await a.heading(/^KYC of /);
    await a.page.locator('[data-testid="scan-pdf"] canvas[data-rendered="1"]').waitFor({ timeout: 20000 });
    // Long enough for an OpenAction or a page-open action to have fired.
    await a.page.waitForTimeout(1500);
    check(await a.page.locator("iframe, embed, object").count() === 0, `${id}: a frame shows the document`);
    check(a.page.frames().length === 1, `${id}: ${a.page.frames().length} frames`);
    // The page is drawn: the canvas is not blank.
    const inked = await a.page.evaluate(() => {
      const c = document.querySelector('[data-testid="scan-pdf"] canvas');
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 128) return true;
      return false;
    });
    check(inked, `${id}: the page is blank`);
  }
  check(dialogs.length === 0, `the document ran code: ${dialogs.join("; ")}`);
  check(elsewhere.length === 0, `requests left the console: ${elsewhere.join(" ")}`);
  check(a.problems.length === 0, a.problems.join("; "));
  console.log(JSON.stringify({ opened: KYCS.length }));
} finally {
  await browser.close();
}
