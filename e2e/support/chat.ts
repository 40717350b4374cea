/*
 * The page's landmarks and actions, by role and accessible name, for the
 * scenario tests.
 */
import type { Locator, Page } from 'playwright-core';

export function sidebar(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Chat sessions' });
}

export function sessionItem(page: Page, title: string | RegExp): Locator {
  return sidebar(page).getByRole('listitem').filter({ hasText: title });
}

export function conversation(page: Page): Locator {
  return page.getByRole('log', { name: 'Conversation' });
}

/** Types into the composer and presses Enter. */
export async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

/** Opens a session from the sidebar. */
export async function open(page: Page, title: string | RegExp): Promise<void> {
  await sessionItem(page, title).getByRole('button', { name: title }).click();
}
