/*
 * Hostile output: XSS payloads arrive through every field an agent (or the
 * user) controls — the streamed markdown reply, unknown artifacts' names and
 * texts, plan step titles, tool names and results, input forms' titles,
 * descriptions, submit labels, field labels, helper texts, defaults and
 * options, a failure notice, the user's own message, and session titles (the
 * first message's and renamed ones) — and in Chromium no script runs, no
 * dialog opens, no dangerous attribute or element ever reaches the DOM (not
 * even mid-stream), and no image other than the allow-listed one is fetched.
 *
 * The replies come from a demo agent started here with the `scripted`
 * option; the shared app is pointed at it, and `agentForge.images
 * .allowedHosts` set to 127.0.0.1, for this browser context only (see
 * support/appConfig.ts). Positive controls prove the detectors would see a
 * breach: a canary script call, a canary on* attribute / javascript: URL /
 * probe image inserted into the page, and an allow-listed image that must
 * load.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  startDemoAgent,
  type DemoAgent,
  type ScriptedReply,
  type ScriptedRequest,
} from '@internal/demo-agent';
import { overrideAppConfig } from './support/appConfig';
import { formatProblems } from './support/browser';
import { startProbeServer, type ProbeServer } from './support/probeServer';
import { saveScreenshot } from './support/screenshots';
import { settledWith } from './support/chat';
import { useE2E } from './support/suite';
import { installXssDetector, type XssDetector } from './support/xssDetector';
import { hostilePayloads, type Payload } from './support/xssPayloads';

const e2e = useE2E();

const ALLOWED_HOST = '127.0.0.1';
const MARK = {
  reply: '⟦hostile reply⟧',
  form: '⟦hostile form⟧',
  fail: '⟦hostile failure⟧',
  replyEnd: 'End of the hostile reply.',
  formsDone: 'All hostile forms were answered.',
};
/** Longest text the plugin keeps for a label (artifacts.ts MAX_LABEL). */
const MAX_LABEL = 500;

let agent: DemoAgent;
let probe: ProbeServer;
let payloads: Payload[];
let allowedImage: string;
let safeLink: string;
/** Form titles/descriptions: every payload, in groups of at most 500 characters. */
let formTexts: string[];

before(async () => {
  probe = await startProbeServer(ALLOWED_HOST);
  // `localhost` reaches the probe too, but is not the allow-listed host.
  payloads = hostilePayloads(`http://localhost:${probe.port}`);
  allowedImage = `http://${ALLOWED_HOST}:${probe.port}/allowed/ok.png`;
  safeLink = `http://${ALLOWED_HOST}:${probe.port}/allowed/page`;
  formTexts = groupTexts(payloads.map(p => p.text), MAX_LABEL);
  agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 }, scripted });
});

after(async () => {
  await agent?.close();
  await probe?.close();
});

/** Joins texts with newlines into groups of at most `max` characters. */
function groupTexts(texts: string[], max: number): string[] {
  const groups: string[] = [];
  let current = '';
  for (const text of texts) {
    const next = current ? `${current}\n${text}` : text;
    if (next.length > max && current) {
      groups.push(current);
      current = text;
    } else {
      current = next;
    }
  }
  if (current) groups.push(current);
  return groups;
}

function hostileMarkdown(): string {
  return [
    '## Hostile reply',
    `A control paragraph with a [safe link](${safeLink}).`,
    ...payloads.map(p => p.text),
    `The allow-listed image: ![allowed image](${allowedImage})`,
    MARK.replyEnd,
  ].join('\n\n');
}

/** Round `round` of the form chain: a title and a description group each. */
function formReply(round: number): ScriptedReply {
  const rounds = Math.ceil(formTexts.length / 2);
  if (round >= rounds) return { text: MARK.formsDone };
  const fields =
    round === 0
      ? [
          ...payloads.map(p => ({
            name: `f${p.id}`,
            label: p.text,
            type: 'text' as const,
            description: p.text,
            default: p.text,
          })),
          {
            name: 'choice',
            label: 'Pick one',
            type: 'select' as const,
            options: payloads.map(p => p.text),
            default: payloads[0].text,
          },
        ]
      : [];
  return {
    form: {
      form: {
        id: `hostile-form-${round}`,
        title: formTexts[2 * round],
        description: formTexts[2 * round + 1],
        submitLabel: payloads[round].text,
        fields: [...fields, { name: 'round', label: 'Round', type: 'text', default: String(round + 1) }],
      },
    },
  };
}

