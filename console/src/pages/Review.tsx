// One KYC for an auditor: the record, the scan as it is (an image with zoom
// and rotation, a PDF drawn by pdf.js on our own canvas, text as text,
// anything else a download), the customer's earlier submissions, and the
// decision.  Opening a submitted case claims it (the API's lease), so that
// two auditors never work one case; another's case says who holds it.  A
// rejection always carries a reason, its customer text shown as written.
// No document is ever put in a frame or the browser's PDF viewer, where its
// own scripts could run.
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, call, fetchBlob, type Claim, type Holder, type KycDetail, type Reason, type Rejection } from "../api";
import { Notice, StatusBadge } from "../components/Field";
import { PdfView } from "../components/PdfView";
import { Shortcuts } from "../components/Shortcuts";
import { clock, docLabel, when } from "../format";
import { go, queueRoute } from "../router";
import { claimNext } from "./Queue";

type Decision = "approve" | "reject";

// What an auditor reads on a reason's checkbox (the customer reads its text).
const REASON_LABEL: Record<string, string> = {
  unreadable: "Unreadable or blurry",
  cropped: "Cropped or incomplete",
  expired: "Expired",
  name_mismatch: "Name does not match",
  number_mismatch: "Number does not match",
  wrong_type: "Wrong document type",
  suspected_forgery: "Suspected forgery",
  duplicate: "Duplicate of another customer",
};

// An image with zoom, rotation, fit-to-width and its natural size.
function ImageScan({ url }: { url: string }) {
  const [zoom, setZoom] = useState(1);
  const [turn, setTurn] = useState(0);
  const [fit, setFit] = useState(true);
  return (
    <>
      <div className="pdf-tools" role="toolbar" aria-label="Image">
        <button type="button" onClick={() => { setFit(false); setZoom((z) => Math.min(z * 1.25, 8)); }}>Zoom in</button>
        <button type="button" onClick={() => { setFit(false); setZoom((z) => Math.max(z / 1.25, 0.25)); }}>Zoom out</button>
        <button type="button" onClick={() => setTurn((t) => (t + 90) % 360)}>Rotate</button>
        <button type="button" aria-pressed={fit} onClick={() => { setFit(true); setZoom(1); }}>Fit</button>
        <button type="button" onClick={() => { setFit(false); setZoom(1); }}>1:1</button>
      </div>
      {/* Scrolled when zoomed: reachable with the keyboard. */}
      <div className="scan-frame" tabIndex={0} role="region" aria-label="The scan, zoomable">
        <img className={fit ? "scan" : "scan natural"} data-testid="scan-image" data-zoom={zoom} data-turn={turn}
          src={url} alt="Scan of the identity document"
          style={{ transform: `rotate(${turn}deg) scale(${fit ? 1 : zoom})` }} />
      </div>
    </>
  );
}

function Scan({ id, type }: { id: string; type: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [pdf, setPdf] = useState<Blob | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let made: string | null = null;
    let live = true;
    fetchBlob(`/kyc/${id}/document`).then(async (b) => {
      if (!live) return;
      if (b.type.startsWith("text/plain")) setText(await b.text());
      else if (type === "application/pdf") setPdf(b);
      else setUrl((made = URL.createObjectURL(b)));
    }, (err: ApiError) => live && setError(err.message));
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [id, type]);

  if (error) return <Notice kind="error">The scan could not be loaded: {error}</Notice>;
  if (text !== null) return <pre className="scan-text" data-testid="scan-text">{text}</pre>;
  if (pdf) return <PdfView blob={pdf} />;
  if (!url) return <p>Loading the scan…</p>;
  if (type === "image/jpeg" || type === "image/png") return <ImageScan url={url} />;
  return <p><a href={url} download={`kyc-${id}`} data-testid="scan-download">Download the document ({type})</a></p>;
}

// What the service found the scan to be when it was uploaded.
function fileFacts(k: KycDetail): string {
  if (k.document_width && k.document_height) return `${k.media_type}, ${k.document_width} × ${k.document_height} pixels`;
  if (k.document_pages) return `${k.media_type}, ${k.document_pages} page${k.document_pages === 1 ? "" : "s"}`;
  return k.media_type;
}

