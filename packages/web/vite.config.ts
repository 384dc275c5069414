import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { emojiData } from './build/emoji-data.js';
import { precompress } from './build/precompress.js';
import { shellFiles } from './build/shell-files.js';

// `npm run dev` proxies the API and WebSocket to a server started with `npm start` on 6789.
export default defineConfig({
  plugins: [react(), emojiData(), shellFiles(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      // The service worker is an entry of its own, at a fixed name and at the root (its scope).
      input: { index: 'index.html', sw: 'sw/service-worker.ts' },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:6789',
      '/ws': { target: 'ws://localhost:6789', ws: true },
    },
  },
});
