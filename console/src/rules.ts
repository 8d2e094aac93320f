// Client-side checks that mirror the server's (src/base/validate.c and the
// README): they save a round trip, the server still decides.  Each returns
// a message, or null when the value passes.

export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export function checkEmail(v: string): string | null {
  const s = v.trim();
  if (!s) return "Enter your email address.";
  if (s.length > 254) return "An email address has at most 254 characters.";
  if (!/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/.test(s))
    return "Enter an email address like name@example.com.";
  return null;
}

export function checkPassword(v: string, min = 8): string | null {
  const bytes = new TextEncoder().encode(v).length;
  if (bytes < min) return `Use at least ${min} characters.`;
  if (bytes > 72) return "Use at most 72 bytes.";
  return null;
}

export function checkName(v: string): string | null {
  const s = v.trim();
  if (!s) return "Enter your name.";
  if ([...s].length > 100) return "A name has at most 100 characters.";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(s)) return "A name has no control characters.";
  return null;
}

export function checkPhone(v: string): string | null {
  if (!/^\+[1-9][0-9]{7,14}$/.test(v.trim()))
    return "Enter the number in international form: + and 8 to 15 digits, e.g. +919876543210.";
  return null;
}

export interface DocumentKind {
  type: string;
  label: string;
  format: string; // shown next to the number field
  example: string;
  pattern: RegExp;
}

// The formats of src/base/validate.c: separators all there or none, and
// always the same one.
export const DOCUMENT_KINDS: DocumentKind[] = [
  { type: "aadhar", label: "Aadhaar", format: "12 digits, optionally in groups of four", example: "2345 6789 0123",
    pattern: /^([0-9]{4}([ -]?)[0-9]{4}\2[0-9]{4})$/ },
  { type: "pan", label: "PAN", format: "five letters, four digits, a letter", example: "ABCPE1234F",
    pattern: /^[A-Z]{5}[0-9]{4}[A-Z]$/ },
  { type: "passport", label: "Passport", format: "a letter and seven digits", example: "A1234567",
    pattern: /^[A-Z][0-9]{7}$/ },
  { type: "driving_license", label: "Driving licence", format: "state code, RTO digits, year and serial", example: "MH14 20110062821",
    pattern: /^([A-Z]{2}([ -]?)[0-9]{2}\2[0-9]{11}|[A-Z]{2}[ -]?[0-9]{13}|[A-Z]{2}[0-9]{2}[ -]?[0-9]{11})$/ },
  { type: "voter_id", label: "Voter ID (EPIC)", format: "three letters and seven digits", example: "ABC1234567",
    pattern: /^[A-Z]{3}[0-9]{7}$/ },
];

export function kindOf(type: string): DocumentKind | undefined {
  return DOCUMENT_KINDS.find((k) => k.type === type);
}

export function checkDocumentNumber(type: string, v: string): string | null {
  const k = kindOf(type);
  if (!k) return "Choose a document type.";
  if (!v) return "Enter the document number.";
  if (!k.pattern.test(v)) return `${k.label} numbers are ${k.format} (e.g. ${k.example}).`;
  return null;
}

// What the server stores: JPEG, PNG, WebP and PDF as base64, plain text as text.
export const ACCEPTED = "image/jpeg,image/png,image/webp,application/pdf,text/plain";

export function checkFile(f: File | null): string | null {
  if (!f) return "Choose the scan of your document.";
  if (f.size === 0) return "The file is empty.";
  if (f.size > MAX_DOCUMENT_BYTES)
    return `The file is ${(f.size / 1048576).toFixed(1)} MiB; the limit is 5 MiB.`;
  if (!ACCEPTED.split(",").includes(f.type))
    return "Upload a JPEG, PNG, WebP or PDF scan, or a plain text file.";
  return null;
}
