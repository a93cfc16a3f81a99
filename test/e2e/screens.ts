// Screenshots of a view in both themes, for a person to look at (test-results/screens).
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './serverProcess';

export const shots = path.join(repoRoot, 'test-results', 'screens');

export async function shoot(page: Page, name: string, { fullPage = false }: { fullPage?: boolean } = {}): Promise<void> {
  fs.mkdirSync(shots, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(300); // Mantine's controls fade their colors between themes
    await page.screenshot({ path: path.join(shots, `${name}-${scheme}.png`), fullPage });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
