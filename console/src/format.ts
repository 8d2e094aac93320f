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
