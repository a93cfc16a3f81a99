import { defineConfig } from '@playwright/test';
import path from 'node:path';

// Debian's Chromium: Playwright's own browser download cannot reach its host here.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export default defineConfig({
  testDir: '.',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  outputDir: path.join(__dirname, '..', '..', 'test-results', 'playwright-artifacts'),
  reporter: [['list'], ['json', { outputFile: path.join(__dirname, '..', '..', 'test-results', 'playwright.json') }]],
  use: {
    headless: true,
    launchOptions: { executablePath: process.env.RUNLENS_CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  projects: [
    { name: 'browser', testMatch: /(browser|explorer|evaluation|scoring|registry|drift)\.spec\.ts$/ },
    { name: 'electron', testMatch: /electron\.spec\.ts$/ },
  ],
});
