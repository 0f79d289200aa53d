import { defineConfig, type UserConfig } from 'vite';
import solid from 'vite-plugin-solid';
import UnoCSS from 'unocss/vite';
import { VitePWA } from 'vite-plugin-pwa';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** `vite build --mode cli` bundles the Node CLI (same engine code) into dist-cli/; every other mode is the app. */
function cliConfig(): UserConfig {
  const workerDir = resolve(__dirname, 'src/cli/workers');
  const workers = readdirSync(workerDir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => [`workers/${entry.name.replace(/\.ts$/, '')}`, resolve(workerDir, entry.name)]);
  return {
    build: {
      ssr: true,
      outDir: 'dist-cli',
      emptyOutDir: true,
      target: 'node20',
      sourcemap: true,
      rollupOptions: {
        input: { main: resolve(__dirname, 'src/cli/main.ts'), ...Object.fromEntries(workers) },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
    ssr: { noExternal: [] },
  };
}

/** `vite build --mode bench` bundles bench/*.ts (they need the engine's import.meta.glob registries) into dist-bench/. */
function benchConfig(): UserConfig {
  const benchDir = resolve(__dirname, 'bench');
  const entries = readdirSync(benchDir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => [name.replace(/\.ts$/, ''), resolve(benchDir, name)]);
  return {
    build: {
      ssr: true,
      outDir: 'dist-bench',
      emptyOutDir: true,
      target: 'node20',
      rollupOptions: { input: Object.fromEntries(entries), output: { format: 'es', entryFileNames: '[name].js' } },
    },
  };
}

const FILE_TYPES = ['.evtx', '.xml', '.eml', '.pcap', '.pcapng', '.log', '.txt', '.json', '.jsonl'];

function appConfig(): UserConfig {
  return {
    plugins: [
      UnoCSS(),
      solid(),
      VitePWA({
        registerType: 'autoUpdate',
        injectRegister: false,
        includeAssets: ['favicon.svg', 'icons/*.png'],
        manifest: {
          name: 'SOC Triage',
          short_name: 'SOC Triage',
          description: 'Drop logs, get a triaged case queue with verdicts, evidence and ATT&CK mapping.',
          theme_color: '#0f172a',
          background_color: '#0f172a',
          display: 'standalone',
          id: '.',
          start_url: '.',
          scope: '.',
          // An installed app opened with more files reuses its window; src/ui/pwa.ts consumes the launch queue.
          launch_handler: { client_mode: 'focus-existing' },
          icons: [
            { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
            { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
            { src: 'icons/icon-512-maskable.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          ],
          file_handlers: [
            {
              action: '.',
              accept: {
                'application/octet-stream': ['.evtx', '.pcap', '.pcapng'],
                'application/xml': ['.xml'],
                'message/rfc822': ['.eml'],
                'text/plain': ['.log', '.txt'],
                'application/json': ['.json', '.jsonl'],
              },
            },
          ],
        } as Record<string, unknown>,
        workbox: {
          globPatterns: ['**/*.{js,css,html,svg,png,ico,wasm,webmanifest,json}'],
          maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
          navigateFallback: 'index.html',
        },
      }),
    ],
    worker: { format: 'es' },
    build: { target: 'es2022', sourcemap: true },
    define: { __FILE_TYPES__: JSON.stringify(FILE_TYPES) },
  };
}

export default defineConfig(({ mode }) => (mode === 'cli' ? cliConfig() : mode === 'bench' ? benchConfig() : appConfig()));
