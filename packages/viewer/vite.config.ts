import { defineConfig } from "vite";

// The page is a static bundle in dist/web; the viewer's server serves it with the dashboards.
export default defineConfig({
  build: { outDir: "dist/web", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 1200 },
});
