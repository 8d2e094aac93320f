// Cursor pages of the API's lists (?after=<the last id of the page before>):
// the cursors of the pages shown before this one, and the buttons that
// move between them.
import { useState } from "react";

export interface Pages {
  after: string | undefined; // the cursor of this page; undefined on the first
  number: number; // 1-based
  first: () => void;
  back: () => void;
  next: (lastId: string) => void;
}

export function usePages(): Pages {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    after: cursors[cursors.length - 1],
    number: cursors.length + 1,
    first: () => setCursors([]),
    back: () => setCursors((c) => c.slice(0, -1)),
    // A cursor already taken (a second click before the page came) is not
    // a further page.
    next: (lastId) => setCursors((c) => (c.includes(lastId) ? c : [...c, lastId])),
  };
}

// last: the id of this page's last item when the page is full (there may
// be more), else undefined.  loading: a page is on its way (no button
// moves meanwhile).
export function Pager({ pages, label, firstLabel, last, loading }: {
  pages: Pages; label: string; firstLabel: string; last: string | undefined; loading: boolean;
}) {
  return (
    <nav className="pager" aria-label={label} aria-busy={loading}>
      <button type="button" disabled={loading || pages.number === 1} onClick={pages.first}>{firstLabel}</button>
      <button type="button" disabled={loading || pages.number === 1} onClick={pages.back}>Previous page</button>
      <button type="button" disabled={loading || last === undefined} onClick={() => last && pages.next(last)}>Next page</button>
    </nav>
  );
}
