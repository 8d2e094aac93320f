// The review queue: submitted documents, oldest first, a page at a time
// (the API's cursor: the last id of the page), with the queue's counters,
// filters (type, holder, dates), a search (email, name, number), who holds
// each case, and "Claim next": the oldest case nobody holds becomes the
// auditor's, so that two auditors never open the same one.  Filters, search
// and page live in the URL (#/queue?type=pan&pages=<cursors>): a reload, a
// bookmark, a login after the session ended and "Back to the queue" all
// come back to the same page.
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError, aborted, call, latest, type Claim, type FoundItem, type PendingItem, type QueueSummary } from "../api";
import { Notice } from "../components/Field";
import { Pager, type Pages } from "../components/Pager";
import { Shortcuts } from "../components/Shortcuts";
import { age, clock, docLabel, when } from "../format";
import { go, rememberQueue, splitRoute, useRoute } from "../router";
import { DOCUMENT_KINDS } from "../rules";

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
const SEARCHES = [
  { by: "email", label: "Email", hint: "name@example.com" },
  { by: "name", label: "Name starts with", hint: "Asha R" },
  { by: "document_number", label: "Document number", hint: "ABCDE1234F" },
];

// The URL's query, changed; a new filter or search starts at page 1.
function change(q: URLSearchParams, set: Record<string, string>, keepPages = false): void {
  const n = new URLSearchParams(q);
  for (const [k, v] of Object.entries(set)) {
    if (v) n.set(k, v);
    else n.delete(k);
  }
  if (!keepPages) n.delete("pages");
  const s = n.toString();
  go("/queue" + (s ? "?" + s : ""));
}

// The pages' cursors, kept in the URL (pages=<id>,<id>).
function urlPages(q: URLSearchParams): Pages {
  const cursors = (q.get("pages") ?? "").split(",").filter((c) => /^[0-9a-f]{24}$/.test(c));
  const to = (c: string[]) => change(q, { pages: c.join(",") }, true);
  return {
    after: cursors[cursors.length - 1],
    number: cursors.length + 1,
    first: () => to([]),
    back: () => to(cursors.slice(0, -1)),
    next: (lastId) => { if (!cursors.includes(lastId)) to([...cursors, lastId]); },
  };
}

// The filters of the URL as the API's query.
function filterQuery(q: URLSearchParams): URLSearchParams {
  const api = new URLSearchParams();
  const type = q.get("type");
  const holder = q.get("holder");
  if (type) api.set("document_type", type);
  if (holder === "me" || holder === "none") api.set("holder", holder);
  const dup = q.get("dup");
  if (dup === "yes" || dup === "no") api.set("duplicate", dup === "yes" ? "true" : "false");
  for (const [k, name] of [["from", "submitted_from"], ["to", "submitted_to"]]) {
    const v = q.get(k);
    if (v) api.set(name, new Date(k === "to" ? v + "T23:59:59.999" : v + "T00:00:00").toISOString());
  }
  return api;
}

function Counters({ s }: { s: QueueSummary | null }) {
  if (!s) return null;
  return (
    <p className="counters" data-testid="counters">
      <strong>{s.count}</strong> waiting
      {s.oldest_age_seconds !== null && <>, the oldest for {age(s.oldest_age_seconds)}</>}
      {s.count > 0 && <> · {DOCUMENT_KINDS.filter((k) => s.by_document_type[k.type] > 0)
        .map((k) => `${k.label} ${s.by_document_type[k.type]}`).join(" · ")}</>}
    </p>
  );
}

