// Keyboard shortcuts of a page, and the overlay that lists them (?).  A key
// typed into a field is the field's, never a shortcut.
import { useEffect, useRef, useState } from "react";

export interface Shortcut {
  key: string; // as KeyboardEvent.key says it
  what: string;
  run: () => void;
}

function typing(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && t.closest("input, textarea, select, [contenteditable]") !== null;
}

export function Shortcuts({ list }: { list: Shortcut[] }) {
  const [open, setOpen] = useState(false);
  const close = useRef<HTMLButtonElement>(null);
  const latest = useRef(list);
  latest.current = list;

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "Escape") {
        setOpen(false);
        return;
      }
      if (typing(e.target)) return;
      if (e.key === "?") {
        e.preventDefault();
        setOpen((o) => !o);
        return;
      }
      const s = latest.current.find((x) => x.key === e.key);
      if (s) {
        e.preventDefault();
        setOpen(false);
        s.run();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  useEffect(() => {
    if (open) close.current?.focus();
  }, [open]);

  return (
    <>
      <p className="hint shortcuts-hint">Press <kbd>?</kbd> for keyboard shortcuts.</p>
      {open && (
        <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" data-testid="shortcuts">
          <div className="card">
            <h2 id="shortcuts-title">Keyboard shortcuts</h2>
            <dl className="facts">
              {list.map((s) => <div key={s.key} className="contents"><dt><kbd>{s.key}</kbd></dt><dd>{s.what}</dd></div>)}
              <div className="contents"><dt><kbd>?</kbd></dt><dd>Show or hide this list</dd></div>
              <div className="contents"><dt><kbd>Esc</kbd></dt><dd>Close this list, or cancel a confirmation</dd></div>
            </dl>
            <button ref={close} type="button" onClick={() => setOpen(false)}>Close</button>
          </div>
        </div>
      )}
    </>
  );
}
