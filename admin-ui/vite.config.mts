import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The server serves dist/ at / (src/admin/admin.module.ts). `npm run dev` proxies the API to a
// server started with `npm start` at the repository root.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: { '/api': process.env.PARLEY_API_URL ?? 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
  },
});
