// A labelled input with its hint and its error, tied together for screen
// readers (aria-describedby, aria-invalid).
import type { InputHTMLAttributes, ReactNode } from "react";

interface Props extends InputHTMLAttributes<HTMLInputElement> {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | null;
}

export function Field({ id, label, hint, error, ...input }: Props) {
  const described = [hint ? id + "-hint" : "", error ? id + "-error" : ""].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && <p id={id + "-hint"} className="hint">{hint}</p>}
      <input id={id} name={id} aria-invalid={error ? true : undefined} aria-describedby={described || undefined} {...input} />
      {error && <p id={id + "-error"} className="error" data-field-error={id}>{error}</p>}
    </div>
  );
}

export function Notice({ kind, children }: { kind: "error" | "info" | "success"; children: ReactNode }) {
  return (
    <div className={"notice notice-" + kind} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={"badge badge-" + status.toLowerCase()}>{status}</span>;
}
