import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { corpusPlugin } from './lib/corpus/vite-plugin';
import { ZOTERO_ORIGINS } from './lib/zotero/origins';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'Paper Lens',
    description:
      'Badges on paper listings (Hugging Face, arXiv, Scholar, ACL, dblp, CVF): one-click save, seen/duplicate, topic tags. All local.',
    permissions: ['storage', 'unlimitedStorage', 'contextMenus', ...(browser === 'firefox' ? [] : ['scripting'])],
    // "Any page with paper links" is opt-in per site: the host permission is requested at that moment.
    // Zotero (off by default): Zotero desktop's local server, asked for only when the user turns it on.
    ...(browser === 'firefox' ? { optional_permissions: ['*://*/*', ...ZOTERO_ORIGINS] } : { optional_host_permissions: ['*://*/*', ...ZOTERO_ORIGINS] }),
    commands: {
      [browser === 'firefox' ? '_execute_browser_action' : '_execute_action']: {
        suggested_key: { default: 'Alt+Shift+P', mac: 'Alt+Shift+P' },
        description: 'Open Paper Lens search',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: 'paper-lens@paperlens.dev', strict_min_version: '115.0' },
          },
        }
      : {}),
  }),
  zip: {
    // Store "sources" archive: the project as in git, without local screenshots and test output.
    excludeSources: ['artifacts/**', 'test-results/**', '.ci/**'],
  },
  hooks: {
    // The content script runs on every listing page: it uses the browser's own promise-based API
    // (Chrome MV3's chrome.*, Firefox's browser.*, through wxt/browser) rather than the polyfill,
    // which is 10 KB of its 60 KB budget. It only sends messages and listens to broadcasts (no
    // replies from listeners), which both browsers support natively. Other entrypoints keep it.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((e) => e.type === 'content-script')) return;
      const alias = config.resolve?.alias;
      if (Array.isArray(alias)) config.resolve!.alias = alias.filter((a: { find: unknown }) => a.find !== 'wxt/browser');
      else if (alias) delete (alias as Record<string, string>)['wxt/browser'];
    },
  },
  vite: () => ({
    plugins: [preact(), corpusPlugin({ log: true })],
    // PAPER_LENS_NO_MINIFY=1 npm run build: readable function names in CPU profiles.
    build: { target: 'es2022', ...(process.env.PAPER_LENS_NO_MINIFY ? { minify: false } : {}) },
  }),
});
