/*
 * Screenshots: every one goes to e2e/artifacts/ (git-ignored); chosen ones
 * are copied to docs/screenshots/ (committed, used by the README) when
 * E2E_UPDATE_SCREENSHOTS=1.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './appServer';

export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'e2e', 'artifacts');
export const DOCS_SCREENSHOTS_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');

function fileName(name: string): string {
  return `${name.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/\.png$/, '')}.png`;
}

/** Saves a PNG as e2e/artifacts/<name>.png and returns its path. */
export async function saveScreenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, fileName(name));
  // animations: 'disabled' finishes CSS transitions, for stable pictures.
  await page.screenshot({
    path: file,
    fullPage: options.fullPage,
    animations: 'disabled',
  });
  return file;
}

/**
 * Copies e2e/artifacts/<name>.png to docs/screenshots/<name>.png, only when
 * E2E_UPDATE_SCREENSHOTS=1. Returns the destination, or undefined.
 */
export function publishScreenshot(name: string): string | undefined {
  if (process.env.E2E_UPDATE_SCREENSHOTS !== '1') {
    return undefined;
  }
  mkdirSync(DOCS_SCREENSHOTS_DIR, { recursive: true });
  const target = path.join(DOCS_SCREENSHOTS_DIR, fileName(name));
  copyFileSync(path.join(ARTIFACTS_DIR, fileName(name)), target);
  return target;
}

/**
 * Puts saved screenshots next to each other in one picture, rendered by the
 * browser itself (no image library): e2e/artifacts/<name>.png.
 */
export async function composeSideBySide(page: Page, parts: string[], name: string): Promise<string> {
  const images = parts.map(part => {
    const data = readFileSync(path.join(ARTIFACTS_DIR, fileName(part))).toString('base64');
    return `<img src="data:image/png;base64,${data}" style="width:50%;display:block">`;
  });
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  const composer = await page.context().newPage();
  try {
    await composer.setViewportSize({ width: viewport.width * 2, height: viewport.height });
    await composer.setContent(
      `<body style="margin:0;display:flex;gap:0;background:#333">${images.join('')}</body>`,
    );
    await composer.waitForFunction(() => Array.from(document.images).every(img => img.complete));
    return await saveScreenshot(composer, name);
  } finally {
    await composer.close();
  }
}
