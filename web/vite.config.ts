import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/** The browser UI: one page app (chat at `/`, admin at `/admin`) bundled into `web/dist`, no CDN. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [preact()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Data URLs of images are large; keep the bundle honest about its own size only.
    chunkSizeWarningLimit: 300,
  },
  logLevel: 'warn',
});
