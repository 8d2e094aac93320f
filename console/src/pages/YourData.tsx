// The customer's rights over their data: a copy of everything the bank
// holds (downloaded as a file), the name and phone corrected, and the
// optional purposes of the privacy notice given or withdrawn, and the
// account closed and erased.  Each says plainly what it does.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { ApiError, call, fetchBlob, type Profile } from "../api";
import { Field, Notice } from "../components/Field";
import { when } from "../format";
import { checkName, checkPhone } from "../rules";

interface Purpose { purpose: string; required: boolean; what: string; data: string; basis: string }
interface Consent { purpose: string; required: boolean; given: boolean; at: string | null }

function Download() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [scans, setScans] = useState(false);

  async function download() {
    setBusy(true);
    setError(null);
    const file = scans ? "smartbank-export.zip" : "smartbank-export.json";
    try {
      const blob = await fetchBlob("/users/me/export" + (scans ? "?include=documents" : ""));
      // A link to the bytes in memory, clicked once, then let go.
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = file;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
      setDone(file);
    } catch (err) {
      setError((err as ApiError).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby="download-title">
      <h2 id="download-title">Download a copy of your data</h2>
      <p>One file with everything the bank holds about you: your details, your consents, every document you
        submitted (its number in full) and its review, and the record of what was done on your account and by
        whom (staff are named by their role). Each item says how long the bank keeps it. You can download it once
        an hour.</p>
      {error && <Notice kind="error">{error}</Notice>}
      {done && !error && <Notice kind="success">Your data was downloaded as {done}.</Notice>}
      <div className="purpose">
        <input type="checkbox" id="export-scans" checked={scans} onChange={(e) => setScans(e.target.checked)} />
        <label htmlFor="export-scans">With my documents (a ZIP file with the scans I uploaded)</label>
      </div>
      <button type="button" className="primary" onClick={download} disabled={busy}>
        {busy ? "Preparing…" : "Download my data"}
      </button>
    </section>
  );
}

function Correct({ me, saved }: { me: Profile; saved: (p: Profile) => void }) {
  const [name, setName] = useState(me.name);
  const [phone, setPhone] = useState(me.phone);
  const [errors, setErrors] = useState<{ name?: string | null; phone?: string | null }>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = { name: checkName(name), phone: checkPhone(phone) };
    setErrors(found);
    setDone(false);
    setError(null);
    if (found.name || found.phone) return;
    const body: Record<string, string> = {};
    if (name.trim() !== me.name) body.name = name.trim();
    if (phone.trim() !== me.phone) body.phone = phone.trim();
    if (Object.keys(body).length === 0) {
      setError("Nothing to change: these are your details as they are.");
      return;
    }
    try {
      saved(await call<Profile>("PATCH", "/users/me", body));
      setDone(true);
    } catch (err) {
      const a = err as ApiError;
      setErrors({ name: a.field("name"), phone: a.field("phone") });
      setError(a.message);
    }
  }
  return (
    <section className="card" aria-labelledby="correct-title">
      <h2 id="correct-title">Correct your details</h2>
      <p>Your email, {me.email}, cannot be changed here: it is how the bank knows you. To change it, contact the
        bank.</p>
      {error && <Notice kind="error">{error}</Notice>}
      {done && <Notice kind="success">Your details were corrected.</Notice>}
      <form onSubmit={submit} noValidate>
        <Field id="data-name" label="Full name" autoComplete="name" value={name}
          onChange={(e) => setName(e.target.value)} error={errors.name} />
        <Field id="data-phone" label="Mobile number" type="tel" autoComplete="tel"
          hint="International form, e.g. +919876543210" value={phone}
          onChange={(e) => setPhone(e.target.value)} error={errors.phone} />
        <button type="submit" className="primary">Save my details</button>
      </form>
    </section>
  );
}

