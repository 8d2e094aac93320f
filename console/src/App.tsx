// The console's frame: a header with who is signed in and until when, the
// page of the route, and the rules of who sees which page.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError, call, onSessionEnded } from "./api";
import { go, splitRoute, useRoute } from "./router";
import { fromToken, getSession, onSession, setSession } from "./session";
import { AuditLog } from "./pages/AuditLog";
import { Customer } from "./pages/Customer";
import { Login } from "./pages/Login";
import { Queue } from "./pages/Queue";
import { Register } from "./pages/Register";
import { Review } from "./pages/Review";
import { YourData } from "./pages/YourData";

function useSession() {
  const [s, set] = useState(getSession);
  useEffect(() => onSession(() => set(getSession())), []);
  return s;
}

// Two minutes before the session ends: a way to stay, with the password,
// above the page, which stays as it is (what was typed in it too).
function ExpiryWarning({ email, expires }: { email: string; expires: number }) {
  const [soon, setSoon] = useState(false);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setSoon(true), Math.max(0, expires - 120000 - Date.now()));
    return () => clearTimeout(t);
  }, [expires]);
  if (!soon) return null;

  async function stay(e: FormEvent) {
    e.preventDefault();
    try {
      const r = await call<{ access_token: string }>("POST", "/auth/login", { email, password });
      const s = fromToken(r.access_token);
      if (s) setSession(s);
    } catch (err) {
      const a = err as ApiError;
      setError(a.message === "Invalid credentials" ? "The password is wrong." : a.message);
    }
  }
  return (
    <div className="notice notice-info" role="alert" data-testid="expiry-warning">
      <p>Your session ends at {new Date(expires).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}.
        Enter your password to stay logged in; nothing on this page is lost.</p>
      <form className="stay" onSubmit={stay}>
        <label htmlFor="stay-password">Password</label>
        <input id="stay-password" type="password" autoComplete="current-password" value={password}
          onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" className="primary">Stay logged in</button>
      </form>
      {error && <p className="error">{error}</p>}
    </div>
  );
}

export function App() {
  const route = useRoute();
  const [path] = splitRoute(route);
  const session = useSession();
  const [notice, setNotice] = useState<string | null>(null);
  const [email, setEmail] = useState<string | undefined>();
  const main = useRef<HTMLElement>(null);

  // A session that ends shows the login page where the user was, and
  // logging in again goes back there (a case, the audit log).
  useEffect(() => onSessionEnded((why) => setNotice(why)), []);
  // The session's end, as the token says.
  useEffect(() => {
    if (!session) return;
    const t = setTimeout(() => { setSession(null); setNotice("Your session has ended. Please log in again."); },
      Math.max(0, session.expires - Date.now()));
    return () => clearTimeout(t);
  }, [session]);
  // A new page: its heading takes the focus, for keyboards and screen readers.
  useEffect(() => {
    main.current?.querySelector<HTMLElement>("h1")?.focus();
  }, [route, session?.role]);

  // Logging out ends the session on the server too: every token of the
  // user stops working at once, not when it would expire.
  async function logOut() {
    let why = "You have logged out.";
    try {
      await call("POST", "/auth/logout");
    } catch (err) {
      if ((err as ApiError).status !== 401) {
        why = "You have logged out of this browser, but the server could not be told: "
          + "your session stays valid until it expires.";
      }
    }
    setSession(null);
    setNotice(why);
    go("/login");
  }

  let page;
  const kyc = /^\/kyc\/([0-9a-f]{24})$/.exec(path);
  if (!session) {
    page = path === "/register"
      ? <Register done={(e) => { setEmail(e); setNotice("Your account is ready. Log in to submit your KYC."); go("/login"); }} />
      : <Login notice={notice} email={email} />;
  } else if (session.role === "customer") {
    page = path === "/data"
      ? <YourData ended={(why) => { setSession(null); setNotice(why); go("/login"); }} />
      : <Customer />;
  } else if (kyc) {
    page = <Review key={kyc[1]} id={kyc[1]} />;
  } else if (path === "/audit") {
    page = <AuditLog />;
  } else {
    page = <Queue />;
  }
  useEffect(() => {
    if (session && (path === "/login" || path === "/register" || path === "/")) go(session.role === "auditor" ? "/queue" : "/me");
  }, [session, path]);

  return (
    <>
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); main.current?.querySelector<HTMLElement>("h1")?.focus(); }}>Skip to content</a>
      <header className="top">
        <span className="brand">smartbank</span>
        {session && (
          <nav aria-label="Main">
            {session.role === "auditor"
              ? <><a href="#/queue" aria-current={path !== "/audit" ? "page" : undefined}>Queue</a><a href="#/audit" aria-current={path === "/audit" ? "page" : undefined}>Audit log</a></>
              : <><a href="#/me" aria-current={path !== "/data" ? "page" : undefined}>My KYC</a><a href="#/data" aria-current={path === "/data" ? "page" : undefined}>Your data</a></>}
          </nav>
        )}
        {session && (
          <div className="who">
            <span>{session.email} ({session.role})</span>
            <span data-testid="expiry">Session ends at {new Date(session.expires).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}</span>
            <button type="button" onClick={logOut}>Log out</button>
          </div>
        )}
      </header>
      <main id="main" ref={main}>{session && <ExpiryWarning key={session.token} email={session.email} expires={session.expires} />}{page}</main>
    </>
  );
}
