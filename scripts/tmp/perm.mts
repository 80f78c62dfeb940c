import { launchWithExtension, openExtensionPage } from '../../e2e/harness';
const l = await launchWithExtension();
const opts = await openExtensionPage(l, 'options.html');
const r = await Promise.race([
  opts.evaluate(() => (globalThis as any).chrome.permissions.request({ origins: ['http://127.0.0.1:23119/*'] }).then((x: boolean) => 'granted:' + x, (e: Error) => 'err:' + e.message)),
  new Promise((res) => setTimeout(() => res('timeout'), 5000)),
]);
console.log('request without gesture:', r);
await opts.click('body');
const r2 = await Promise.race([
  opts.evaluate(() => new Promise((res) => { document.body.addEventListener('click', () => (globalThis as any).chrome.permissions.request({ origins: ['http://127.0.0.1:23119/*'] }).then((x: boolean) => res('granted:' + x), (e: Error) => res('err:' + e.message)), { once: true }); document.body.click(); })),
  new Promise((res) => setTimeout(() => res('timeout'), 5000)),
]);
console.log('request with synthetic click:', r2);
await l.close();
