/**
 * @jest-environment node
 */
/*
 * Faults that once showed product gaps (found by these tests): a stream that
 * ends early, data-only artifacts, a 413 with a JSON-RPC body, sub-second
 * timeouts, and error pages with CSS.
 */
import { startDemoAgent } from '@internal/demo-agent';
import { AgentClient } from '../a2a/AgentClient';
import type { AgentMessage } from './model';
import { InMemorySessionRepository } from './persistence/InMemorySessionRepository';
import { isStreamOf, lastReply, startHarness, type Harness } from '../__testUtils__/demoAgentHarness';
import { agentFinalText, managerFor, readableError } from '../__testUtils__/faultHelpers';

describe.each(['1.0', '0.3'] as const)('more fault behaviour over A2A %s', protocol => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(protocol);
  });
  afterAll(() => harness.close());

  it('a stream that ends cleanly while the task still runs is re-attached, not shown as the answer', async () => {
    // `/truncate 4`: 4 chunks, then half a JSON-RPC envelope, then the HTTP
    // response ends normally (like a proxy timing the stream out).
    const manager = harness.createManager({ reconnectDelayMs: () => 20 });
    const session = manager.createSession();
    await session.send('/chunks 12 /truncate 4 cut me short');

    const reply = lastReply(session.getSnapshot()) as AgentMessage;
    const full = await agentFinalText(harness.client, reply.taskId!);
    expect(reply).toMatchObject({ status: 'complete', text: full });
    expect(harness.requests.filter(isStreamOf('cut me short'))).toHaveLength(1);
    manager.dispose();
  });

  it('an unknown artifact that has only a data part keeps its data visible', async () => {
    // `/unknown` sends artifact `x_vendor_trace` with one DataPart
    // { spanId: 'demo-span-1', durationMs: 12 } and no text part.
    // the data survives, e.g. rendered as JSON in `text` (or a
    //   `data` field on OtherArtifact).
    const manager = harness.createManager();
    const session = manager.createSession();
    await session.send('/chunks 4 /unknown odd things');
    const reply = lastReply(session.getSnapshot()) as AgentMessage;
    const trace = reply.artifacts?.find(a => a.name === 'x_vendor_trace');
    expect(trace).toBeDefined();
    expect(JSON.stringify(trace)).toContain('demo-span-1');
    manager.dispose();
  });
});

describe('more fault behaviour (single protocol)', () => {
  it('HTTP 413 answered with a JSON-RPC envelope still reports the HTTP status', async () => {
    // A body over the agent's limit: HTTP 413 with a JSON-RPC error body
    // ({ code: -32600, message: 'Request body too large (limit 102400 bytes).' }).
    // { kind: 'http', status: 413 } and the product's own 413 text
    //   ("The message is too large for the agent (HTTP 413). Shorten it and
    //   send again."). The SDK drops the status, so AgentClient would have to
    //   note it itself (e.g. from the fetch it passes to the SDK).
    const agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 }, jsonBodyLimit: '100kb' });
    const client = await AgentClient.connect({ baseUrl: agent.url, protocol: '1.0' });
    const manager = managerFor(async () => client, { repository: new InMemorySessionRepository() });
    try {
      await manager.load();
      const session = manager.createSession();
      await session.send(`too big ${'x'.repeat(200 * 1024)}`);
      const error = readableError(session.getSnapshot().error);
      expect(error).toMatchObject({ kind: 'http', status: 413 });
      expect(error.message).toContain('HTTP 413');
    } finally {
      manager.dispose();
      await agent.close();
    }
  });

  it('a sub-second first-event timeout does not say "within 0 s"', async () => {
    // AgentTimeoutError rounds to whole seconds: firstEventTimeoutMs 300 gives
    // a non-zero duration ("within 0.3 s" or "300 ms").
    const harness = await startHarness('1.0');
    const client = await AgentClient.connect({ baseUrl: harness.agent.url, protocol: '1.0', firstEventTimeoutMs: 300 });
    const manager = managerFor(async () => client);
    try {
      const session = manager.createSession();
      await session.send('/hang 2000 are you there?');
      const error = readableError(session.getSnapshot().error);
      expect(error.kind).toBe('timeout');
      expect(error.message).not.toMatch(/\b0 s\b/);
    } finally {
      manager.dispose();
      await harness.close();
    }
  });

  it('the detail of an HTML error page carries no CSS or script text', async () => {
    // `/status 500` answers with an HTML page that has a <style> block, like
    // many real error pages. cleanDetail() strips the tags but keeps what is
    // between them.
    // the contents of <style> and <script> (and <head>) are dropped.
    const harness = await startHarness('1.0');
    const manager = harness.createManager();
    try {
      const session = manager.createSession();
      await session.send('/status 500 hello');
      const error = readableError(session.getSnapshot().error);
      expect(error.detail ?? '').not.toContain('font-family');
    } finally {
      manager.dispose();
      await harness.close();
    }
  });
});
