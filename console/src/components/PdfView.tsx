// A PDF drawn by pdf.js on the console's own canvas: never the browser's
// viewer, never a frame, so a document's own code (JavaScript actions, XFA
// forms, embedded files) has nowhere to run.  pdf.js itself is loaded only
// when a PDF is opened, parses in a worker from this origin, runs no
// scripts of the document (its scripting is a separate sandbox we do not
// load) and makes no code from data (isEvalSupported: false).
import { useEffect, useRef, useState } from "react";
import type { PDFDocumentProxy, RenderTask } from "pdfjs-dist";
import { Notice } from "./Field";

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

async function openPdf(bytes: ArrayBuffer): Promise<PDFDocumentProxy> {
  const pdfjs = await import("pdfjs-dist");
  const worker = await import("pdfjs-dist/build/pdf.worker.min.mjs?url");
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  return pdfjs.getDocument({
    data: new Uint8Array(bytes),
    // (No isEvalSupported: pdf.js 5 dropped the option with its last use
    // of eval; the console's CSP, without 'unsafe-eval', forbids it anyway.)
    enableXfa: false,
    // Nothing is fetched for the document: fonts and maps come from it.
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
  }).promise;
}

export function PdfView({ blob }: { blob: Blob }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState(2); // index into ZOOMS: 100 %
  const [rotation, setRotation] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let opened: PDFDocumentProxy | null = null;
    blob.arrayBuffer().then(openPdf).then((d) => {
      opened = d;
      if (live) setDoc(d);
      else void d.destroy();
    }, () => live && setError("This PDF cannot be shown: it is damaged or not a PDF."));
    return () => {
      live = false;
      void opened?.destroy();
    };
  }, [blob]);

  useEffect(() => {
    if (!doc || !canvas.current) return;
    let task: RenderTask | null = null;
    let live = true;
    doc.getPage(page).then((p) => {
      if (!live || !canvas.current) return;
      const ratio = window.devicePixelRatio || 1;
      const view = p.getViewport({ scale: ZOOMS[zoom] * ratio, rotation });
      const c = canvas.current;
      c.width = Math.floor(view.width);
      c.height = Math.floor(view.height);
      c.style.width = `${Math.floor(view.width / ratio)}px`;
      task = p.render({ canvas: c, viewport: view, annotationMode: 0 });
      task.promise.then(() => live && c.setAttribute("data-rendered", `${page}`), () => undefined);
    }, () => live && setError("This page of the PDF cannot be shown."));
    return () => {
      live = false;
      task?.cancel();
    };
  }, [doc, page, zoom, rotation]);

  if (error) return <Notice kind="error">{error}</Notice>;
  if (!doc) return <p>Opening the PDF…</p>;
  const pages = doc.numPages;
  return (
    <div className="pdf" data-testid="scan-pdf" data-pages={pages}>
      <div className="pdf-tools" role="toolbar" aria-label="Document view">
        <button type="button" onClick={() => setPage(page - 1)} disabled={page <= 1}>Previous page</button>
        <span aria-live="polite">Page {page} of {pages}</span>
        <button type="button" onClick={() => setPage(page + 1)} disabled={page >= pages}>Next page</button>
        <button type="button" onClick={() => setZoom(zoom - 1)} disabled={zoom <= 0} aria-label="Zoom out">−</button>
        <span>{Math.round(ZOOMS[zoom] * 100)} %</span>
        <button type="button" onClick={() => setZoom(zoom + 1)} disabled={zoom >= ZOOMS.length - 1} aria-label="Zoom in">+</button>
        <button type="button" onClick={() => setRotation((rotation + 90) % 360)}>Rotate</button>
      </div>
      {/* Scrollable when zoomed in: the keyboard scrolls it too. */}
      <div className="pdf-page" tabIndex={0} role="region" aria-label="The document's page">
        <canvas ref={canvas} role="img" aria-label={`Page ${page} of the identity document (PDF)`} />
      </div>
    </div>
  );
}
