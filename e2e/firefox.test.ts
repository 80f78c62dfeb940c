/**
 * Firefox check (firefox-esr + puppeteer-core over WebDriver BiDi): the Firefox build installs as a
 * temporary add-on and its content script runs on a listing served under its real URL.
 * Popups cannot be opened in headless Firefox, so the popup is covered by the Chromium tests only.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hfListingHtml } from '../test/pages/hf-listing';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const EXT = resolve('.output/firefox-mv2');
const have = existsSync(FIREFOX) && existsSync(resolve(EXT, 'manifest.json'));

describe.skipIf(!have)('the Firefox build in firefox-esr', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('installs as a temporary add-on and its content script puts a badge row on every entry', async () => {
    const id = await browser.installExtension(EXT);
    expect(id).toBe('paper-lens@paperlens.dev');
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on('request', (r) => {
      if (r.url().startsWith('https://huggingface.co/papers')) {
        void r.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: hfListingHtml([{ id: '2503.00001', title: 'A New Paper' }, { id: '2503.00002', title: 'Graph Attention Networks' }]) });
      } else void r.abort();
    });
    await page.goto('https://huggingface.co/papers/date/2025-03-20');
    let rows = 0;
    for (let i = 0; i < 60 && rows < 2; i++) {
      await new Promise((res) => setTimeout(res, 250));
      rows = await page.evaluate(() => document.querySelectorAll('paper-lens-row').length);
    }
    expect(rows).toBe(2);
    await page.close();
  });
});
