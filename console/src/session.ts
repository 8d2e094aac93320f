// The session: the access token in memory, mirrored in sessionStorage so
// that a reload of the tab keeps it (never localStorage, never a cookie:
// a token that outlives the tab, or one the browser sends by itself, is
// one more way to lose it).
export type Role = "customer" | "auditor";

export interface Session {
  token: string;
  role: Role;
  email: string;
  expires: number; // ms since the epoch, from the token's exp
}

const KEY = "smartbank.session";
let current: Session | null = null;
const listeners = new Set<() => void>();

// The claims of a JWT, read (not verified: the server does that).
export function claims(token: string): Record<string, unknown> | null {
  const part = token.split(".")[1];
  if (!part) return null;
  try {
    const b64 = part.replace(/-/g, "+").replace(/_/g, "/");
    const json = atob(b64 + "===".slice((b64.length + 3) % 4));
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export function fromToken(token: string): Session | null {
  const c = claims(token);
  if (!c || typeof c.exp !== "number" || typeof c.email !== "string") return null;
  if (c.role !== "customer" && c.role !== "auditor") return null;
  return { token, role: c.role, email: c.email, expires: c.exp * 1000 };
}

export function getSession(): Session | null {
  if (current === null) {
    const saved = sessionStorage.getItem(KEY);
    const s = saved ? fromToken(saved) : null;
    if (s && s.expires > Date.now()) current = s;
    else sessionStorage.removeItem(KEY);
  }
  return current;
}

export function setSession(s: Session | null): void {
  current = s;
  if (s) sessionStorage.setItem(KEY, s.token);
  else sessionStorage.removeItem(KEY);
  listeners.forEach((f) => f());
}

export function onSession(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}
