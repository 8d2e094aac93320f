// Times and statuses as people read them.
export function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return isNaN(d.getTime()) ? iso : d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}

export const STATUS_TEXT: Record<string, string> = {
  PENDING: "Not submitted yet",
  SUBMITTED: "Submitted, waiting for review",
  APPROVED: "Approved",
  REJECTED: "Rejected",
};

export function docLabel(type: string): string {
  return (
    { aadhar: "Aadhaar", pan: "PAN", passport: "Passport", driving_license: "Driving licence", voter_id: "Voter ID" }[type] ?? type
  );
}

// How long something has waited, in the largest whole unit.
export function age(seconds: number): string {
  if (seconds < 60) return "under a minute";
  const [n, unit] = seconds < 3600 ? [Math.floor(seconds / 60), "minute"]
    : seconds < 86400 ? [Math.floor(seconds / 3600), "hour"] : [Math.floor(seconds / 86400), "day"];
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

// A time of today as hours and minutes, for a lease's end.
export function clock(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return isNaN(d.getTime()) ? iso : d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
}
