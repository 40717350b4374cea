/*
 * Hostile forms, in Chromium against the real app: an agent's input form
 * with fields named like Object.prototype members (`__proto__`,
 * `constructor`, …) must neither break the page nor, since forms are stored
 * and the chat reopens on load, every reload after it; and the answer must
 * reach the agent under those names. A form whose patterns make the
 * browser's backtracking RegExp run for ages (1,000-character defaults) must
 * still validate and submit: without the linear-time matcher the Submit
 * click would freeze the tab until this test's timeout.
 *
 * The replies come from a demo agent started here with the `scripted`
 * option; the shared app is pointed at it for this browser context only.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { startDemoAgent, type DemoAgent, type ScriptedReply, type ScriptedRequest } from '@internal/demo-agent';
import { CATASTROPHIC_PATTERNS } from '../plugins/agent-forge/src/components/InputForm/__fixtures__/catastrophicPatterns';
import { overrideAppConfig } from './support/appConfig';
import { formatProblems } from './support/browser';
import { conversation, send, settledWith } from './support/chat';
import { saveScreenshot } from './support/screenshots';
import { useE2E } from './support/suite';

const e2e = useE2E();

const MARK = {
  names: '⟦form with prototype names⟧',
  patterns: '⟦form with catastrophic patterns⟧',
  received: 'Received:',
};

const PROTOTYPE_FIELDS = [
  { name: '__proto__', label: 'Proto', type: 'text' as const, required: true, default: 'from the agent' },
  { name: 'constructor', label: 'Constructor', type: 'number' as const, default: 3 },
  { name: 'toString', label: 'To string', type: 'select' as const, options: ['x', 'y'], default: 'y' },
  { name: 'hasOwnProperty', label: 'Has own property', type: 'boolean' as const, default: true },
];

let agent: DemoAgent;
/** The `values` of every form answer the agent received, in order. */
const answers: Array<Record<string, unknown>> = [];

function scripted(request: ScriptedRequest): ScriptedReply | undefined {
  if (request.continuing) {
    const values = (request.data[0] as { values?: Record<string, unknown> } | undefined)?.values ?? {};
    answers.push(values);
    // In a code span: markdown would read `__proto__` as bold.
    return { text: `${MARK.received} \`${Object.keys(values).join(', ')}\`` };
  }
  if (request.text.includes(MARK.names)) {
    return { form: { form: { id: 'prototype-names', title: 'Prototype names', fields: PROTOTYPE_FIELDS } } };
  }
  if (request.text.includes(MARK.patterns)) {
    return {
      form: {
        form: {
          id: 'catastrophic-patterns',
          title: 'Catastrophic patterns',
          fields: CATASTROPHIC_PATTERNS.map(({ pattern, failing }, i) => ({
            name: `p${i}`,
            label: `Pattern ${pattern}`,
            type: 'text' as const,
            required: true,
            pattern,
            default: failing,
          })),
        },
      },
    };
  }
  return undefined;
}

before(async () => {
  agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 }, scripted });
});

after(async () => {
  await agent?.close();
});

function openForm(page: Page): Locator {
  return conversation(page).locator('form');
}

async function openPage(page: Page) {
  await page.goto('/agent-forge');
  await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
}

test('a form with fields named __proto__, constructor, toString: the page, a reload and the answer all work', async t => {
  await e2e.withSession(t, async session => {
    const { page, context } = session;
    await overrideAppConfig(context, { agentForge: { baseUrl: agent.url } });
    await openPage(page);
    await page.getByRole('button', { name: 'New chat', exact: true }).click();
    await send(page, `${MARK.names} please`);

    const proto = openForm(page).getByRole('textbox', { name: /Proto/ });
    await proto.waitFor();
    assert.equal(await proto.inputValue(), 'from the agent');
    assert.equal(await openForm(page).getByRole('combobox', { name: /To string/ }).inputValue(), 'y');
    assert.equal(await openForm(page).getByRole('checkbox', { name: 'Has own property' }).isChecked(), true);
    assert.equal(formatProblems(session), '', 'the form broke the page');

    // The form is stored and its chat reopens on load: a reload shows it again.
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await proto.waitFor();
    assert.equal(await proto.inputValue(), 'from the agent');
    assert.equal(formatProblems(session), '', 'the stored form broke the page after a reload');

    await proto.fill('typed by the user');
    await openForm(page).getByRole('spinbutton', { name: /Constructor/ }).fill('7');
    await openForm(page).getByRole('button', { name: 'Submit' }).click();
    await settledWith(page, MARK.received);

    assert.equal(answers.length, 1);
    const [received] = answers;
    assert.deepEqual(Object.getOwnPropertyNames(received), ['__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    assert.equal(Object.getOwnPropertyDescriptor(received, '__proto__')?.value, 'typed by the user');
    assert.equal(received.constructor, 7);
    assert.equal(received.toString, 'y');
    assert.equal(received.hasOwnProperty, true);

    // The answer, as the user sees it, survives a reload too.
    await page.reload();
    const summary = conversation(page).getByRole('group', { name: 'Prototype names' });
    await summary.waitFor();
    assert.deepEqual(await summary.locator('dt').allTextContents(), ['Proto', 'Constructor', 'To string', 'Has own property']);
    assert.deepEqual(await summary.locator('dd').allTextContents(), ['typed by the user', '7', 'y', 'Yes']);
    await saveScreenshot(page, 'hostile-form-prototype-names');
    assert.equal(formatProblems(session), '');
  });
});

test('a form with catastrophic patterns and 1,000-character defaults validates and submits', async t => {
  await e2e.withSession(t, async session => {
    const { page, context } = session;
    await overrideAppConfig(context, { agentForge: { baseUrl: agent.url } });
    await openPage(page);
    await page.getByRole('button', { name: 'New chat', exact: true }).click();
    await send(page, `${MARK.patterns} please`);

    const inputs = openForm(page).getByRole('textbox');
    await inputs.first().waitFor();
    assert.equal(await inputs.count(), CATASTROPHIC_PATTERNS.length);

    // Every default is a value the browser's RegExp would backtrack on for
    // ages. Submit checks them all and refuses each (they do not match).
    await openForm(page).getByRole('button', { name: 'Submit' }).click();
    await page.waitForFunction(
      count =>
        document.querySelectorAll('[data-session-pane]:not([hidden]) [role="log"] form input[aria-invalid="true"]')
          .length === count,
      CATASTROPHIC_PATTERNS.length,
    );
    assert.equal(
      await openForm(page).getByText('Doesn’t match the expected format', { exact: true }).count(),
      CATASTROPHIC_PATTERNS.length,
    );

    // Values that match go through.
    for (const [i, { matching }] of CATASTROPHIC_PATTERNS.entries()) await inputs.nth(i).fill(matching);
    const before = answers.length;
    await openForm(page).getByRole('button', { name: 'Submit' }).click();
    await settledWith(page, MARK.received);
    assert.equal(answers.length, before + 1);
    assert.deepEqual(
      answers[before],
      Object.fromEntries(CATASTROPHIC_PATTERNS.map(({ matching }, i) => [`p${i}`, matching])),
    );
    assert.equal(formatProblems(session), '');
  });
});
