/*
 * A hostile agent card in direct mode, in Chromium: its interface URL points
 * at another host, at the Backstage backend, or at a plugin:// URL (which
 * Backstage's fetchApi would resolve to the backend and send the user's
 * token to). The page shows a clear error that names the config key, in the
 * header and in the reply that could not be sent, and the browser sends
 * nothing anywhere but the configured agent's card.
 *
 * The agent is started here with `cardTransform`; the shared app is pointed
 * at it (and `backend.baseUrl` at a recording probe) for each browser
 * context only.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDemoAgent, type DemoAgent } from '@internal/demo-agent';
import { overrideAppConfig } from './support/appConfig';
import { formatProblems } from './support/browser';
import { conversation, send } from './support/chat';
import { startProbeServer, type ProbeServer } from './support/probeServer';
import { saveScreenshot } from './support/screenshots';
import { useE2E } from './support/suite';

const e2e = useE2E();

let agent: DemoAgent;
/** Plays the Backstage backend (where fetchApi sends the user's token). */
let backend: ProbeServer;
/** Another host the card may name. */
let elsewhere: ProbeServer;
let interfaceUrl = '';

before(async () => {
  backend = await startProbeServer();
  elsewhere = await startProbeServer();
  agent = await startDemoAgent({
    port: 0,
    cardTransform: card => ({
      ...card,
      supportedInterfaces: (card.supportedInterfaces as Array<Record<string, unknown>>).map(i => ({ ...i, url: interfaceUrl })),
    }),
  });
});

after(async () => {
  await agent?.close();
  await backend?.close();
  await elsewhere?.close();
});

const CASES = [
  { name: 'another host', url: () => `http://localhost:${elsewhere.port}/a2a/jsonrpc`, key: 'agentForge.allowedInterfaceOrigins' },
  { name: 'the Backstage backend', url: () => `http://127.0.0.1:${backend.port}/api/catalog/entities`, key: 'agentForge.baseUrl' },
  { name: 'a plugin:// URL', url: () => 'plugin://catalog/entities', key: 'agentForge.baseUrl' },
];

for (const hostile of CASES) {
  test(`a card pointing at ${hostile.name}: a clear error, and nothing sent there`, async t => {
    interfaceUrl = hostile.url();
    await e2e.withSession(t, async session => {
      const { page } = session;
      const requests: Array<{ url: string; method: string }> = [];
      page.on('request', request => requests.push({ url: request.url(), method: request.method() }));
      await overrideAppConfig(session.context, {
        agentForge: { baseUrl: agent.url },
        backend: { baseUrl: `http://127.0.0.1:${backend.port}` },
      });
      await page.goto('/agent-forge');

      // The header says so, and the banner names the key.
      await page.getByRole('status').filter({ hasText: 'Unavailable' }).waitFor();
      await page.getByText("Can't connect to the agent").waitFor();
      await page.getByText(new RegExp(hostile.key.replace('.', '\\.'))).first().waitFor();

      // A send says it too, in the reply, with a way forward (Retry).
      await send(page, 'is my token safe?');
      const error = conversation(page).getByRole('alert');
      await error.waitFor();
      assert.match((await error.textContent()) ?? '', new RegExp(hostile.key.replace('.', '\\.')));
      await conversation(page).getByRole('button', { name: 'Retry' }).waitFor();
      await saveScreenshot(page, `card-trust-${hostile.name.replace(/\W+/g, '-')}`);

      const app = new URL(page.url()).origin;
      const toAgent = requests.filter(r => r.url.startsWith(`${agent.url}/`));
      const elsewhereRequests = requests.filter(r => !r.url.startsWith(`${app}/`) && !r.url.startsWith(`${agent.url}/`));
      assert.deepEqual(elsewhereRequests, [], 'the browser sent requests outside the app and the agent');
      assert.ok(toAgent.length > 0, 'the card was read');
      assert.deepEqual(
        toAgent.filter(r => !/\/\.well-known\/agent(-card)?\.json$/.test(r.url)),
        [],
        'only the card was requested from the agent',
      );
      assert.deepEqual(backend.requests, []);
      assert.deepEqual(elsewhere.requests, []);
      assert.equal(formatProblems(session), '');
    });
  });
}
