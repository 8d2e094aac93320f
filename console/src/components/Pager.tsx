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
    back: () => setCursors(cursors.slice(0, -1)),
    next: (lastId) => setCursors([...cursors, lastId]),
  };
}

// last: the id of this page's last item when the page is full (there may
// be more), else undefined.
export function Pager({ pages, label, firstLabel, last }: {
  pages: Pages; label: string; firstLabel: string; last: string | undefined;
}) {
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={pages.number === 1} onClick={pages.first}>{firstLabel}</button>
      <button type="button" disabled={pages.number === 1} onClick={pages.back}>Previous page</button>
      <button type="button" disabled={last === undefined} onClick={() => last && pages.next(last)}>Next page</button>
    </nav>
  );
}
