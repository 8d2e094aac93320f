// The KYC upload: type, number (its format shown), the scan by file picker
// or drag and drop, a preview of an image, the 5 MiB limit checked before
// sending, and a progress bar while it goes.
import { useEffect, useRef, useState, type DragEvent, type FormEvent } from "react";
import { ApiError, postWithProgress } from "../api";
import { Notice } from "../components/Field";
import { ACCEPTED, DOCUMENT_KINDS, checkDocumentNumber, checkFile, kindOf } from "../rules";

// base64 of the file's bytes, a slice at a time (btoa takes a string, and
// a spread of millions of arguments would overflow the stack).  A slice is
// a multiple of 3 bytes, so that no padding lands inside the result.
const SLICE = 3 * 8192;
async function base64Of(f: File): Promise<string> {
  const bytes = new Uint8Array(await f.arrayBuffer());
  let out = "";
  for (let i = 0; i < bytes.length; i += SLICE) {
    out += btoa(String.fromCharCode(...bytes.subarray(i, i + SLICE)));
  }
  return out;
}

// The scan as the API takes it: plain text as text, anything else base64.
async function documentData(f: File): Promise<string> {
  return f.type === "text/plain" ? await f.text() : await base64Of(f);
}

export function Upload({ resubmission, done }: { resubmission: boolean; done: () => void }) {
  const [type, setType] = useState("aadhar");
  const [number, setNumber] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ number?: string | null; file?: string | null }>({});
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const kind = kindOf(type)!;

  useEffect(() => {
    if (!file || !file.type.startsWith("image/")) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  function choose(f: File | null) {
    setFile(f);
    setErrors({ ...errors, file: f ? checkFile(f) : null });
  }

  function drop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    // The file input would still name a file chosen before: the drop is
    // the file now, named below it.
    if (input.current) input.current.value = "";
    choose(e.dataTransfer.files[0] ?? null);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const n = number.trim().toUpperCase();
    const found = { number: checkDocumentNumber(type, n), file: checkFile(file) };
    setErrors(found);
    setError(null);
    if (found.number || found.file) return;
    setProgress(0);
    try {
      const data = await documentData(file!);
      await postWithProgress("/kyc/upload", { document_type: type, document_number: n, document_data: data }, setProgress);
      done();
    } catch (err) {
      const a = err as ApiError;
      setErrors({ number: a.field("document_number"), file: a.field("document_data") });
      setError(a.status === 429 && a.retryAfter ? `${a.message} Try again in ${Math.ceil(a.retryAfter / 60)} minutes.` : a.message);
    } finally {
      setProgress(null);
    }
  }

  return (
    <section className="card" aria-labelledby="upload-title">
      <h2 id="upload-title">{resubmission ? "Submit your document again" : "Submit your identity document"}</h2>
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="document_type">Document type</label>
          <select id="document_type" value={type} onChange={(e) => { setType(e.target.value); setErrors({ ...errors, number: null }); }}>
            {DOCUMENT_KINDS.map((k) => <option key={k.type} value={k.type}>{k.label}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="document_number">Document number</label>
          <p id="document_number-hint" className="hint">{kind.label}: {kind.format}, e.g. {kind.example}</p>
          <input id="document_number" value={number} autoComplete="off"
            onChange={(e) => { setNumber(e.target.value); if (errors.number) setErrors({ ...errors, number: null }); }}
            aria-describedby={"document_number-hint" + (errors.number ? " document_number-error" : "")}
            aria-invalid={errors.number ? true : undefined} />
          {errors.number && <p id="document_number-error" className="error" data-field-error="document_number">{errors.number}</p>}
        </div>
        <div className="field">
          <label htmlFor="document_file">Scan of the document</label>
          <p id="document_file-hint" className="hint">JPEG, PNG, WebP or PDF (or plain text), at most 5 MiB. Choose a file or drop it below.</p>
          <div className={"dropzone" + (dragging ? " dragging" : "")} data-testid="dropzone"
            onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
            onDragLeave={() => setDragging(false)} onDrop={drop}>
            <input id="document_file" ref={input} type="file" accept={ACCEPTED}
              aria-describedby={"document_file-hint" + (errors.file ? " document_file-error" : "")}
              aria-invalid={errors.file ? true : undefined}
              onChange={(e) => choose(e.target.files?.[0] ?? null)} />
            {file && <p className="filename">{file.name} · {(file.size / 1024).toFixed(0)} KiB</p>}
            {preview && <img className="preview" src={preview} alt="Preview of the chosen scan" />}
          </div>
          {errors.file && <p id="document_file-error" className="error" data-field-error="document_file">{errors.file}</p>}
        </div>
        {progress !== null && (
          <div className="field">
            <label htmlFor="upload_progress">Uploading</label>
            <progress id="upload_progress" max={1} value={progress}>{Math.round(progress * 100)}%</progress>
          </div>
        )}
        <button type="submit" className="primary" disabled={progress !== null}>Submit document</button>
      </form>
    </section>
  );
}
