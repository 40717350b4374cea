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

/** Loads the page and waits until the agent is connected. */
export async function openAgentForge(page: Page): Promise<Page> {
  await page.goto('/agent-forge');
  await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
  return page;
}

/** Loads the page and starts a new chat. */
export async function openNewChat(page: Page): Promise<Page> {
  await openAgentForge(page);
  await page.getByRole('button', { name: 'New chat' }).click();
  return page;
}

/** The visible conversation has settled (no reply in flight) and contains `text`. */
export async function settledWith(page: Page, text: string, timeout?: number): Promise<void> {
  await page.waitForFunction(
    expected => {
      const log = document.querySelector('[data-session-pane]:not([hidden]) [role="log"][aria-label="Conversation"]');
      return log?.getAttribute('aria-busy') === 'false' && (log.textContent ?? '').includes(expected);
    },
    text,
    { timeout },
  );
}
