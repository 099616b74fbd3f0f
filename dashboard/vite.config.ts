import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const HUB = process.env.HUB_URL ?? 'http://localhost:8080';

/** The hub serves the built app at `/`; in development Vite serves it and forwards the API and the live channel. */
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: {
    proxy: {
      '/api': HUB,
      '/live': { target: HUB, ws: true },
      '/docs': HUB,
    },
  },
});
