import { defineConfig } from "vite";

/** The API routes the dashboard calls, proxied to a running server by `vite dashboard` (dev). */
const apiPrefixes = ["/whoami", "/stacks", "/deployments", "/health"];

/**
 * Built with `vite build dashboard` from the repository root (`npm run build:dashboard`),
 * so paths here are relative to dashboard/. The output is served by the automation server
 * at `/` (automation/routes/dashboard.ts); everything is bundled, nothing loads from
 * another origin.
 */
export default defineConfig({
  base: "/",
  publicDir: false,
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", assetsInlineLimit: 0 },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  server: {
    proxy: Object.fromEntries(
      apiPrefixes.map((prefix) => [prefix, process.env.FLIGHTDECK_URL ?? "http://127.0.0.1:3000"]),
    ),
  },
});
