// The review queue: submitted documents, oldest first, a page at a time
// (the API's cursor: the last id of the page), with a refresh, who holds
// each case, and "Claim next": the oldest case nobody holds becomes the
// auditor's, so that two auditors never open the same one.
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, aborted, call, latest, type Claim, type PendingItem } from "../api";
import { Notice } from "../components/Field";
import { Pager, usePages } from "../components/Pager";
import { Shortcuts } from "../components/Shortcuts";
import { age, clock, docLabel, when } from "../format";
import { go } from "../router";

// Claim the next case and open it; a message when there is none.
export async function claimNext(): Promise<string | null> {
  try {
    const c = await call<Claim>("POST", "/kyc/claim-next");
    go(`/kyc/${c.kyc_id}`);
    return null;
  } catch (err) {
    const a = err as ApiError;
    return a.status === 404 ? "Nothing is waiting that nobody holds." : a.message;
  }
}

const PAGE = 50; // the API's default page

export function Queue() {
  const [items, setItems] = useState<PendingItem[] | null>(null);
  const pages = usePages();
  const [error, setError] = useState<string | null>(null);
  const [claiming, setClaiming] = useState(false);
  const [loading, setLoading] = useState(true);
  const next = useRef(latest()).current;
  const after = pages.after;

  const load = useCallback(async () => {
    const signal = next();
    setError(null);
    setLoading(true);
    try {
      const q = `/kyc/pending?limit=${PAGE}` + (after ? `&after=${after}` : "");
      setItems(await call<PendingItem[]>("GET", q, undefined, signal));
    } catch (err) {
      if (aborted(err)) return; // a newer load is on its way
      setError((err as ApiError).message);
    }
    setLoading(false);
  }, [after, next]);
  useEffect(() => void load(), [load]);

  return (
    <section className="card">
      <div className="title-row">
        <h1 tabIndex={-1}>Review queue</h1>
        <div className="actions">
          <button type="button" className="primary" disabled={claiming} onClick={async () => {
            setClaiming(true);
            setError(await claimNext());
            setClaiming(false);
          }}>Claim next</button>
          <button type="button" onClick={() => void load()}>Refresh</button>
        </div>
      </div>
      <p className="hint">Submitted documents, oldest first. Page {pages.number}.</p>
      <Shortcuts list={[
        { key: "n", what: "Claim the next case and open it", run: async () => setError(await claimNext()) },
        { key: "r", what: "Refresh the queue", run: () => void load() },
      ]} />
      {error && <Notice kind="error">{error}</Notice>}
      {items === null ? <p>Loading…</p> : items.length === 0 ? <p>Nothing is waiting for review.</p> : (
        <div className="table-wrap">
          <table data-testid="queue">
            <caption className="sr-only">Submitted KYC documents, oldest first</caption>
            <thead><tr><th scope="col">Customer</th><th scope="col">Document</th><th scope="col">Number</th><th scope="col">Submitted</th><th scope="col">Same number elsewhere</th><th scope="col">Reviewed by</th></tr></thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.kyc_id} data-kyc-id={i.kyc_id}>
                  <td><a href={`#/kyc/${i.kyc_id}`}>{i.user_name ?? "(unknown)"}</a><br /><span className="hint">{i.user_email}</span></td>
                  <td>{docLabel(i.document_type)}{i.attempt > 1 && <><br /><span className="hint">attempt {i.attempt}</span></>}</td>
                  <td className="mono">{i.document_number ?? (i.document_unreadable ? "(unreadable)" : "—")}</td>
                  <td>{when(i.submitted_at)}<br /><span className="hint">waiting {age(i.age_seconds)}</span></td>
                  <td data-testid="duplicates">{i.duplicate_count > 0
                    ? <span className="badge badge-submitted">{i.duplicate_count} other customer KYC{i.duplicate_count === 1 ? "" : "s"}</span>
                    : "—"}</td>
                  <td data-testid="holder">{i.claimed_by
                    ? <>{i.claimed_by.email}<br /><span className="hint">until {clock(i.claimed_until)}</span></>
                    : "nobody"}
                  {i.approvals.required > 1 && <><br /><span className="hint">{i.approvals.given} of {i.approvals.required} approvals</span></>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager pages={pages} label="Queue pages" firstLabel="First page" loading={loading}
        last={items && items.length === PAGE ? items[PAGE - 1].kyc_id : undefined} />
    </section>
  );
}
