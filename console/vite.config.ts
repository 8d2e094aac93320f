// The console is served by nginx at /console/; everything is bundled (no
// CDN) into hashed files that nginx may cache for long.
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  base: "/console/",
  plugins: [react()],
  build: {
    // pdf.js (loaded with the first PDF) is ES2022.
    target: "es2022",
    // No inline script or style: the CSP forbids them (nginx).
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