function RejectionFacts({ r }: { r: Rejection }) {
  return (
    <>
      <dt>Rejection</dt>
      <dd>{r.kind === "FINAL" ? "Final" : "May resubmit"}{r.reasons.length > 0 && ": " + r.reasons.map((x) => REASON_LABEL[x.code] ?? x.code).join(", ")}</dd>
      {r.internal_note && <><dt>Team note</dt><dd>{r.internal_note}</dd></>}
    </>
  );
}

// Who holds the case, as the API said it (a claim, or a 409's body).
type Hold = { mine: boolean; by: Holder | null; until: string | null } | null;

export function Review({ id }: { id: string }) {
  const [kyc, setKyc] = useState<KycDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hold, setHold] = useState<Hold>(null);
  const [reasons, setReasons] = useState<Reason[]>([]);
  const [picked, setPicked] = useState<string[]>([]);
  const [kind, setKind] = useState<"" | "RETRY" | "FINAL">("");
  const [notes, setNotes] = useState("");
  const [internal, setInternal] = useState("");
  const [confirming, setConfirming] = useState<Decision | null>(null);
  const [result, setResult] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      const k = await call<KycDetail>("GET", `/kyc/${id}`);
      setKyc(k);
      return k;
    } catch (err) {
      setError((err as ApiError).message);
      return null;
    }
  }, [id]);

  // A submitted case is claimed when it is opened, or its holder named.
  const claim = useCallback(async () => {
    try {
      const c = await call<Claim>("POST", `/kyc/${id}/claim`);
      setHold({ mine: true, by: c.claimed_by, until: c.claimed_until });
    } catch (err) {
      const a = err as ApiError;
      if (a.status === 409 && a.body.claimed_by)
        setHold({ mine: false, by: a.body.claimed_by as Holder, until: a.body.claimed_until as string });
      else setHold(null);
    }
  }, [id]);

  useEffect(() => {
    setResult(null);
    setConfirming(null);
    setPicked([]);
    setKind("");
    void load().then((k) => {
      if (k?.status === "SUBMITTED") void claim();
    });
  }, [load, claim]);
  useEffect(() => {
    call<Reason[]>("GET", "/kyc/reject-reasons").then(setReasons, () => setReasons([]));
  }, []);
  useEffect(() => confirmRef.current?.focus(), [confirming]);
  useEffect(() => resultRef.current?.focus(), [result]);

  async function release() {
    try {
      await call<Claim>("DELETE", `/kyc/${id}/claim`);
      setHold(null);
      setResult({ kind: "success", text: "Released: the case is back in the queue for anyone." });
    } catch (err) {
      setResult({ kind: "error", text: (err as ApiError).message });
    }
  }

  // andNext: "Decide and next", the next case nobody holds opened at once.
  async function decide(d: Decision, andNext = false) {
    setConfirming(null);
    const body: Record<string, unknown> = {};
    if (notes.trim()) body.review_notes = notes.trim();
    if (internal.trim()) body.internal_note = internal.trim();
    if (d === "reject") {
      body.reasons = picked;
      if (kind) body.kind = kind;
    }
    try {
      const r = await call<{ message: string }>("PUT", `/kyc/${id}/${d}`, body);
      setResult({ kind: "success", text: r.message });
      setHold(null);
      if (andNext) {
        const why = await claimNext();
        if (why === null) return; // the next case's page is opening
        setResult({ kind: "success", text: `${r.message} ${why}` });
      }
    } catch (err) {
      const a = err as ApiError;
      const by = a.body.reviewed_by as Holder | undefined;
      const holder = a.body.claimed_by as Holder | undefined;
      setResult({ kind: "error", text: a.status === 409 && by
        ? `Already decided: ${String(a.body.decision).toLowerCase()} by ${by.email ?? "another auditor"} at ${when(a.body.reviewed_at as string)}. Nothing was changed; your notes are kept below.`
        : a.status === 409 && holder
          ? `${holder.email} is reviewing this case until ${clock(a.body.claimed_until as string)}. Nothing was changed; your notes are kept below.`
          : a.status === 409 ? a.message
            : a.field("review_notes") ?? a.field("reasons") ?? a.message });
      if (holder) setHold({ mine: false, by: holder, until: a.body.claimed_until as string });
    }
    void load();
  }

  if (error) return <section className="card"><h1 tabIndex={-1}>KYC review</h1><Notice kind="error">{error}</Notice><p><a href={"#" + queueRoute()}>Back to the queue</a></p></section>;
  if (!kyc) return <section className="card"><h1 tabIndex={-1}>KYC review</h1><p>Loading…</p></section>;
  const open = kyc.status === "SUBMITTED";
  const blocked = hold !== null && !hold.mine;
  const canDecide = open && !blocked && result === null;
  const keys = [
    { key: "a", what: "Approve (then Enter to confirm)", run: () => canDecide && setConfirming("approve") },
    { key: "r", what: "Reject, once a reason is picked (then Enter)", run: () => {
      if (!canDecide) return;
      if (picked.length > 0) setConfirming("reject");
      else document.getElementById("reason-" + (reasons[0]?.code ?? ""))?.focus();
    } },
    { key: "n", what: "The next case nobody holds", run: async () => {
      const why = await claimNext();
      if (why) setResult({ kind: "success", text: why });
    } },
    { key: "q", what: "Back to the queue", run: () => go(queueRoute()) },
  ];
  return (
    <div className="review">
      <section className="card review-scan" aria-labelledby="scan-title">
        <h2 id="scan-title">The document</h2>
        <Scan id={id} type={kyc.media_type} />
      </section>
      <div className="review-side">
        <section className="card">
          <h1 tabIndex={-1}>KYC of {kyc.user_name ?? "a customer"}</h1>
          <p><a href={"#" + queueRoute()}>Back to the queue</a></p>
          <Shortcuts list={keys} />
          <dl className="facts">
            <dt>Status</dt><dd data-testid="kyc-status"><StatusBadge status={kyc.status} /></dd>
            <dt>Customer</dt><dd>{kyc.user_name} · {kyc.user_email}</dd>
            <dt>Document</dt><dd>{docLabel(kyc.document_type)}</dd>
            <dt>Number</dt><dd className="mono">{kyc.document_number ?? "—"}</dd>
            <dt>Submitted</dt><dd>{when(kyc.submitted_at)}</dd>
            <dt>File</dt><dd data-testid="file-facts">{fileFacts(kyc)}</dd>
            {kyc.reviewed_at && <><dt>Reviewed</dt><dd>{when(kyc.reviewed_at)}</dd><dt>Notes</dt><dd>{kyc.review_notes ?? "—"}</dd></>}
            {kyc.rejection && <RejectionFacts r={kyc.rejection} />}
          </dl>
          {kyc.duplicate_count > 0 && (
            <Notice kind="error">
              <span data-testid="duplicates">This document number is also on {kyc.duplicate_count} KYC
                {kyc.duplicate_count === 1 ? "" : "s"} of other customers:</span>
              <ul>
                {kyc.duplicates.map((d) => (
                  <li key={d.kyc_id}><a href={`#/kyc/${d.kyc_id}`}>{d.user_name ?? "a customer"}</a> ({d.user_email ?? "no email"}, {d.status.toLowerCase()})</li>
                ))}
              </ul>
            </Notice>
          )}
          {kyc.earlier_submissions.length > 0 && (
            <details data-testid="earlier">
              <summary>{kyc.earlier_submissions.length} earlier submission{kyc.earlier_submissions.length === 1 ? "" : "s"}</summary>
              <ul className="earlier">
                {kyc.earlier_submissions.map((e) => (
                  <li key={e.kyc_id}>
                    <a href={`#/kyc/${e.kyc_id}`}>{docLabel(e.document_type)}, {when(e.submitted_at)}</a>: <StatusBadge status={e.status} />
                    {e.reviewed_by_email && <> by {e.reviewed_by_email}</>}
                    {e.rejection && e.rejection.reasons.length > 0 && <> ({e.rejection.reasons.map((x) => REASON_LABEL[x.code] ?? x.code).join(", ")})</>}
                    {e.review_notes && <><br /><span className="hint">“{e.review_notes}”</span></>}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </section>
        {(open || result) && (
          <section className="card decision" aria-labelledby="decision-title">
            <h2 id="decision-title">Decision</h2>
            {result && (
              <div ref={resultRef} tabIndex={-1}>
                <Notice kind={result.kind}><span data-testid="decision-result">{result.text}</span></Notice>
                <div className="actions">
                  <button type="button" className="primary" onClick={async () => {
                    const why = await claimNext();
                    if (why) setResult({ kind: "success", text: why });
                  }}>Next case</button>
                </div>
              </div>
            )}
            {open && hold && (
              <p data-testid="holder" className="hint">
                {hold.mine ? <>You are reviewing this case until {clock(hold.until)}. <button type="button" onClick={() => void release()}>Release</button></>
                  : <>{hold.by?.email ?? "Another auditor"} is reviewing this case until {clock(hold.until)}: you cannot decide it now.</>}
              </p>
            )}
            {open && !blocked && (
              <>
                {confirming === null ? (
                  <div className="actions">
                    <button type="button" className="primary" onClick={() => setConfirming("approve")}>Approve</button>
                    <button type="button" className="danger" disabled={picked.length === 0}
                      aria-describedby="reject-hint" onClick={() => setConfirming("reject")}>Reject</button>
                    <p id="reject-hint" className="hint">{picked.length === 0 ? "To reject, pick a reason below." : ""}</p>
                  </div>
                ) : (
                  <div className="confirm" role="group" aria-labelledby="confirm-text"
                    onKeyDown={(e) => { if (e.key === "Escape") setConfirming(null); }}>
                    <p id="confirm-text"><strong>{confirming === "approve" ? "Approve" : "Reject"} this KYC?</strong> The decision cannot be undone.</p>
                    <div className="actions">
                      <button ref={confirmRef} type="button" className={confirming === "approve" ? "primary" : "danger"}
                        onClick={() => void decide(confirming)}>Yes, {confirming}</button>
                      <button type="button" data-testid="decide-next"
                        onClick={() => void decide(confirming, true)}>{confirming === "approve" ? "Approve" : "Reject"}, then the next case</button>
                      <button type="button" onClick={() => setConfirming(null)}>Cancel</button>
                    </div>
                  </div>
                )}
                <div className="field">
                  <label htmlFor="review_notes">Notes for the customer</label>
                  <p id="review_notes-hint" className="hint">Optional, at most 1000 characters. The customer reads them.</p>
                  <textarea id="review_notes" aria-describedby="review_notes-hint" maxLength={1000} rows={2}
                    value={notes} onChange={(e) => setNotes(e.target.value)} />
                </div>
                <div className="field">
                  <label htmlFor="internal_note">Note for the team</label>
                  <p id="internal_note-hint" className="hint">Optional; never shown to the customer.</p>
                  <textarea id="internal_note" aria-describedby="internal_note-hint" maxLength={1000} rows={2}
                    value={internal} onChange={(e) => setInternal(e.target.value)} />
                </div>
                <fieldset className="reasons">
                  <legend>Reasons, for a rejection</legend>
                  <div className="reason-list">
                    {reasons.map((r) => (
                      <div key={r.code} className="reason">
                        <input type="checkbox" id={"reason-" + r.code} checked={picked.includes(r.code)}
                          onChange={(e) => setPicked((p) => e.target.checked ? [...p, r.code] : p.filter((c) => c !== r.code))} />
                        <label htmlFor={"reason-" + r.code}>{REASON_LABEL[r.code] ?? r.code}{r.kind === "FINAL" ? " (final)" : ""}</label>
                      </div>
                    ))}
                  </div>
                  {picked.length > 0 && (
                    <div className="preview-text" data-testid="reason-preview">
                      <p className="hint">The customer reads:</p>
                      <ul>{picked.map((c) => <li key={c}>{reasons.find((r) => r.code === c)?.text}</li>)}</ul>
                    </div>
                  )}
                  <label htmlFor="kind">May the customer resubmit?</label>
                  <select id="kind" value={kind} onChange={(e) => setKind(e.target.value as "" | "RETRY" | "FINAL")}>
                    <option value="">As the reasons say</option>
                    <option value="RETRY">Yes: they may upload again</option>
                    <option value="FINAL">No: final (another auditor can reopen it)</option>
                  </select>
                </fieldset>
              </>
            )}
          </section>
        )}
      </div>
    </div>
  );
}
