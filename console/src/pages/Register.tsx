// Registration: the client checks mirror the server's; whatever the server
// still refuses (a common password, a taken email) is shown where it belongs.
import { useState, type FormEvent } from "react";
import { ApiError, call } from "../api";
import { Field, Notice } from "../components/Field";
import { checkEmail, checkName, checkPassword, checkPhone } from "../rules";

type Form = { name: string; email: string; phone: string; password: string };
const EMPTY: Form = { name: "", email: "", phone: "", password: "" };

export function Register({ done }: { done: (email: string) => void }) {
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof Form, string | null>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = {
      name: checkName(form.name),
      email: checkEmail(form.email),
      phone: checkPhone(form.phone),
      password: checkPassword(form.password),
    };
    setErrors(found);
    setError(null);
    if (Object.values(found).some(Boolean)) {
      setError("Please correct the fields marked below.");
      return;
    }
    setBusy(true);
    try {
      await call("POST", "/auth/register", {
        name: form.name.trim(), email: form.email.trim(), phone: form.phone.trim(), password: form.password,
      });
      done(form.email.trim().toLowerCase());
    } catch (err) {
      const a = err as ApiError;
      if (a.fields.length) {
        setErrors({ name: a.field("name"), email: a.field("email"), phone: a.field("phone"), password: a.field("password") });
      } else if (a.status === 400) {
        setErrors({ email: a.message });
      }
      setError(a.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card narrow">
      <h1 tabIndex={-1}>Create an account</h1>
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={submit} noValidate>
        <Field id="name" label="Full name" autoComplete="name" value={form.name} onChange={set("name")} error={errors.name} required />
        <Field id="email" label="Email" type="email" autoComplete="email" value={form.email} onChange={set("email")} error={errors.email} required />
        <Field id="phone" label="Mobile number" type="tel" autoComplete="tel" hint="International form, e.g. +919876543210"
          value={form.phone} onChange={set("phone")} error={errors.phone} required />
        <Field id="password" label="Password" type="password" autoComplete="new-password"
          hint="8 to 72 characters; not a common or leaked password" value={form.password} onChange={set("password")}
          error={errors.password} required />
        <button type="submit" className="primary" disabled={busy}>{busy ? "Creating…" : "Create account"}</button>
      </form>
      <p>Already registered? <a href="#/login">Log in</a></p>
    </section>
  );
}