function scripted(request: ScriptedRequest): ScriptedReply | undefined {
  if (request.continuing) {
    const answer = request.data[0] as { values?: { round?: unknown } } | undefined;
    return formReply(Number(answer?.values?.round ?? 99));
  }
  if (request.text.includes(MARK.reply)) {
    return {
      plan: {
        title: payloads[1].text,
        steps: payloads.map(p => ({ id: `s${p.id}`, title: p.text, status: 'pending' })),
      },
      tools: payloads.map(p => ({ name: p.text, arguments: { query: p.text }, result: p.text })),
      text: hostileMarkdown(),
      chunks: 80,
      artifacts: payloads.map(p => ({ name: p.text, text: p.text })),
    };
  }
  if (request.text.includes(MARK.form)) return formReply(0);
  if (request.text.includes(MARK.fail)) {
    return { end: { state: 'failed', message: payloads.map(p => p.text).join('\n') } };
  }
  return undefined;
}

// ---- page helpers ----------------------------------------------------------

function conversation(page: Page): Locator {
  return page.getByRole('log', { name: 'Conversation' });
}

function activeItem(page: Page): Locator {
  return page
    .getByRole('navigation', { name: 'Chat sessions' })
    .locator('li', { has: page.locator('button[aria-current="page"]') });
}

