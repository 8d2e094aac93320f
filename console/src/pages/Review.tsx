// One KYC for an auditor: the record, the scan as it is (an image inline,
// a PDF drawn by pdf.js on our own canvas, text as text, anything else a
// download), and the decision with notes and a confirmation.  No document
// is ever put in a frame or the browser's PDF viewer, where its own
// scripts could run.
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, call, fetchBlob, type KycDetail } from "../api";
import { Notice, StatusBadge } from "../components/Field";
import { PdfView } from "../components/PdfView";
import { docLabel, when } from "../format";

type Decision = "approve" | "reject";

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
  if (type === "image/jpeg" || type === "image/png")
    return <img className="scan" data-testid="scan-image" src={url} alt="Scan of the identity document" />;
  return <p><a href={url} download={`kyc-${id}`} data-testid="scan-download">Download the document ({type})</a></p>;
}

// What the service found the scan to be when it was uploaded.
function fileFacts(k: KycDetail): string {
  if (k.document_width && k.document_height) return `${k.media_type}, ${k.document_width} × ${k.document_height} pixels`;
  if (k.document_pages) return `${k.media_type}, ${k.document_pages} page${k.document_pages === 1 ? "" : "s"}`;
  return k.media_type;
}

export function Review({ id }: { id: string }) {
  const [kyc, setKyc] = useState<KycDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notes, setNotes] = useState("");
  const [confirming, setConfirming] = useState<Decision | null>(null);
  const [result, setResult] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  const load = useCallback(async () => {
    try {
      setKyc(await call<KycDetail>("GET", `/kyc/${id}`));
    } catch (err) {
      setError((err as ApiError).message);
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  useEffect(() => confirmRef.current?.focus(), [confirming]);

  async function decide(d: Decision) {
    setConfirming(null);
    try {
      const r = await call<{ message: string }>("PUT", `/kyc/${id}/${d}`, notes.trim() ? { review_notes: notes.trim() } : {});
      setResult({ kind: "success", text: r.message });
    } catch (err) {
      const a = err as ApiError;
      setResult({ kind: "error", text: a.status === 409
        ? `Another auditor has already reviewed this KYC (the server said: ${a.message}). Nothing was changed.`
        : a.field("review_notes") ?? a.message });
    }
    void load();
  }

  if (error) return <section className="card"><h1 tabIndex={-1}>KYC review</h1><Notice kind="error">{error}</Notice><p><a href="#/queue">Back to the queue</a></p></section>;
  if (!kyc) return <section className="card"><h1 tabIndex={-1}>KYC review</h1><p>Loading…</p></section>;
  return (
    <>
      <section className="card">
        <h1 tabIndex={-1}>KYC of {kyc.user_name ?? "a customer"}</h1>
        <p><a href="#/queue">Back to the queue</a></p>
        {result && <Notice kind={result.kind}><span data-testid="decision-result">{result.text}</span></Notice>}
        <dl className="facts">
          <dt>Status</dt><dd data-testid="kyc-status"><StatusBadge status={kyc.status} /></dd>
          <dt>Customer</dt><dd>{kyc.user_name} · {kyc.user_email}</dd>
          <dt>Document</dt><dd>{docLabel(kyc.document_type)}</dd>
          <dt>Number</dt><dd className="mono">{kyc.document_number ?? "—"}</dd>
          <dt>Submitted</dt><dd>{when(kyc.submitted_at)}</dd>
          <dt>File</dt><dd data-testid="file-facts">{fileFacts(kyc)}</dd>
          {kyc.reviewed_at && <><dt>Reviewed</dt><dd>{when(kyc.reviewed_at)}</dd><dt>Notes</dt><dd>{kyc.review_notes ?? "—"}</dd></>}
        </dl>
        {kyc.duplicate_count > 0 && (
          <Notice kind="error">
            <span data-testid="duplicates">This document number is also on {kyc.duplicate_count} KYC
              {kyc.duplicate_count === 1 ? "" : "s"} of other customers:</span>
            <ul>
              {kyc.duplicates.map((d) => (
                <li key={d.kyc_id}><a href={`#/kyc/${d.kyc_id}`}>KYC {d.kyc_id}</a> ({d.status.toLowerCase()})</li>
              ))}
            </ul>
          </Notice>
        )}
      </section>
      <section className="card" aria-labelledby="scan-title">
        <h2 id="scan-title">The document</h2>
        <Scan id={id} type={kyc.media_type} />
      </section>
      {kyc.status === "SUBMITTED" && (
        <section className="card" aria-labelledby="decision-title">
          <h2 id="decision-title">Decision</h2>
          <div className="field">
            <label htmlFor="review_notes">Notes for the customer</label>
            <p id="review_notes-hint" className="hint">Optional, at most 1000 characters. A rejection should say what to fix.</p>
            <textarea id="review_notes" aria-describedby="review_notes-hint" maxLength={1000} rows={3}
              value={notes} onChange={(e) => setNotes(e.target.value)} />
          </div>
          {confirming === null ? (
            <div className="actions">
              <button type="button" className="primary" onClick={() => setConfirming("approve")}>Approve</button>
              <button type="button" className="danger" onClick={() => setConfirming("reject")}>Reject</button>
            </div>
          ) : (
            <div className="confirm" role="group" aria-labelledby="confirm-text">
              <p id="confirm-text"><strong>{confirming === "approve" ? "Approve" : "Reject"} this KYC?</strong> The decision cannot be undone.</p>
              <div className="actions">
                <button ref={confirmRef} type="button" className={confirming === "approve" ? "primary" : "danger"}
                  onClick={() => void decide(confirming)}>Yes, {confirming}</button>
                <button type="button" onClick={() => setConfirming(null)}>Cancel</button>
              </div>
            </div>
          )}
        </section>
      )}
    </>
  );
}
