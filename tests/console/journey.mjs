// The console's two journeys in a real browser, against a real stack
// (tests/e2e/test_console.py starts it and checks the database after):
// a customer registers, logs in and uploads a PNG; an auditor rejects it
// with notes; the customer reads them and submits a PDF; two auditors race
// on it; the audit log shows what happened.  Prints a JSON summary.
//
// Environment: BASE (http://127.0.0.1:port), AUDITORS (two emails, comma
// separated), AUDITOR_PASSWORD, SHOTS (a directory for screenshots, or
// empty for none), CHROMIUM (default /usr/bin/chromium).
import { readFileSync } from "node:fs";
import { Tab, check, launch } from "./browser.mjs";
import { pdf, png } from "./files.mjs";

const BASE = process.env.BASE;
const [AUD1, AUD2] = (process.env.AUDITORS || "").split(",");
const AUD_PW = process.env.AUDITOR_PASSWORD;
const SHOTS = process.env.SHOTS || "";
const EMAIL = `console-${Date.now()}@example.com`;
const PASSWORD = "securepass123";
const NOTES = "The photo page is cut off; please scan the whole page.";
const summary = { customer_email: EMAIL };

// Log in with the keyboard only: Tab to each field, type, Enter.
async function keyboardLogin(t, email, password) {
  await t.heading("Log in");
  await t.tabTo("#email");
  await t.page.keyboard.press("Control+A");
  await t.page.keyboard.type(email);
  await t.tabTo("#password");
  await t.page.keyboard.type(password);
  await t.page.keyboard.press("Enter");
}

async function customerRegisters(c) {
  const first = await c.open(BASE + "/");
  // / sends browsers to the console; the console's headers.
  check(new URL(c.page.url()).pathname === "/console/", `/ led to ${c.page.url()}`);
  const h = first.headers();
  const csp = h["content-security-policy"] || "";
  check(csp.includes("frame-ancestors 'none'") && csp.includes("script-src 'self'") && !csp.includes("unsafe-inline"),
    `CSP: ${csp}`);
  check(h["x-content-type-options"] === "nosniff", "no nosniff");
  check(h["referrer-policy"] === "no-referrer", "no Referrer-Policy");
  await c.heading("Log in");
  await c.settle("login");

  await c.page.getByRole("link", { name: "Create an account" }).click();
  await c.heading("Create an account");
  // The client's checks: nothing is sent while a field is wrong.
  const before = c.seen.length;
  await c.page.getByRole("button", { name: "Create account" }).click();
  await c.page.locator("[data-field-error]").nth(3).waitFor();
  check(await c.page.locator("[data-field-error]").count() === 4, "four field errors expected");
  check(c.seen.length === before, "a request was sent with invalid fields");
  await c.page.getByLabel("Full name").fill("Asha Verma");
  await c.page.getByLabel("Email").fill(EMAIL);
  await c.page.getByLabel("Mobile number").fill("+919812345678");
  // The server's judgement (a common password), next to its field.
  await c.page.getByLabel("Password").fill("password123");
  await c.expecting(422, /^\/auth\/register$/, async () => {
    await c.page.getByRole("button", { name: "Create account" }).click();
    await c.page.locator('[data-field-error="password"]', { hasText: "too common" }).waitFor();
  });
  check(await c.page.locator("[data-field-error]").count() === 1, "only the password should be marked");
  await c.settle("register-errors");
  await c.page.getByLabel("Password").fill(PASSWORD);
  await c.page.getByRole("button", { name: "Create account" }).click();
  await c.heading("Log in");
  await c.page.getByText("Your account is ready").waitFor();
  check(await c.page.getByLabel("Email").inputValue() === EMAIL, "email not carried to the login page");
}

