// The customer's page: profile with the KYC status, the reasons and the
// reviewer's notes after a rejection with what to do next, the upload while
// one is allowed (not after a final rejection), and the history (cards on
// a phone).
import { useCallback, useEffect, useState } from "react";
import { ApiError, call, type HistoryItem, type Profile } from "../api";
import { Notice, StatusBadge } from "../components/Field";
import { STATUS_TEXT, docLabel, when } from "../format";
import { Upload } from "./Upload";

export function Customer() {
  const [me, setMe] = useState<Profile | null>(null);
  const [history, setHistory] = useState<HistoryItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);

  const load = useCallback(async () => {
    try {
      const [p, h] = await Promise.all([call<Profile>("GET", "/users/me"), call<HistoryItem[]>("GET", "/users/me/kyc?limit=20")]);
      setMe(p);
      setHistory(h);
      setError(null);
    } catch (err) {
      setError((err as ApiError).message);
    }
  }, []);
  useEffect(() => void load(), [load]);

  if (!me) return <section className="card"><h1 tabIndex={-1}>My KYC</h1>{error ? <Notice kind="error">{error}</Notice> : <p>Loading…</p>}</section>;
  const rejected = me.kyc_status === "REJECTED" ? history.find((h) => h.status === "REJECTED") : undefined;
  const final = rejected?.rejection?.kind === "FINAL";
  const canUpload = me.kyc_status === "PENDING" || (me.kyc_status === "REJECTED" && !final);

  return (
    <>
      <section className="card">
        <h1 tabIndex={-1}>My KYC</h1>
        {error && <Notice kind="error">{error}</Notice>}
        {submitted && <Notice kind="success">Your document was submitted. An auditor will review it.</Notice>}
        <dl className="facts">
          <dt>Name</dt><dd>{me.name}</dd>
          <dt>Email</dt><dd>{me.email}</dd>
          <dt>Mobile</dt><dd>{me.phone}</dd>
          <dt>KYC status</dt>
          <dd data-testid="kyc-status"><StatusBadge status={me.kyc_status} /> {STATUS_TEXT[me.kyc_status] ?? ""}</dd>
        </dl>
        {rejected && (
          <div className="notice notice-error" data-testid="rejection">
            <p><strong>Your document was rejected</strong> on {when(rejected.reviewed_at)}.</p>
            {rejected.rejection && rejected.rejection.reasons.length > 0 && (
              <ul data-testid="reasons">
                {rejected.rejection.reasons.map((r) => <li key={r.code}>{r.text}</li>)}
              </ul>
            )}
            <p>Reviewer's notes: <q data-testid="review-notes">{rejected.review_notes || "none given"}</q></p>
            <p data-testid="next-step">{final ? rejected.rejection?.next_step : "Please submit your document again below."}</p>
          </div>
        )}
      </section>
      {canUpload && <Upload resubmission={me.kyc_status === "REJECTED"} done={() => { setSubmitted(true); void load(); }} />}
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">My submissions</h2>
        {history.length === 0 ? <p>None yet.</p> : (
          <div className="table-wrap">
            <table className="cards">
              <caption className="sr-only">My KYC submissions, newest first</caption>
              <thead><tr><th scope="col">Submitted</th><th scope="col">Document</th><th scope="col">Number</th><th scope="col">Status</th><th scope="col">Reviewer's notes</th></tr></thead>
              <tbody>
                {history.map((h) => (
                  <tr key={h.kyc_id}>
                    <td data-label="Submitted"><div>{when(h.submitted_at)}</div></td>
                    <td data-label="Document"><div>{docLabel(h.document_type)}</div></td>
                    <td data-label="Number" className="mono"><div>{h.document_number}</div></td>
                    <td data-label="Status"><div><StatusBadge status={h.status} /></div></td>
                    <td data-label="Reviewer's notes"><div>{h.review_notes ?? "—"}
                      {h.rejection && h.rejection.reasons.length > 0 && <><br /><span className="hint">{h.rejection.reasons.map((r) => r.text).join(" ")}</span></>}</div></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
