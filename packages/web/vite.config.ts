import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The web app is built to packages/web/dist; the Fastify server serves that folder at `/`.
 * `@jixiao/core` is imported as TypeScript source, so the same rules run here as on the server.
 * In development, /api is proxied to a server on JIXIAO_API (default http://127.0.0.1:3000).
 */
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    // JIXIAO_WEB_MINIFY=0 keeps names readable for profiling.
    minify: process.env.JIXIAO_WEB_MINIFY !== '0',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|dayjs|rc-[^\\/]+)[\\/]/ },
            { name: 'core', test: /packages[\\/]core[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env.JIXIAO_API ?? 'http://127.0.0.1:3000' },
  },
});