async function customerUploadsPng(c) {
  await keyboardLogin(c, EMAIL, PASSWORD);
  await c.heading("My KYC");
  await c.page.getByTestId("kyc-status").getByText("PENDING").waitFor();
  check((await c.page.getByTestId("expiry").textContent()).startsWith("Session ends at"), "no expiry shown");
  await c.settle("customer-pending");

  await c.page.getByLabel("Document type").selectOption("passport");
  await c.page.getByText("Passport: a letter and seven digits").waitFor();
  await c.page.getByLabel("Document number").fill("a1234567");
  // Over 5 MiB: refused before anything is sent.
  const before = c.seen.length;
  await c.page.getByLabel("Scan of the document").setInputFiles({
    name: "huge.png", mimeType: "image/png", buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 1) });
  await c.page.locator('[data-field-error="document_file"]', { hasText: "the limit is 5 MiB" }).waitFor();
  await c.page.getByRole("button", { name: "Submit document" }).click();
  check(c.seen.length === before, "an oversized file was sent");
  // The PNG, dropped on the drop zone.
  const bytes = [...png(64, 48)];
  const dt = await c.page.evaluateHandle((b) => {
    const d = new DataTransfer();
    d.items.add(new File([new Uint8Array(b)], "passport.png", { type: "image/png" }));
    return d;
  }, bytes);
  await c.page.getByTestId("dropzone").dispatchEvent("drop", { dataTransfer: dt });
  const preview = c.page.getByAltText("Preview of the chosen scan");
  await preview.waitFor();
  await c.page.waitForFunction(() => {
    const i = document.querySelector("img.preview");
    return i && i.complete && i.naturalWidth === 64;
  });
  check(await c.page.locator('[data-field-error="document_file"]').count() === 0, "the PNG was refused");
  await c.settle("customer-upload");
  await c.page.getByRole("button", { name: "Submit document" }).click();
  await c.page.getByText("Your document was submitted").waitFor();
  await c.page.getByTestId("kyc-status").getByText("SUBMITTED").waitFor();
  await c.page.locator("td.mono", { hasText: "****4567" }).waitFor();
  await c.settle("customer-submitted");
}

// The auditor opens the customer's KYC from the queue, with the keyboard.
async function openFromQueue(a, email) {
  await a.heading("Review queue");
  const row = a.page.locator("tr", { hasText: email });
  await row.waitFor();
  const id = await row.getAttribute("data-kyc-id");
  await a.tabTo(`a[href="#/kyc/${id}"]`);
  await a.page.keyboard.press("Enter");
  await a.heading(/^KYC of /);
  return id;
}

async function auditorRejects(a) {
  await a.open(BASE + "/console/");
  await keyboardLogin(a, AUD1, AUD_PW);
  await a.heading("Review queue");
  await a.settle("queue");
  const id = await openFromQueue(a, EMAIL);
  summary.first_kyc = id;
  // The scan is the image itself, decoded at its natural size.
  const img = a.page.getByTestId("scan-image");
  await img.waitFor();
  await a.page.waitForFunction(() => {
    const i = document.querySelector('[data-testid="scan-image"]');
    return i && i.complete && i.naturalWidth === 64 && i.naturalHeight === 48;
  });
  check((await img.getAttribute("src")).startsWith("blob:"), "the scan is not from a blob");
  check(await a.page.getByTestId("file-facts").textContent() === "image/png, 64 × 48 pixels", "the file's facts");
  // Opening the case claimed it for this auditor (issue 26).
  await a.page.getByTestId("holder").getByText("You are reviewing this case until").waitFor();
  // Zoom and rotate, then back to fit.
  await a.page.getByRole("button", { name: "Zoom in" }).click();
  await a.page.getByRole("button", { name: "Rotate" }).click();
  check(await img.getAttribute("data-zoom") === "1.25" && await img.getAttribute("data-turn") === "90",
    "zoom and rotate did nothing");
  check((await img.getAttribute("style")).includes("rotate(90deg) scale(1.25)"), "the image is not turned");
  await a.page.getByRole("button", { name: "Fit" }).click();
  await a.settle("review-image");
  await a.page.getByLabel("Notes for the customer").fill(NOTES);
  // A rejection needs a reason; the customer's text is shown beside it.
  check(await a.page.getByRole("button", { name: "Reject" }).isDisabled(), "Reject without a reason");
  await a.page.getByLabel("Cropped or incomplete").check();
  await a.page.getByTestId("reason-preview").getByText("Part of the document is cut off").waitFor();
  await a.page.getByRole("button", { name: "Reject" }).click();
  // The confirmation takes the focus: Enter confirms.
  await a.page.getByText("Reject this KYC?").waitFor();
  check(await a.page.evaluate(() => document.activeElement?.textContent) === "Yes, reject", "confirm not focused");
  await a.settle("review-confirm");
  await a.page.keyboard.press("Enter");
  await a.page.getByTestId("decision-result").getByText("KYC rejected successfully").waitFor();
  await a.page.getByTestId("kyc-status").getByText("REJECTED").waitFor();
}

