#!/usr/bin/env node
// Makes sure Debian Chromium (and firefox-esr, for the Firefox check, and faketime, for the "same URL on
// two days" check that runs Chromium with its clock a day back) are installed.
// Installs them with apt-get when possible (root, or passwordless sudo); otherwise says how.
// Never downloads a browser build of its own.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const want = [
  { bin: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', pkg: 'chromium', required: true, hint: ' (or set CHROMIUM_PATH to a Chromium/Chrome binary)' },
  { bin: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', pkg: 'firefox-esr', required: false, hint: ' (or set FIREFOX_PATH)', skips: 'The Firefox check' },
  // e2e/harness.ts FAKETIME_LIB
  { bin: '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', pkg: 'faketime', required: false, skips: 'The two-day visit check (e2e/visits.test.ts)' },
];
const missing = want.filter((w) => !existsSync(w.bin));
if (missing.length === 0) process.exit(0);

const pkgs = missing.map((m) => m.pkg).join(' ');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let sudo = '';
if (!isRoot) {
  try {
    execSync('sudo -n true', { stdio: 'ignore' });
    sudo = 'sudo -n ';
  } catch {
    sudo = null;
  }
}
const hasApt = existsSync('/usr/bin/apt-get');
if (hasApt && sudo !== null) {
  console.log(`[paper-lens] installing ${pkgs} with apt-get…`);
  try {
    execSync(`${sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq ${pkgs}`, {
      stdio: 'inherit',
      shell: '/bin/bash',
    });
  } catch (e) {
    console.error(`[paper-lens] apt-get install ${pkgs} failed: ${e.message}`);
  }
}
const still = want.filter((w) => !existsSync(w.bin));
for (const w of still) {
  const how = hasApt ? `sudo apt-get install -y ${w.pkg}` : `install ${w.pkg} with your package manager`;
  const msg = `[paper-lens] ${w.bin} not found. ${how}${w.hint ?? ''}.`;
  if (w.required) {
    console.error(msg);
    process.exit(1);
  } else console.warn(`${msg} ${w.skips} will be skipped.`);
}