function Consents() {
  const [notice, setNotice] = useState<{ version: string; purposes: Purpose[] } | null>(null);
  const [consents, setConsents] = useState<Consent[]>([]);
  const [want, setWant] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const show = (list: Consent[]) => {
    setConsents(list);
    setWant(Object.fromEntries(list.map((c) => [c.purpose, c.given])));
  };
  useEffect(() => {
    Promise.all([call<{ version: string; purposes: Purpose[] }>("GET", "/privacy/notice"),
      call<{ consents: Consent[] }>("GET", "/users/me/consents")])
      .then(([n, c]) => { setNotice(n); show(c.consents); })
      .catch((err) => setError((err as ApiError).message));
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    setError(null);
    const changed = Object.fromEntries(consents.filter((c) => !c.required && want[c.purpose] !== c.given)
      .map((c) => [c.purpose, want[c.purpose]]));
    if (Object.keys(changed).length === 0) {
      setError("Nothing to change: tick or untick a purpose first.");
      return;
    }
    try {
      show((await call<{ consents: Consent[] }>("PUT", "/users/me/consents", { consents: changed })).consents);
      setDone(true);
    } catch (err) {
      setError((err as ApiError).message);
    }
  }
  return (
    <section className="card" aria-labelledby="consents-title">
      <h2 id="consents-title">What your data is used for</h2>
      {notice && <p>The bank's privacy notice (version {notice.version}). Verifying your identity is required by
        law and cannot be turned off while you are a customer; the rest are up to you, and you can change your
        mind at any time.</p>}
      {error && <Notice kind="error">{error}</Notice>}
      {done && <Notice kind="success">Your choices were saved.</Notice>}
      {notice && consents.length > 0 && (
        <form onSubmit={submit}>
          <fieldset className="purposes">
            <legend className="sr-only">Purposes</legend>
            {notice.purposes.map((p) => {
              const c = consents.find((x) => x.purpose === p.purpose);
              return (
                <div className="purpose" key={p.purpose}>
                  <input type="checkbox" id={"purpose-" + p.purpose} checked={want[p.purpose] ?? false}
                    disabled={p.required} aria-describedby={"purpose-" + p.purpose + "-why"}
                    onChange={(e) => setWant({ ...want, [p.purpose]: e.target.checked })} />
                  <label htmlFor={"purpose-" + p.purpose}>{p.what}</label>
                  <p className="hint" id={"purpose-" + p.purpose + "-why"}>
                    Uses: {p.data}. Basis: {p.basis}.
                    {p.required ? " Required by law." : c?.at ? ` Last changed ${when(c.at)}.` : " Not asked yet."}
                  </p>
                </div>
              );
            })}
          </fieldset>
          <button type="submit" className="primary">Save my choices</button>
        </form>
      )}
    </section>
  );
}

// Erasure: its consequences first, in plain words; the password confirms.
function Erase({ ended }: { ended: (why: string) => void }) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!password) {
      setError("Enter your password to confirm.");
      return;
    }
    setBusy(true);
    try {
      const r = await call<{ status: string; detail: string }>("POST", "/users/me/erasure", { password });
      ended(r.detail);
    } catch (err) {
      setError((err as ApiError).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby="erase-title">
      <h2 id="erase-title">Close your account and erase your data</h2>
      <ul>
        <li>Your account closes at once: you are logged out everywhere and cannot log in again.</li>
        <li>If your identity was never verified, your documents, their keys and your name, email and phone are
          erased now.</li>
        <li>If it was verified, the law (the RBI's KYC Master Direction) requires the bank to keep your identity
          records for five years after your account closes. They are erased then, and you are told the date.</li>
        <li>The record of what was done on your account stays, naming you by a number only.</li>
      </ul>
      <p>Download your data first if you want a copy: you cannot log in afterwards.</p>
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={submit} noValidate>
        <Field id="erase-password" label="Your password, to confirm" type="password"
          autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" className="danger" disabled={busy}>Close my account and erase my data</button>
      </form>
    </section>
  );
}

export function YourData({ ended }: { ended: (why: string) => void }) {
  const [me, setMe] = useState<Profile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setMe(await call<Profile>("GET", "/users/me"));
    } catch (err) {
      setError((err as ApiError).message);
    }
  }, []);
  useEffect(() => void load(), [load]);

  return (
    <>
      <section className="card">
        <h1 tabIndex={-1}>Your data</h1>
        <p>What the bank holds about you, and what you can do about it under India's Digital Personal Data
          Protection Act.</p>
        {error && <Notice kind="error">{error}</Notice>}
      </section>
      <Download />
      {me && <Correct me={me} saved={setMe} />}
      <Consents />
      <Erase ended={ended} />
    </>
  );
}