async function customerResubmitsPdf(c) {
  await c.page.reload();
  await c.heading("My KYC");
  await c.page.getByTestId("kyc-status").getByText("REJECTED").waitFor();
  check(await c.page.getByTestId("review-notes").textContent() === NOTES, "the notes are not shown");
  await c.page.getByTestId("reasons").getByText("Part of the document is cut off").waitFor();
  await c.page.getByRole("heading", { name: "Submit your document again" }).waitFor();
  await c.settle("customer-rejected");
  await c.page.getByLabel("Document type").selectOption("pan");
  await c.page.getByLabel("Document number").fill("ABCPE1234F");
  await c.page.getByLabel("Scan of the document").setInputFiles({
    name: "pan.pdf", mimeType: "application/pdf", buffer: pdf("Permanent Account Number ABCPE1234F") });
  await c.page.getByRole("button", { name: "Submit document" }).click();
  await c.page.getByTestId("kyc-status").getByText("SUBMITTED").waitFor();
  check(await c.page.locator("table tbody tr").count() === 2, "the history should list two submissions");
  await c.page.locator("td.mono", { hasText: "******234F" }).waitFor();
  await c.settle("customer-history");
}

// "Your data": the phone corrected, marketing given, and the export
// downloaded as a file that holds what the page shows.
async function customerData(c) {
  await c.page.getByRole("link", { name: "Your data" }).click();
  await c.heading("Your data");
  const marketing = c.page.getByLabel(/Telling you about the bank's own products/);
  await marketing.waitFor();
  const kyc = c.page.getByLabel(/Verifying your identity/);
  check(await kyc.isChecked() && await kyc.isDisabled(), "the required purpose can be unticked");
  check(!(await marketing.isChecked()), "marketing was given without asking");
  await c.settle("data");
  await c.page.getByLabel("Mobile number").fill("+919800011122");
  await c.page.getByRole("button", { name: "Save my details" }).click();
  await c.page.getByText("Your details were corrected.").waitFor();
  await marketing.check();
  await c.page.getByRole("button", { name: "Save my choices" }).click();
  await c.page.getByText("Your choices were saved.").waitFor();
  const [download] = await Promise.all([
    c.page.waitForEvent("download"),
    c.page.getByRole("button", { name: "Download my data" }).click(),
  ]);
  check(download.suggestedFilename() === "smartbank-export.json", `downloaded ${download.suggestedFilename()}`);
  const data = JSON.parse(readFileSync(await download.path(), "utf8"));
  check(data.profile.email === EMAIL && data.profile.phone === "+919800011122", "the export's profile");
  check(data.consents.find((x) => x.purpose === "marketing").given === true, "the export's consents");
  check(data.submissions.length === 2 && data.submissions[1].document_number === "A1234567",
    "the export's submissions");
  summary.exported_entries = data.audit_trail.length;
  await c.page.getByText("Your data was downloaded").waitFor();
  // Erasure says what it does, and a wrong password erases nothing.
  await c.expecting(403, /^\/users\/me\/erasure$/, async () => {
    await c.page.getByLabel("Your password, to confirm").fill("not-my-password");
    await c.page.getByRole("button", { name: "Close my account and erase my data" }).click();
    await c.page.getByText("The password is not right: nothing was erased").waitFor();
  });
  await c.settle("data-saved");
  await c.page.getByRole("link", { name: "My KYC" }).click();
  await c.heading("My KYC");
}

async function auditorsRace(a1, a2) {
  await a2.open(BASE + "/console/");
  await keyboardLogin(a2, AUD2, AUD_PW);
  await a1.page.getByRole("link", { name: "Back to the queue" }).click();
  const id = await openFromQueue(a1, EMAIL);
  summary.second_kyc = id;
  check(id !== summary.first_kyc, "the resubmission has the old id");
  await a1.page.getByTestId("holder").getByText("You are reviewing this case").waitFor();
  // The second auditor finds it held: named, and no decision to make.
  await a2.expecting(409, /^\/kyc\/[0-9a-f]{24}\/claim$/, async () => {
    check(await openFromQueue(a2, EMAIL) === id, "the auditors see different KYCs");
    await a2.page.getByTestId("holder").getByText(`${AUD1} is reviewing this case until`).waitFor();
  });
  check(await a2.page.getByRole("button", { name: "Approve" }).count() === 0, "a held case can be decided");
  for (const a of [a1, a2]) {
    // Drawn by pdf.js on the console's canvas: no frame, no viewer.
    await a.page.locator('[data-testid="scan-pdf"] canvas[data-rendered="1"]').waitFor();
    check(await a.page.locator('[data-testid="scan-pdf"]').getAttribute("data-pages") === "1", "the PDF's pages");
    check(await a.page.locator("iframe, embed, object").count() === 0, "a document is shown in a frame");
  }
  await a1.settle("review-pdf");
  await a2.settle("review-held");
  // The holder approves, with the keyboard, and asks for the next case:
  // there is none that nobody holds.
  await a1.page.getByRole("button", { name: "Approve" }).press("Enter");
  await a1.page.getByRole("button", { name: "Yes, approve" }).press("Enter");
  await a1.page.getByTestId("decision-result").getByText("KYC approved successfully").waitFor();
  await a1.expecting(404, /^\/kyc\/claim-next$/, async () => {
    await a1.page.getByRole("button", { name: "Next case" }).press("Enter");
    await a1.page.getByTestId("decision-result").getByText("Nothing is waiting that nobody holds.").waitFor();
  });
  await a2.page.reload();
  await a2.page.getByTestId("kyc-status").getByText("APPROVED").waitFor();
}

// A customer made through the API, with a text document submitted.
async function submittedThroughApi(i, type = "pan", number = null) {
  const json = (tok) => ({ "Content-Type": "application/json", ...(tok ? { Authorization: "Bearer " + tok } : {}) });
  const email = `keyboard-${Date.now()}-${i}@example.com`;
  let r = await fetch(BASE + "/auth/register", { method: "POST", headers: json(), body: JSON.stringify({
    email, password: "securepass123", name: `Keyboard Customer ${i}`, phone: "+919876543210" }) });
  check(r.status === 201, `register ${r.status}`);
  r = await fetch(BASE + "/auth/login", { method: "POST", headers: json(),
    body: JSON.stringify({ email, password: "securepass123" }) });
  const tok = (await r.json()).access_token;
  r = await fetch(BASE + "/kyc/upload", { method: "POST", headers: json(tok), body: JSON.stringify({
    document_type: type, document_number: number ?? (type === "pan" ? `ABCDE${1000 + i}F` : `P${1000000 + i}`),
    document_data: `${type} of keyboard customer ${i}` }) });
  check(r.status === 200, `upload ${r.status}`);
  return { id: (await r.json()).kyc_id, email };
}

// Five cases reviewed with the keyboard alone: n claims the next, a and
// Enter approve, n again; ? lists the keys.
async function keyboardReview(a) {
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push((await submittedThroughApi(i)).id);
  await a.page.keyboard.press("q");
  await a.heading("Review queue");
  await a.page.keyboard.press("?");
  await a.page.getByTestId("shortcuts").getByText("Claim the next case and open it").waitFor();
  await a.page.keyboard.press("Escape");
  await a.page.getByTestId("shortcuts").waitFor({ state: "detached" });
  await a.page.keyboard.press("n");
  const seen = [];
  for (let i = 0; i < 5; i++) {
    await a.heading(/^KYC of Keyboard Customer /);
    await a.page.getByTestId("holder").getByText("You are reviewing this case").waitFor();
    seen.push(new URL(a.page.url()).hash.split("/").pop());
    await a.page.keyboard.press("a");
    await a.page.getByText("Approve this KYC?").waitFor();
    await a.page.keyboard.press("Enter");
    await a.page.getByTestId("decision-result").getByText("KYC approved successfully").waitFor();
    if (i === 4) break;
    await a.page.keyboard.press("n");
    await a.page.waitForFunction((prev) => !location.hash.endsWith(prev), seen[i]);
  }
  await a.expecting(404, /^\/kyc\/claim-next$/, async () => {
    await a.page.keyboard.press("n");
    await a.page.getByTestId("decision-result").getByText("Nothing is waiting that nobody holds.").waitFor();
  });
  check(JSON.stringify([...seen].sort()) === JSON.stringify([...ids].sort()), `reviewed ${seen}, made ${ids}`);
  summary.keyboard_kycs = seen;
}

// Two auditors work the queue side by side with claim-next and "Approve,
// then the next case": never the same case, every case once.  The queue's
// filters, counters and page live in the URL and come back with "Back to
// the queue"; a search finds a customer's KYC in any status.
async function teamTriage(a1, a2) {
  const made = [];
  // The third has the first one's number: two duplicates.
  for (let i = 20; i < 26; i++) {
    made.push(await submittedThroughApi(i, i % 2 ? "passport" : "pan", i === 22 ? "ABCDE1020F" : null));
  }
  const ids = made.map((m) => m.id);
  await a1.page.getByRole("link", { name: "Back to the queue" }).click();
  await a1.heading("Review queue");
  await a1.page.getByTestId("counters").getByText(/^6 waiting/).waitFor();
  await a1.page.getByLabel("Number").selectOption("yes");
  await a1.page.waitForFunction(() => location.hash.includes("dup=yes"));
  await a1.page.getByTestId("counters").getByText(/^2 waiting/).waitFor();
  const dups = await a1.page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-kyc-id")));
  check(JSON.stringify(dups) === JSON.stringify([made[0].id, made[2].id]), `duplicates ${dups}`);
  check((await a1.page.getByTestId("duplicates").allTextContents()).every((t) => t.includes("1 other customer KYC")),
    "a case the duplicate filter let through has no duplicate");
  await a1.page.getByLabel("Number").selectOption("");
  await a1.page.getByTestId("counters").getByText(/^6 waiting/).waitFor();
  await a1.page.getByLabel("Document type").selectOption("passport");
  await a1.page.waitForFunction(() => location.hash.includes("type=passport"));
  await a1.page.getByTestId("counters").getByText(/^3 waiting/).waitFor();
  check((await a1.page.locator("tbody tr").allTextContents()).every((t) => t.includes("Passport")),
    "the type filter let another type through");
  await a1.settle("queue-filtered");
  await a2.page.keyboard.press("q");
  await a2.heading("Review queue");
  // Both claim at once, then each decides and takes the next in one step.
  const seen = { [AUD1]: [], [AUD2]: [] };
  // Each ends on a claim-next that finds nothing (404).
  const last = /^\/kyc\/claim-next$/;
  await a1.expecting(404, last, () => a2.expecting(404, last, () => Promise.all([[a1, AUD1], [a2, AUD2]].map(async ([t, who]) => {
    await t.page.getByRole("button", { name: "Claim next" }).click();
    for (;;) {
      await t.heading(/^KYC of Keyboard Customer 2/);
      await t.page.getByTestId("holder").getByText("You are reviewing this case").waitFor();
      const id = new URL(t.page.url()).hash.split("/").pop();
      seen[who].push(id);
      await t.page.getByRole("button", { name: "Approve" }).click();
      const done = t.page.getByTestId("decision-result").getByText("Nothing is waiting that nobody holds.");
      await t.page.getByTestId("decide-next").click();
      await Promise.race([done.waitFor(), t.page.waitForFunction((prev) => !location.hash.endsWith(prev), id)]);
      if (await done.count() > 0) break;
    }
  }))));
  const all = [...seen[AUD1], ...seen[AUD2]];
  check(new Set(all).size === all.length, `a case was opened by both: ${JSON.stringify(seen)}`);
  check(JSON.stringify([...all].sort()) === JSON.stringify([...ids].sort()), `reviewed ${all}, made ${ids}`);
  check(seen[AUD1].length > 0 && seen[AUD2].length > 0, `one auditor did all: ${JSON.stringify(seen)}`);
  summary.team = seen;
  // Back to the queue as it was: the filter kept, nothing left to review.
  await a1.page.getByRole("link", { name: "Back to the queue" }).click();
  await a1.page.waitForFunction(() => location.hash.startsWith("#/queue?") && location.hash.includes("type=passport"));
  await a1.page.getByTestId("counters").getByText(/^0 waiting/).waitFor();
  check(await a1.page.getByLabel("Document type").inputValue() === "passport", "the filter was lost");
  // A search by email finds that customer's KYC, approved.
  await a1.page.getByLabel("Search for").fill(made[0].email.toUpperCase());
  await a1.page.getByRole("button", { name: "Search", exact: true }).click();
  await a1.page.locator(`tr[data-kyc-id="${made[0].id}"]`).getByTestId("status").getByText("approved").waitFor();
  check(await a1.page.locator("tbody tr").count() === 1, "the search found others");
  await a1.settle("queue-search");
  await a1.page.getByRole("button", { name: "Clear search" }).click();
  await a1.page.getByLabel("Document type").selectOption("");
}

async function auditLog(a) {
  await a.page.getByRole("link", { name: "Audit log" }).click();
  await a.heading("Audit log");
  await a.page.getByTestId("audit").waitFor();
  const rows = await a.page.locator("tbody tr").count();
  check(rows > 5, "the audit log is nearly empty");
  // The first page: nothing before it; a next page only after a full one.
  const pager = a.page.getByRole("navigation", { name: "Audit log pages" });
  check(await pager.getByRole("button", { name: "Newest" }).isDisabled(), "Newest enabled on the first page");
  check(await pager.getByRole("button", { name: "Next page" }).isDisabled() === (rows < 25), "Next page wrong");
  await a.page.getByLabel("Action").selectOption("KYC_REJECTED");
  await a.page.getByRole("button", { name: "Apply filters" }).click();
  await a.page.waitForFunction(() => {
    const rows = [...document.querySelectorAll("tbody tr")];
    return rows.length > 0 && rows.every((r) => r.getAttribute("data-action") === "KYC_REJECTED");
  });
  summary.rejected_rows = await a.page.locator("tbody tr").count();
  // A bad filter is the server's 422, said plainly.
  await a.page.getByLabel("Action").selectOption("");
  await a.page.getByLabel("User id").fill("not-an-id");
  await a.expecting(422, /^\/audit\/logs$/, async () => {
    await a.page.getByRole("button", { name: "Apply filters" }).click();
    await a.page.getByRole("alert").getByText(/user_id/).waitFor();
  });
  await a.page.getByRole("button", { name: "Clear" }).click();
  await a.page.locator('tbody tr[data-action="KYC_APPROVED"]').first().waitFor();
  // Two filters in quick succession: the second's answer is what shows,
  // never the first's arriving after it (the first is cancelled).
  await a.page.getByLabel("Action").selectOption("KYC_VIEWED");
  await a.page.getByRole("button", { name: "Apply filters" }).click();
  await a.page.getByLabel("Action").selectOption("KYC_CLAIMED");
  await a.page.getByRole("button", { name: "Apply filters" }).click();
  const onlyClaims = () => {
    const rows = [...document.querySelectorAll("tbody tr")];
    return rows.length > 0 && rows.every((r) => r.getAttribute("data-action") === "KYC_CLAIMED");
  };
  await a.page.waitForFunction(onlyClaims);
  await a.quiet();
  check(await a.page.evaluate(onlyClaims), "an older filter's answer replaced the newer one");
  // Users are named by email, and a click filters by them.
  await a.page.locator("tbody tr td a", { hasText: EMAIL }).first().waitFor();
  await a.page.getByRole("button", { name: "Clear" }).click();
  await a.settle("audit");
  const token = await a.page.evaluate(() => sessionStorage.getItem("smartbank.session"));
  await a.page.getByRole("button", { name: "Log out" }).click();
  await a.heading("Log in");
  await a.page.getByText("You have logged out.").waitFor();
  check(await a.page.evaluate(() => sessionStorage.length) === 0, "the session survived logging out");
  // Logging out ended the session on the server: the old token is refused.
  await a.expecting(401, /^\/users\/me$/, async () => {
    const after = await a.page.evaluate(async (t) => (await fetch("/users/me",
      { headers: { Authorization: "Bearer " + t } })).status, token);
    check(after === 401, `the token still works after logging out (${after})`);
  });
}

// A case linked to before logging in opens after logging in; two minutes
// before the session ends a warning offers to stay, and what was typed on
// the page stays through it.
async function deepLinkAndExpiry(t) {
  t.clock = true;
  await t.open(`${BASE}/console/#/kyc/${summary.second_kyc}`);
  await keyboardLogin(t, AUD2, AUD_PW);
  await t.heading(/^KYC of /);
  check(new URL(t.page.url()).hash === `#/kyc/${summary.second_kyc}`, `the link was lost: ${t.page.url()}`);
  await t.page.getByRole("link", { name: "Audit log" }).click();
  await t.heading("Audit log");
  await t.page.getByLabel("User id").fill("typed before the warning");
  const token = () => t.page.evaluate(() => sessionStorage.getItem("smartbank.session"));
  const before = await token();
  // The token lasts 30 minutes: 28 minutes and a little later, the warning.
  await t.page.clock.fastForward("28:30");
  await t.page.getByTestId("expiry-warning").waitFor();
  await t.settle("expiry-warning");
  // Back to the server's time, which did not jump: the new token's own
  // warning is 28 minutes away again.
  await t.page.clock.setSystemTime(Date.now());
  await t.page.getByLabel("Password", { exact: true }).fill(AUD_PW);
  await t.page.getByRole("button", { name: "Stay logged in" }).click();
  await t.page.getByTestId("expiry-warning").waitFor({ state: "detached" });
  check(await t.page.getByLabel("User id").inputValue() === "typed before the warning", "the typed filter was lost");
  check(await token() !== before, "the session was not renewed");
}

// A customer never approved erases their account: closed and erased at
// once, back to the login page, told what happened.
async function customerErases(t) {
  const email = `erase-${Date.now()}@example.com`;
  const r = await fetch(BASE + "/auth/register", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD, name: "Ravi Erase", phone: "+919812300000" }) });
  check(r.status === 201, `register: ${r.status}`);
  summary.erased_id = (await r.json()).id;
  await t.open(BASE + "/console/");
  await keyboardLogin(t, email, PASSWORD);
  await t.heading("My KYC");
  await t.page.getByRole("link", { name: "Your data" }).click();
  await t.heading("Your data");
  await t.page.getByLabel("Your password, to confirm").fill(PASSWORD);
  await t.page.getByRole("button", { name: "Close my account and erase my data" }).click();
  await t.heading("Log in");
  await t.page.getByText("Your account is closed and your data erased").waitFor();
  await t.settle("data-erased");
}

