// Routes in the URL's fragment (#/queue, #/kyc/<id>): nginx serves one
// index.html, and a reload or a bookmark lands on the same page.
import { useEffect, useState } from "react";

export function useRoute(): string {
  const [route, setRoute] = useState(() => location.hash.slice(1) || "/");
  useEffect(() => {
    const f = () => setRoute(location.hash.slice(1) || "/");
    window.addEventListener("hashchange", f);
    return () => window.removeEventListener("hashchange", f);
  }, []);
  return route;
}

// The route's path and its query ("/queue?type=pan" -> "/queue", {type}).
export function splitRoute(route: string): [string, URLSearchParams] {
  const at = route.indexOf("?");
  return at < 0 ? [route, new URLSearchParams()] : [route.slice(0, at), new URLSearchParams(route.slice(at + 1))];
}

// Where "Back to the queue" goes: the queue as it was last shown (its
// filters, search and page).  In memory only: a search may name a
// customer, and nothing of a session outlives it in the browser's storage.
let lastQueue = "/queue";
export function rememberQueue(route: string): void {
  lastQueue = route;
}
export function queueRoute(): string {
  return lastQueue;
}

export function go(route: string): void {
  if (location.hash.slice(1) !== route) location.hash = route;
}