async function send(page: Page, text: string) {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

/** textContent of every element matching `selector`. */
function textsOf(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(
    sel => Array.from(document.querySelectorAll(sel), el => el.textContent ?? ''),
    selector,
  );
}

/** The ids of payloads whose expected text is not among `texts`. */
function missing(texts: string[], expected: (p: Payload) => string): number[] {
  const found = new Set(texts);
  return payloads.filter(p => !found.has(expected(p))).map(p => p.id);
}

/** What the user sees as the active session's title, in the three places it shows. */
function titleShown(page: Page) {
  return page.evaluate(() => {
    const section = document.querySelector('section[aria-label]');
    const active = document.querySelector('nav button[aria-current="page"]');
    return {
      header: section?.querySelector('[data-session-pane]:not([hidden]) h2')?.textContent ?? null,
      region: section?.getAttribute('aria-label') ?? null,
      // The button's first line: the title, between an unread dot and a
      // streaming indicator (both text-less images).
      sidebar:
        Array.from(active?.querySelectorAll(':scope > span:first-child > span:not([role="img"])') ?? [])
          .map(span => span.textContent ?? '')
          .join('') || null,
    };
  });
}

/** Renames the active session through the sidebar; returns the title as typed. */
async function rename(page: Page, title: string): Promise<string> {
  await activeItem(page).getByRole('button', { name: 'Rename session' }).click();
  const field = page.getByRole('textbox', { name: 'Session title' });
  await field.fill(title);
  // A single-line <input> does not keep line breaks: what it holds is the title.
  const typed = (await field.inputValue()).trim();
  await field.press('Enter');
  await page.waitForFunction(
    want => document.querySelector('section[aria-label] [data-session-pane]:not([hidden]) h2')?.textContent === want,
    typed,
  );
  return typed;
}

/**
 * In the conversation, the sidebar and the chat header: no on* attribute,
 * no javascript: link, no link whose browser-parsed scheme is not
 * http(s)/mailto, and exactly `images` as image sources.
 */
async function assertSafeDom(page: Page, images: string[]) {
  const dom = await page.evaluate(() => {
    const scopes = [
      document.querySelector('[data-session-pane]:not([hidden]) [role="log"][aria-label="Conversation"]'),
      document.querySelector('nav[aria-label="Chat sessions"]'),
      document.querySelector('section[aria-label]'),
    ];
    const all = scopes.flatMap(s => (s ? [s, ...Array.from(s.querySelectorAll('*'))] : []));
    return {
      withOnAttribute: all
        .filter(el => Array.from(el.attributes).some(a => a.name.toLowerCase().startsWith('on')))
        .map(el => el.outerHTML.slice(0, 120)),
      javascriptLinks: all.filter(el => el.matches('a[href^="javascript:" i]')).length,
      unsafeAnchors: all
        .filter((el): el is HTMLAnchorElement => el instanceof HTMLAnchorElement && el.hasAttribute('href'))
        .filter(a => !['http:', 'https:', 'mailto:'].includes(a.protocol))
        .map(a => a.getAttribute('href')),
      images: Array.from(new Set(all.filter(el => el instanceof HTMLImageElement).map(el => (el as HTMLImageElement).src))),
    };
  });
  assert.deepEqual(dom.withOnAttribute, [], 'elements with on* attributes');
  assert.equal(dom.javascriptLinks, 0, 'a[href^=javascript:]');
  assert.deepEqual(dom.unsafeAnchors, [], 'links with a scheme other than http(s)/mailto');
  assert.deepEqual(dom.images, images, 'image sources');
}

/** Proves each detector works before it is trusted to report nothing. */
async function canaries(page: Page, detector: XssDetector, dialogs: unknown[]) {
  const canaryImage = `http://localhost:${probe.port}/canary/x.png`;
  const dialog = page.waitForEvent('dialog');
  await page.evaluate(
    ({ image }) => {
      (window as unknown as { __xss(id: string): void }).__xss('canary');
      const root = document.getElementById('root')!;
      const probeBox = document.createElement('div');
      probeBox.id = 'xss-canary';
      probeBox.setAttribute('onmouseover', 'void 0');
      probeBox.innerHTML = `<a href="java&#x09;script:void 0">x</a><img src="${image}" alt="">`;
      root.appendChild(probeBox);
      setTimeout(() => alert('canary'));
    },
    { image: canaryImage },
  );
  await dialog;
  await probe.waitForRequest(r => r.url.startsWith('/canary/'));
  await page.evaluate(() => document.getElementById('xss-canary')?.remove());
  await page.evaluate(() => undefined); // flushes pending binding calls
  const kinds = new Set(detector.findings.map(f => f.kind));
  for (const kind of ['script-ran', 'event-handler', 'unsafe-url', 'image'] as const) {
    assert.ok(kinds.has(kind), `the detector missed the ${kind} canary: ${JSON.stringify(detector.findings)}`);
  }
  assert.ok(
    detector.requests.some(r => r.url === canaryImage && r.type === 'image'),
    'the request log missed the canary image',
  );
  assert.equal(dialogs.length, 1, 'the dialog canary was not recorded');
  dialogs.length = 0;
  detector.reset();
}

test('hostile agent output and session titles never run script or load foreign images', async t => {
  // Time stamps in the TAP output, to keep an eye on the file's time budget.
  const started = Date.now();
  const phase = (name: string) => t.diagnostic(`${name} done after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await e2e.withSession(t, async session => {
    const { page, context } = session;
    const detector = await installXssDetector(context);
    await overrideAppConfig(context, {
      agentForge: { baseUrl: agent.url, images: { allowedHosts: [ALLOWED_HOST] } },
    });
    await page.goto('/agent-forge');
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await canaries(page, detector, session.dialogs);
    assert.ok(payloads.length >= 50, `only ${payloads.length} payloads`);

    // 1. The user's first message (all payloads) names the session; the
    // agent answers with payloads in markdown, plan, tools and artifacts.
    await page.getByRole('button', { name: 'New chat', exact: true }).click();
    const firstMessage = [payloads[5].text, ...payloads.map(p => p.text), MARK.reply].join('\n');
    await send(page, firstMessage);
    await settledWith(page, MARK.replyEnd);
    await conversation(page).getByText(`Artifact: ${payloads[payloads.length - 1].text}`, { exact: true }).waitFor();
    assert.deepEqual(await titleShown(page), {
      header: payloads[5].text,
      region: payloads[5].text,
      sidebar: payloads[5].text,
    });

    phase('reply');
    // 2. Input forms: every payload in a title or description, a submit
    // label, and (first form) every field label, helper text, default and option.
    await send(page, MARK.form);
    const rounds = Math.ceil(formTexts.length / 2);
    const formSeen: Record<'titles' | 'descriptions' | 'labels' | 'helpers' | 'options' | 'values' | 'buttons', string[]> = {
      titles: [],
      descriptions: [],
      labels: [],
      helpers: [],
      options: [],
      values: [],
      buttons: [],
    };
    for (let round = 0; round < rounds; round++) {
      // This round's form is the only open one.
      await page.waitForFunction(expected => {
        const forms = document.querySelectorAll('[data-session-pane]:not([hidden]) [role="log"] form');
        const input = forms[0]?.querySelector<HTMLInputElement>('input[name="round"]');
        return forms.length === 1 && input?.value === expected;
      }, String(round + 1));
      const form = conversation(page).locator('form');
      const seen = await form.evaluate(el => ({
        paragraphs: Array.from(el.querySelectorAll('p'), p => p.textContent ?? ''),
        labels: Array.from(el.querySelectorAll('label'), l => l.textContent ?? ''),
        helpers: Array.from(el.querySelectorAll('p span'), s => s.textContent ?? ''),
        options: Array.from(el.querySelectorAll('option'), o => o.textContent ?? ''),
        values: Array.from(el.querySelectorAll('input'), i => i.value),
        buttons: Array.from(el.querySelectorAll('button'), b => b.textContent ?? ''),
      }));
      formSeen.titles.push(seen.paragraphs[0]);
      formSeen.descriptions.push(seen.paragraphs[1]);
      formSeen.labels.push(...seen.labels);
      formSeen.helpers.push(...seen.helpers);
      formSeen.options.push(...seen.options);
      formSeen.values.push(...seen.values);
      formSeen.buttons.push(...seen.buttons);
      await form.locator('button[type="submit"]').click();
    }
    await settledWith(page, MARK.formsDone);

    phase('forms');
    // 3. A failure whose notice lists every payload.
    await send(page, MARK.fail);
    await conversation(page).getByRole('button', { name: 'Retry' }).waitFor();
    await settledWith(page, payloads[payloads.length - 1].text);

    phase('failure');
    // The allow-listed image loads (lazy: bring it into view first).
    const image = conversation(page).getByRole('img', { name: 'allowed image' });
    await image.scrollIntoViewIfNeeded();
    await probe.waitForRequest(r => r.url === '/allowed/ok.png');
    await page.waitForFunction(
      src => Array.from(document.images).some(img => img.src === src && img.complete && img.naturalWidth === 1),
      allowedImage,
    );
    // The control link is a real link.
    assert.equal(await conversation(page).locator(`a[href="${safeLink}"]`).count(), 1, 'the safe link was not rendered');
    await saveScreenshot(page, 'hostile-content');

    phase('image');
    // ---- Every payload arrived, and showed as text where it is text. ----
    // A settled reply's plan is collapsed, its body not rendered: open every
    // one, as a reader would.
    const closedPlans = conversation(page).locator('[role="region"][aria-label="Execution plan"] button[aria-expanded="false"]');
    for (let left = await closedPlans.count(); left > 0; left = await closedPlans.count()) {
      await closedPlans.first().click();
    }
    const logSel = '[data-session-pane]:not([hidden]) [role="log"][aria-label="Conversation"]';
    const planSel = `${logSel} [role="region"][aria-label="Execution plan"]`;
    const artifactNames = await textsOf(page, `${logSel} span`);
    const preTexts = await textsOf(page, `${logSel} pre`);
    const steps = await textsOf(page, `${planSel} ol > li`);
    const planSpans = await textsOf(page, `${planSel} span`);
    const planParagraphs = await textsOf(page, `${planSel} p`);
    const summaryTerms = await textsOf(page, `${logSel} [role="group"] dt`);
    const logParagraphs = await textsOf(page, `${logSel} p, ${logSel} div`);
    const surfaces: Record<string, number[]> = {
      'artifact name': missing(artifactNames, p => `Artifact: ${p.text}`),
      'artifact text': missing(preTexts, p => p.text),
      'plan step title': missing(steps, p => `Done: ${p.text}`),
      'tool name': missing(planSpans, p => p.text),
      'tool result': missing(planParagraphs, p => p.text),
      'form field label': missing(formSeen.labels, p => p.text),
      'form field helper text': missing(formSeen.helpers, p => p.text),
      // A single-line <input> does not keep line breaks.
      'form field default value': missing(formSeen.values, p => p.text.replace(/[\r\n]/g, '')),
      'form select option': missing(formSeen.options, p => p.text),
      'submitted form summary label': missing(summaryTerms, p => p.text),
    };
    const problems = Object.entries(surfaces)
      .filter(([, ids]) => ids.length > 0)
      .map(([surface, ids]) => `${surface}: payloads ${ids.join(', ')} not shown verbatim`);
    assert.deepEqual(problems, [], 'payloads missing or altered');
    assert.deepEqual(formSeen.titles, formTexts.filter((_, i) => i % 2 === 0).map(s => s), 'form titles');
    assert.deepEqual(formSeen.descriptions.slice(0, Math.floor(formTexts.length / 2)), formTexts.filter((_, i) => i % 2 === 1), 'form descriptions');
    assert.ok(formSeen.buttons.every((b, i) => b === payloads[i].text), 'form submit labels');
    assert.ok(planParagraphs.includes(payloads[1].text), 'plan title');
    assert.ok(logParagraphs.includes(payloads.map(p => p.text).join('\n')), 'the failure notice');
    assert.ok(logParagraphs.includes(firstMessage), 'the user message');

    await assertSafeDom(page, [allowedImage]);
    phase('verbatim checks');
    // 4. Session titles: a second session is renamed to every payload, one
    // after the other.
    await page.getByRole('button', { name: 'New chat', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('section[aria-label] [data-session-pane]:not([hidden]) h2')?.textContent === 'New chat');
    for (const payload of payloads) {
      const expected = await rename(page, payload.text);
      if (!payload.text.includes('\n')) assert.equal(expected, payload.text);
      assert.deepEqual(await titleShown(page), { header: expected, region: expected, sidebar: expected }, `title of payload ${payload.id}`);
    }
    phase('renames');
    // Deleting shows the title in the snackbar; Undo brings the session back.
    const lastTitle = payloads[payloads.length - 1].text;
    await activeItem(page).getByRole('button', { name: 'Delete session' }).click();
    await page.getByText(`Deleted “${lastTitle}”`, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.waitForFunction(want => document.querySelector('section[aria-label] [data-session-pane]:not([hidden]) h2')?.textContent === want, lastTitle);
    // A search for a payload echoes it in the "no results" text.
    const search = page.getByRole('searchbox', { name: 'Search chats' });
    await search.fill(`${payloads[0].text}zz`);
    await page.getByText(`No chats match “${payloads[0].text}zz”.`, { exact: true }).waitFor();
    await search.fill('');

    phase('delete and search');
    // ---- Nothing ran, nothing dangerous reached the DOM, nothing foreign loaded. ----
    await detector.scanNow(page);
    // The first chat's pane is kept (hidden) with its allowed image.
    await assertSafeDom(page, [allowedImage]);

    await page.evaluate(() => undefined); // flushes pending binding calls
    const breaches = detector.findings.filter(f => f.kind !== 'image');
    assert.deepEqual(breaches, [], 'script ran or dangerous markup reached the DOM');
    const foreignImages = detector.findings.filter(f => f.kind === 'image' && f.detail !== allowedImage);
    assert.deepEqual(foreignImages, [], 'images other than the allow-listed one were rendered');
    const probed = detector.requests.filter(r => r.url.includes('/xss-probe/') || r.url.includes('xss-probe.invalid'));
    assert.deepEqual(probed, [], 'the browser requested payload URLs');
    assert.deepEqual(probe.requests.filter(r => r.url.includes('/xss-probe/')), [], 'the probe server saw payload requests');
    const appOrigin = new URL(e2e.appUrl).origin;
    const foreignRequests = detector.requests.filter(r => {
      if (r.url.startsWith('data:')) return r.type === 'image';
      const { origin } = new URL(r.url);
      return origin !== appOrigin && origin !== new URL(agent.url).origin && r.url !== allowedImage;
    });
    assert.deepEqual(foreignRequests, [], 'requests to hosts other than the app, the agent and the allow-listed image');
    assert.equal(formatProblems(session), '', 'page errors or dialogs');
    const consoleErrors = session.consoleErrors.filter(m => !/findDOMNode is deprecated/.test(m));
    assert.deepEqual(consoleErrors, [], 'unexpected console.error() calls');
    t.diagnostic(`${payloads.length} payloads`);
  });
});