// A token the server refuses (here: its signature spoiled) ends the
// session on the first call and returns to the login page.
async function expiredSession(c) {
  await c.page.evaluate(() => {
    const t = sessionStorage.getItem("smartbank.session");
    sessionStorage.setItem("smartbank.session", t.slice(0, -4) + (t.endsWith("AAAA") ? "BBBB" : "AAAA"));
  });
  await c.expecting(401, /^\/users\/me(\/kyc)?$/, async () => {
    await c.page.reload();
    await c.heading("Log in");
    await c.page.getByText("Your session has ended").waitFor();
  });
  check(await c.page.evaluate(() => sessionStorage.length) === 0, "the refused token was kept");
}

const browser = await launch();
const c = new Tab(browser, "customer", SHOTS);
const a1 = new Tab(browser, "auditor1", SHOTS);
const a2 = new Tab(browser, "auditor2", SHOTS);
const a3 = new Tab(browser, "auditor2-later", SHOTS);
const e = new Tab(browser, "eraser", SHOTS);
try {
  await customerRegisters(c);
  await customerUploadsPng(c);
  await auditorRejects(a1);
  await customerResubmitsPdf(c);
  await customerData(c);
  await auditorsRace(a1, a2);
  await keyboardReview(a2);
  await teamTriage(a1, a2);
  await auditLog(a1);
  await deepLinkAndExpiry(a3);
  await expiredSession(c);
  await customerErases(e);
  for (const t of [c, a1, a2, a3, e]) check(t.problems.length === 0, `${t.name}: ${t.problems.join("; ")}`);
  console.log(JSON.stringify(summary));
} catch (e) {
  // What each tab showed when it failed, for the test's output.
  for (const t of [c, a1, a2, a3, e]) {
    if (SHOTS && t.page) await t.page.screenshot({ path: `${SHOTS}/failed-${t.name}.png`, fullPage: true }).catch(() => {});
    if (t.problems.length) console.error(`${t.name}: ${t.problems.join("; ")}`);
  }
  throw e;
} finally {
  await browser.close();
}