export function Queue() {
  const route = useRoute();
  const [, q] = splitRoute(route);
  const [items, setItems] = useState<(PendingItem | FoundItem)[] | null>(null);
  const [summary, setSummary] = useState<QueueSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [claiming, setClaiming] = useState(false);
  const [loading, setLoading] = useState(true);
  const next = useRef(latest()).current;
  const pages = urlPages(q);
  const searchBy = q.get("by") ?? "";
  const searchText = q.get("q") ?? "";
  const searching = searchBy !== "" && searchText !== "";
  const [draft, setDraft] = useState({ by: searchBy || "email", text: searchText });
  const query = q.toString();

  useEffect(() => rememberQueue(route), [route]);
  useEffect(() => setDraft({ by: searchBy || "email", text: searchText }), [searchBy, searchText]);

  const load = useCallback(async () => {
    const signal = next();
    const uq = new URLSearchParams(query);
    setError(null);
    setLoading(true);
    try {
      if (searching) {
        const api = new URLSearchParams({ [searchBy]: searchText, limit: "200" });
        setItems(await call<FoundItem[]>("GET", "/kyc/search?" + api.toString(), undefined, signal));
        setSummary(null);
      } else {
        const api = filterQuery(uq);
        const page = new URLSearchParams(api);
        page.set("limit", String(PAGE));
        const after = urlPages(uq).after;
        if (after) page.set("after", after);
        const [list, s] = await Promise.all([
          call<PendingItem[]>("GET", "/kyc/pending?" + page.toString(), undefined, signal),
          call<QueueSummary>("GET", "/kyc/pending/summary?" + api.toString(), undefined, signal),
        ]);
        setItems(list);
        setSummary(s);
      }
    } catch (err) {
      if (aborted(err)) return; // a newer load is on its way
      const a = err as ApiError;
      setItems([]);
      setError(a.fields.length ? a.fields.map((f) => `${f.loc[f.loc.length - 1]}: ${f.msg}`).join("; ") : a.message);
    }
    setLoading(false);
  }, [query, searching, searchBy, searchText, next]);
  useEffect(() => void load(), [load]);

  function find(e: FormEvent) {
    e.preventDefault();
    change(q, { by: draft.text.trim() ? draft.by : "", q: draft.text.trim() });
  }

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
      <Shortcuts list={[
        { key: "n", what: "Claim the next case and open it", run: async () => setError(await claimNext()) },
        { key: "r", what: "Refresh the queue", run: () => void load() },
        { key: "/", what: "Search", run: () => document.getElementById("search-text")?.focus() },
      ]} />
      <form className="filters" role="search" aria-label="Search KYCs" onSubmit={find}>
        <div className="field"><label htmlFor="search-by">Find by</label>
          <select id="search-by" value={draft.by} onChange={(e) => setDraft({ ...draft, by: e.target.value })}>
            {SEARCHES.map((s) => <option key={s.by} value={s.by}>{s.label}</option>)}
          </select></div>
        <div className="field"><label htmlFor="search-text">Search for</label>
          <input id="search-text" type="search" value={draft.text}
            placeholder={SEARCHES.find((s) => s.by === draft.by)?.hint}
            onChange={(e) => setDraft({ ...draft, text: e.target.value })} /></div>
        <div className="actions">
          <button type="submit">Search</button>
          {searching && <button type="button" onClick={() => change(q, { by: "", q: "" })}>Clear search</button>}
        </div>
      </form>
      {!searching && (
        <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
          <div className="field"><label htmlFor="f-type">Document type</label>
            <select id="f-type" value={q.get("type") ?? ""} onChange={(e) => change(q, { type: e.target.value })}>
              <option value="">Any type</option>
              {DOCUMENT_KINDS.map((k) => <option key={k.type} value={k.type}>{k.label}</option>)}
            </select></div>
          <div className="field"><label htmlFor="f-holder">Held by</label>
            <select id="f-holder" value={q.get("holder") ?? "any"} onChange={(e) => change(q, { holder: e.target.value === "any" ? "" : e.target.value })}>
              <option value="any">Anyone or nobody</option>
              <option value="none">Nobody</option>
              <option value="me">Me</option>
            </select></div>
          <div className="field"><label htmlFor="f-dup">Number</label>
            <select id="f-dup" value={q.get("dup") ?? ""} onChange={(e) => change(q, { dup: e.target.value })}>
              <option value="">Any number</option>
              <option value="yes">Another customer's too</option>
              <option value="no">This customer's only</option>
            </select></div>
          <div className="field"><label htmlFor="f-from">Submitted from</label>
            <input id="f-from" type="date" value={q.get("from") ?? ""} onChange={(e) => change(q, { from: e.target.value })} /></div>
          <div className="field"><label htmlFor="f-to">Submitted to</label>
            <input id="f-to" type="date" value={q.get("to") ?? ""} onChange={(e) => change(q, { to: e.target.value })} /></div>
        </form>
      )}
      {searching
        ? <p className="hint" data-testid="search-hint">KYCs in any status found by {SEARCHES.find((s) => s.by === searchBy)?.label.toLowerCase() ?? searchBy} “{searchText}”.</p>
        : <><Counters s={summary} /><p className="hint">Submitted documents, oldest first. Page {pages.number}.</p></>}
      {error && <Notice kind="error">{error}</Notice>}
      {items === null ? <p>Loading…</p> : items.length === 0 ? <p>{searching ? "Nothing found." : "Nothing is waiting for review."}</p> : (
        <div className="table-wrap">
          <table data-testid="queue">
            <caption className="sr-only">{searching ? "KYCs found" : "Submitted KYC documents, oldest first"}</caption>
            <thead><tr><th scope="col">Customer</th><th scope="col">Document</th><th scope="col">Number</th><th scope="col">Submitted</th>{searching && <th scope="col">Status</th>}<th scope="col">Same number elsewhere</th><th scope="col">Reviewed by</th></tr></thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.kyc_id} data-kyc-id={i.kyc_id}>
                  <td><a href={`#/kyc/${i.kyc_id}`}>{i.user_name ?? "(unknown)"}</a><br /><span className="hint">{i.user_email}</span></td>
                  <td>{docLabel(i.document_type)}{i.attempt > 1 && <><br /><span className="hint">attempt {i.attempt}</span></>}</td>
                  <td className="mono">{i.document_number ?? (i.document_unreadable ? "(unreadable)" : "—")}</td>
                  <td>{when(i.submitted_at)}{(!("status" in i) || i.status === "SUBMITTED") && <><br /><span className="hint">waiting {age(i.age_seconds)}</span></>}</td>
                  {"status" in i && <td data-testid="status">{i.status.toLowerCase()}</td>}
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
      {!searching && (
        <Pager pages={pages} label="Queue pages" firstLabel="First page" loading={loading}
          last={items && items.length === PAGE ? items[PAGE - 1].kyc_id : undefined} />
      )}
    </section>
  );
}
