/**
 * A real headless Chromium for the viewer's tests: Debian's package (/usr/bin/chromium),
 * driven by playwright-core, with a throwaway profile. Tests skip with the reason when the
 * package is absent (`apt-get install -y chromium`; .ci/run installs it).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function reportMissingChromium(what: string): void {
  if (!hasChromium) console.log(`skipping the browser test of ${what}: ${CHROMIUM} is absent (apt-get install -y chromium; .ci/run does it)`);
}

/**
 * Runs `body` with a fresh browser whose every request carries `headers` (the operator's
 * credentials, as a browser re-sends Basic auth after its login prompt), then closes it.
 * Dialogs are dismissed and collected: a test asserts there were none.
 */
export async function withChromium<T>(
  options: {
    headers?: Record<string, string>;
    viewport?: { width: number; height: number };
    /** Answers the viewer's Basic login prompt, as a person typing the admin token would. */
    login?: { username: string; password: string };
  },
  body: (tab: Page, context: BrowserContext, dialogs: string[]) => Promise<T>,
): Promise<T> {
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'toolgate-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    ...(options.headers ? { extraHTTPHeaders: options.headers } : {}),
    ...(options.viewport ? { viewport: options.viewport } : {}),
    ...(options.login ? { httpCredentials: options.login } : {}),
    args: CHROMIUM_ARGS,
  });
  const dialogs: string[] = [];
  try {
    const tab = context.pages()[0] ?? (await context.newPage());
    tab.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    return await body(tab, context, dialogs);
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}
