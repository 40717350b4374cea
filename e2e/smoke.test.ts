/*
 * Smoke: the Agent Forge page loads in the real app, connects to the demo
 * agent, raises no errors or dialogs, and passes an axe scan.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatViolations, scanAccessibility } from './support/axe';
import { formatProblems } from './support/browser';
import { publishScreenshot, saveScreenshot } from './support/screenshots';
import { useE2E } from './support/suite';

/** console.error noise from dependencies (see P11 in the toolchain notes). */
const KNOWN_CONSOLE_NOISE = [/findDOMNode is deprecated/];

const e2e = useE2E();

test('the Agent Forge page connects to the demo agent and passes axe', async t => {
  await e2e.withSession(t, async session => {
    const { page } = session;
    await page.goto('/agent-forge');

    await page
      .getByRole('heading', { level: 1, name: 'Agent Forge' })
      .waitFor();
    // The subtitle names the agent only once its card was fetched, and the
    // status next to it says "Connected".
    await page.getByText('Chat with Demo Agent').waitFor();
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await page.getByRole('navigation', { name: 'Chat sessions' }).waitFor();

    await saveScreenshot(page, 'agent-forge-empty');
    publishScreenshot('agent-forge-empty');

    const violations = await scanAccessibility(page);
    assert.equal(violations.length, 0, formatViolations(violations));

    assert.equal(formatProblems(session), '', 'page errors or dialogs');
    const consoleErrors = session.consoleErrors.filter(
      message => !KNOWN_CONSOLE_NOISE.some(noise => noise.test(message)),
    );
    assert.deepEqual(consoleErrors, [], 'unexpected console.error() calls');
  });
});

// The page must be usable from 1024 px wide: nothing may stick out sideways.
for (const width of [1024, 1280]) {
  test(`the page fits a ${width} px wide window`, async t => {
    await e2e.withSession(t, async ({ page }) => {
      await page.setViewportSize({ width, height: 800 });
      await page.goto('/agent-forge');
      await page.getByText('Chat with Demo Agent').waitFor();
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        window: window.innerWidth,
      }));
      assert.ok(
        widths.page <= widths.window,
        `the page is ${widths.page} px wide in a ${widths.window} px window`,
      );
    });
  });
}

// Backstage follows the system colour scheme when the user has not chosen a
// theme: the dark theme must be as readable (axe checks contrast too).
test('the page in the dark theme shows a streamed reply and passes axe', async t => {
  await e2e.withSession(t, async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/agent-forge');
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('/chunks 20 /delay 5 Dark theme check');
    await box.press('Enter');
    const log = page.getByRole('log', { name: 'Conversation' });
    await log.getByRole('heading', { name: 'Example code' }).waitFor();
    await page.waitForFunction(() =>
      document.querySelector('[role="log"]')?.getAttribute('aria-busy') === 'false',
    );
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(background, 'rgb(255, 255, 255)', 'the dark theme is applied');
    await saveScreenshot(page, 'agent-forge-dark');
    publishScreenshot('agent-forge-dark');
    const violations = await scanAccessibility(page);
    assert.equal(violations.length, 0, formatViolations(violations));
  });
});
