// The smartbank API, as the console uses it.  Every call sends the
// bearer token from the session; a 401 ends the session (the app then
// shows the login page).  Errors carry the server's JSON detail.
import { getSession, setSession } from "./session";

export interface FieldError {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public fields: FieldError[] = [],
    public retryAfter: number | null = null,
    // The whole answer: a 409 names who holds or decided the case.
    public body: Record<string, unknown> = {},
  ) {
    super(message);
  }
  // The message for one body field, if the server named it.
  field(name: string): string | undefined {
    return this.fields.find((f) => f.loc[f.loc.length - 1] === name)?.msg;
  }
}

let ended: ((why: string) => void) | null = null;
// Who hears that the session ended (the app, to show the login page).
export function onSessionEnded(f: (why: string) => void): void {
  ended = f;
}

function headers(json: boolean): Record<string, string> {
  const h: Record<string, string> = { Accept: "application/json" };
  const s = getSession();
  if (s) h.Authorization = "Bearer " + s.token;
  if (json) h["Content-Type"] = "application/json";
  return h;
}

async function failure(r: Response): Promise<ApiError> {
  let detail: unknown = null;
  let body: Record<string, unknown> = {};
  try {
    body = (await r.json()) as Record<string, unknown>;
    detail = body.detail;
  } catch {
    /* not JSON: a proxy's page */
  }
  const retry = Number(r.headers.get("Retry-After")) || null;
  if (Array.isArray(detail)) {
    return new ApiError(r.status, "Please correct the fields marked below.", detail as FieldError[], retry);
  }
  const msg = typeof detail === "string" ? detail : `The server answered ${r.status}.`;
  return new ApiError(r.status, msg, [], retry, body);
}

function check401(r: Response): void {
  if (r.status === 401 && getSession()) {
    setSession(null);
    ended?.("Your session has ended. Please log in again.");
  }
}

// signal: a newer request of the same page cancels this one (an
// AbortError, which the page ignores).
export async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let r: Response;
  try {
    r = await fetch(path, {
      method,
      headers: headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      // The device credential is an HttpOnly cookie for /auth/ only: the
      // browser keeps and sends it, no script can read it.
      credentials: "same-origin",
      signal,
    });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, "The server cannot be reached. Check your connection and try again.");
  }
  check401(r);
  if (!r.ok) throw await failure(r);
  return (await r.json()) as T;
}

// The raw bytes of a document, fetched with the bearer token (never with
// the token in a URL), as a Blob of the type the server sniffed.
export async function fetchBlob(path: string): Promise<Blob> {
  const r = await fetch(path, { headers: headers(false), cache: "no-store", credentials: "omit" });
  check401(r);
  if (!r.ok) throw await failure(r);
  return await r.blob();
}

// A JSON POST with upload progress (fetch reports none): XMLHttpRequest.
export function postWithProgress<T>(path: string, body: unknown, progress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open("POST", path);
    Object.entries(headers(true)).forEach(([k, v]) => x.setRequestHeader(k, v));
    x.upload.onprogress = (e) => {
      if (e.lengthComputable) progress(e.loaded / e.total);
    };
    x.onerror = () => reject(new ApiError(0, "The upload failed: the server cannot be reached."));
    x.onload = () => {
      const r = new Response(x.responseText, {
        status: x.status,
        headers: { "Retry-After": x.getResponseHeader("Retry-After") ?? "" },
      });
      check401(r);
      if (x.status >= 200 && x.status < 300) r.json().then((v) => resolve(v as T), reject);
      else failure(r).then(reject, reject);
    };
    x.send(JSON.stringify(body));
  });
}

export interface Profile {
  id: string;
  email: string;
  name: string;
  phone: string;
  role: string;
  kyc_status: string;
  created_at: string;
}

export interface Rejection {
  kind: "RETRY" | "FINAL";
  reasons: { code: string; text: string }[];
  next_step: string;
  internal_note?: string | null; // auditors' answers only
}

export interface HistoryItem {
  kyc_id: string;
  document_type: string;
  document_number: string | null;
  status: string;
  submitted_at: string;
  reviewed_at: string | null;
  review_notes: string | null;
  rejection: Rejection | null;
}

export interface Holder {
  id: string;
  email: string | null;
}

export interface Claim {
  kyc_id: string;
  user_id: string;
  claimed_by: Holder | null;
  claimed_until: string | null;
  renewed: boolean;
}

export interface Reason {
  code: string;
  text: string; // what the customer reads
  kind: "RETRY" | "FINAL";
}

export interface PendingItem {
  kyc_id: string;
  user_id: string;
  user_name: string | null;
  user_email: string | null;
  document_type: string;
  document_number: string | null; // null: shredded, or unreadable
  document_unreadable?: true;
  submitted_at: string;
  duplicate_count: number; // other customers' KYCs of the same number
  attempt: number;
  age_seconds: number;
  claimed_by: Holder | null; // who reviews it now
  claimed_until: string | null;
  approvals: { given: number; required: number };
  first_approval: { by: Holder; at: string } | null;
}

export interface Duplicate {
  kyc_id: string;
  user_id: string;
  status: string;
  user_name: string | null;
  user_email: string | null;
}

export interface Earlier {
  kyc_id: string;
  document_type: string;
  status: string;
  submitted_at: string;
  reviewed_at: string | null;
  reviewed_by: string | null;
  reviewed_by_email: string | null;
  review_notes: string | null;
  rejection: Rejection | null;
}

// GET /kyc/pending/summary: what the filters leave of the queue.
export interface QueueSummary {
  count: number;
  oldest_submitted_at: string | null;
  oldest_age_seconds: number | null;
  by_document_type: Record<string, number>;
}

// GET /kyc/search: the queue's items, each with its status.
export interface FoundItem extends PendingItem {
  status: string;
}

export interface KycDetail extends PendingItem {
  status: string;
  duplicates: Duplicate[]; // at most ten, oldest first
  media_type: string;
  document_encoding: string;
  document_width?: number; // an image's, found at upload
  document_height?: number;
  document_pages?: number; // a PDF's
  reviewed_by?: string | null;
  reviewed_at?: string | null;
  review_notes?: string | null;
  earlier_submissions: Earlier[];
  rejection: Rejection | null;
}

export interface AuditEntry {
  id: string;
  user_id: string | null;
  actor_id: string | null;
  action: string;
  actor_role: string | null;
  timestamp: string;
  ip_address: string | null;
  details: Record<string, unknown> | null;
  user_email?: string | null;
  actor_email?: string | null;
}

// One list page's loads: each new one cancels the one before, so that an
// older answer never shows over a newer one.  Returns the load to call.
export function latest(): () => AbortSignal {
  let current: AbortController | null = null;
  return () => {
    current?.abort();
    current = new AbortController();
    return current.signal;
  };
}

export function aborted(err: unknown): boolean {
  return (err as Error)?.name === "AbortError";
}
