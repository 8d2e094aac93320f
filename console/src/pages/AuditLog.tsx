// The audit trail: newest first, filtered by action, user, actor and time,
// a page at a time.
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError, aborted, call, latest, type AuditEntry } from "../api";
import { Notice } from "../components/Field";
import { Pager, usePages } from "../components/Pager";
import { when } from "../format";

const PAGE = 25;
const ACTIONS = ["USER_REGISTERED", "LOGIN_SUCCEEDED", "LOGIN_FAILED", "LOGIN_THROTTLED", "KYC_SUBMITTED",
  "KYC_VIEWED", "KYC_CLAIMED", "KYC_RELEASED", "KYC_FIRST_APPROVED", "KYC_APPROVED", "KYC_REJECTED",
  "KYC_REOPENED", "AUDITOR_CREATED", "USER_DISABLED", "KEYS_ROTATED", "CUSTOMER_CLOSED", "DOCUMENT_PURGED",
  "LOGGED_OUT", "WEBHOOK_ADDED", "WEBHOOK_DISABLED", "WEBHOOK_SECRET_ROTATED",
  "WEBHOOK_RESENT", "PROFILE_UPDATED", "CONSENT_CHANGED",
  "DATA_EXPORTED", "ERASURE_REQUESTED", "CUSTOMER_ERASED"];

interface Filters { action: string; user_id: string; actor_id: string; from: string; to: string }
const NONE: Filters = { action: "", user_id: "", actor_id: "", from: "", to: "" };

// The filters as the API's query: a local date-time becomes ISO 8601 UTC.
function query(f: Filters, after?: string): string {
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (f.action) q.set("action", f.action);
  if (f.user_id.trim()) q.set("user_id", f.user_id.trim());
  if (f.actor_id.trim()) q.set("actor_id", f.actor_id.trim());
  if (f.from) q.set("from", new Date(f.from).toISOString());
  if (f.to) q.set("to", new Date(f.to).toISOString());
  if (after) q.set("after", after);
  return "/audit/logs?" + q.toString();
}

function details(d: Record<string, unknown> | null): string {
  if (!d) return "—";
  return Object.entries(d).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`).join(", ");
}

export function AuditLog() {
  const [draft, setDraft] = useState<Filters>(NONE);
  const [filters, setFilters] = useState<Filters>(NONE);
  const pages = usePages();
  const [items, setItems] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const next = useRef(latest()).current;
  const after = pages.after;

  const load = useCallback(async () => {
    const signal = next();
    setError(null);
    setLoading(true);
    try {
      setItems(await call<AuditEntry[]>("GET", query(filters, after), undefined, signal));
    } catch (err) {
      if (aborted(err)) return; // a newer load is on its way
      const a = err as ApiError;
      setItems([]);
      setError(a.fields.length ? a.fields.map((f) => `${f.loc[f.loc.length - 1]}: ${f.msg}`).join("; ") : a.message);
    }
    setLoading(false);
  }, [filters, after, next]);
  useEffect(() => void load(), [load]);

  function apply(e: FormEvent) {
    e.preventDefault();
    pages.first();
    setFilters({ ...draft });
  }
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });

  return (
    <section className="card wide">
      <h1 tabIndex={-1}>Audit log</h1>
      <form className="filters" onSubmit={apply} aria-label="Filters">
        <div className="field"><label htmlFor="f-action">Action</label>
          <select id="f-action" value={draft.action} onChange={set("action")}>
            <option value="">Any action</option>
            {ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
          </select></div>
        <div className="field"><label htmlFor="f-user">User id</label>
          <input id="f-user" className="mono" value={draft.user_id} onChange={set("user_id")} /></div>
        <div className="field"><label htmlFor="f-actor">Actor id</label>
          <input id="f-actor" className="mono" value={draft.actor_id} onChange={set("actor_id")} /></div>
        <div className="field"><label htmlFor="f-from">From</label>
          <input id="f-from" type="datetime-local" value={draft.from} onChange={set("from")} /></div>
        <div className="field"><label htmlFor="f-to">To</label>
          <input id="f-to" type="datetime-local" value={draft.to} onChange={set("to")} /></div>
        <div className="actions">
          <button type="submit" className="primary">Apply filters</button>
          <button type="button" onClick={() => { setDraft(NONE); setFilters(NONE); pages.first(); }}>Clear</button>
        </div>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {items === null ? <p>Loading…</p> : items.length === 0 ? <p>No entries.</p> : (
        <div className="table-wrap">
          <table data-testid="audit">
            <caption className="sr-only">Audit entries, newest first</caption>
            <thead><tr><th scope="col">Time</th><th scope="col">Action</th><th scope="col">Actor</th><th scope="col">User</th><th scope="col">Address</th><th scope="col">Details</th></tr></thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <td>{when(e.timestamp)}</td>
                  <td>{e.action}</td>
                  <td>{e.actor_email ?? <span className="mono">{e.actor_id ?? "—"}</span>}<br /><span className="hint">{e.actor_role}</span></td>
                  <td>{e.user_id
                    ? <a href={`#/audit?user_id=${e.user_id}`} onClick={(ev) => { ev.preventDefault(); const f = { ...NONE, user_id: e.user_id ?? "" }; setDraft(f); setFilters(f); pages.first(); }}>{e.user_email ?? e.user_id}</a>
                    : "—"}</td>
                  <td>{e.ip_address ?? "—"}</td>
                  <td className="details">{details(e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager pages={pages} label="Audit log pages" firstLabel="Newest" loading={loading}
        last={items && items.length === PAGE ? items[PAGE - 1].id : undefined} />
    </section>
  );
}
