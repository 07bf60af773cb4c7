// Build of the renderer (renderer/ is browser code only; this Node-side config lives outside it).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// Relative base so the same build loads from file:// in Electron and from the bridge.
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  logLevel: 'warn',
});
