import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the API and WebSocket to a server started with `npm start` on 6789.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:6789',
      '/ws': { target: 'ws://localhost:6789', ws: true },
    },
  },
});
