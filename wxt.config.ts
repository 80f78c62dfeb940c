import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { corpusPlugin } from './lib/corpus/vite-plugin';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'Paper Lens',
    description:
      'Badges on paper listings (Hugging Face Papers, arXiv, Google Scholar): one-click save, duplicate/seen and topic tags. Everything stays on your computer.',
    permissions: ['storage', 'unlimitedStorage', 'contextMenus', ...(browser === 'firefox' ? [] : ['scripting'])],
    // "Any page with paper links" is opt-in per site: the host permission is requested at that moment.
    ...(browser === 'firefox' ? { optional_permissions: ['*://*/*'] } : { optional_host_permissions: ['*://*/*'] }),
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
  vite: () => ({
    plugins: [preact(), corpusPlugin({ log: true })],
    build: { target: 'es2022' },
  }),
});
