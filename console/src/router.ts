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

export function go(route: string): void {
  if (location.hash.slice(1) !== route) location.hash = route;
}
