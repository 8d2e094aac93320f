// Log in: customers and auditors alike; the token's role says where to go.
import { useState, type FormEvent } from "react";
import { ApiError, call } from "../api";
import { Field, Notice } from "../components/Field";
import { go } from "../router";
import { fromToken, setSession } from "../session";
import { checkEmail } from "../rules";

export function Login({ notice, email: initial }: { notice?: string | null; email?: string }) {
  const [email, setEmail] = useState(initial ?? "");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [emailError, setEmailError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const bad = checkEmail(email);
    setEmailError(bad);
    setError(null);
    if (bad || !password) {
      if (!password) setError("Enter your password.");
      return;
    }
    setBusy(true);
    try {
      const r = await call<{ access_token: string }>("POST", "/auth/login", { email: email.trim(), password });
      const s = fromToken(r.access_token);
      if (!s) throw new ApiError(0, "The server sent a token this console cannot read.");
      setSession(s);
      // A link opened before logging in (a case, the audit log) is where
      // the auditor goes; anything else, the role's first page.
      const here = location.hash.slice(1);
      const keep = s.role === "auditor" ? /^\/(kyc\/[0-9a-f]{24}|audit|queue)$/.test(here) : here === "/me";
      if (!keep) go(s.role === "auditor" ? "/queue" : "/me");
    } catch (err) {
      const a = err as ApiError;
      // A 429's detail says why and when, in minutes, in the server's words.
      setError(a.message === "Invalid credentials" ? "The email or the password is wrong." : a.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card narrow">
      <h1 tabIndex={-1}>Log in</h1>
      {notice && <Notice kind="info">{notice}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={submit} noValidate>
        <Field id="email" label="Email" type="email" autoComplete="username" value={email}
          onChange={(e) => setEmail(e.target.value)} error={emailError} required />
        <Field id="password" label="Password" type="password" autoComplete="current-password" value={password}
          onChange={(e) => setPassword(e.target.value)} required />
        <button type="submit" className="primary" disabled={busy}>{busy ? "Logging in…" : "Log in"}</button>
      </form>
      <p>New customer? <a href="#/register">Create an account</a></p>
    </section>
  );
}
