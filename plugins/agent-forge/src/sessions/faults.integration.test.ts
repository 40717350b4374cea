/**
 * @jest-environment node
 */
/*
 * Faults (issue 5, item 3) on the wire, each against the real demo agent over
 * HTTP with the real SDK client, for A2A 1.0 and 0.3: the error shows in the
 * affected session only, the other session gets its whole answer, and nothing
 * the user wrote is lost, in memory or in storage. The fault directives are in
 * packages/demo-agent/README.md ("Fault directives"); faults of the agent
 * process, sizes and timeouts are in faults.process.integration.test.ts, and
 * the known product gaps in faults.pending.test.ts.txt.
 */
import { UNKNOWN_ARTIFACT_NAMES } from '@internal/demo-agent';
import type { AgentMessage } from './model';
import { InMemorySessionRepository } from './persistence/InMemorySessionRepository';
import { isStreamOf, lastReply, snapshotWhere, startHarness, type Harness } from '../__testUtils__/demoAgentHarness';
import {
  agentFinalText,
  BYSTANDER,
  expectFailedInPlace,
  expectUnaffected,
  faultBesideBystander,
  storedRecord,
  streamedText,
  transcript,
  userTexts,
  silenceAgentErrorLogs,
} from '../__testUtils__/faultHelpers';

silenceAgentErrorLogs();

describe.each(['1.0', '0.3'] as const)('faults over A2A %s, each in one session of two', protocol => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(protocol);
  });
  afterAll(() => harness.close());

  it.each([
    [401, 'auth'],
    [403, 'auth'],
    [413, 'http'],
    [500, 'http'],
  ] as const)('HTTP %i with an HTML error page: kind %s, no HTML shown', async (status, kind) => {
    const prompt = `/status ${status} please answer`;
    const { manager, repository, faulty, bystander } = await faultBesideBystander(harness, prompt);

    const { reply, error } = await expectFailedInPlace(faulty, repository, prompt);
    expect(error).toMatchObject({ kind, status });
    expect(error.message).toContain(`HTTP ${status}`);
    expect(reply.text).toBe('');
    await expectUnaffected(harness.client, bystander, repository);
    manager.dispose();
  });

  it('an HTML page with HTTP 200 instead of a stream: kind protocol', async () => {
    const prompt = '/html are you there?';
    const { manager, repository, faulty, bystander } = await faultBesideBystander(harness, prompt);

    const { error } = await expectFailedInPlace(faulty, repository, prompt);
    expect(error.kind).toBe('protocol');
    expect(error.status).toBeUndefined();
    await expectUnaffected(harness.client, bystander, repository);
    manager.dispose();
  });

  it('malformed SSE mid-stream: kind protocol, the partial answer is kept', async () => {
    const prompt = '/chunks 12 /malformed 4 break the wire';
    const { manager, repository, faulty, bystander } = await faultBesideBystander(harness, prompt);

    const { reply, error } = await expectFailedInPlace(faulty, repository, prompt);
    expect(error.kind).toBe('protocol');
    // The agent finished the task; the session kept the 4 chunks it got.
    const full = await agentFinalText(harness.client, reply.taskId!);
    expect(reply.text.length).toBeGreaterThan(0);
    expect(full.startsWith(reply.text)).toBe(true);
    expect(reply.text.length).toBeLessThan(full.length);
    await expectUnaffected(harness.client, bystander, repository);
    manager.dispose();
  });

  it('a JSON-RPC error mid-stream: kind rpc with its code, the partial answer is kept', async () => {
    const prompt = '/chunks 12 /error 5 raise an error';
    const { manager, repository, faulty, bystander } = await faultBesideBystander(harness, prompt);

    const { reply, error } = await expectFailedInPlace(faulty, repository, prompt);
    expect(error).toMatchObject({ kind: 'rpc', code: -32006 });
    expect(error.message).toContain('Simulated JSON-RPC error');
    expect(reply.text).toBe(await streamedText(harness.client, reply.taskId!));
    expect(reply.text.length).toBeGreaterThan(0);
    await expectUnaffected(harness.client, bystander, repository);
    manager.dispose();
  });

  it('unknown artifact names and an unknown task state: kept, and the reply completes', async () => {
    const prompt = '/chunks 8 /unknown tell me something odd';
    const { manager, repository, faulty, bystander } = await faultBesideBystander(harness, prompt);

    // The faulty session is not faulty at all: it completes like the other one.
    await expectUnaffected(harness.client, faulty, repository, [prompt]);
    const reply = lastReply(faulty.getSnapshot()) as AgentMessage;
    expect(reply.artifacts?.map(a => a.name)).toEqual([UNKNOWN_ARTIFACT_NAMES.withText, UNKNOWN_ARTIFACT_NAMES.dataOnly]);
    expect(reply.artifacts?.[0].text).toBe('Sunny, 21 °C ☀️');
    expect(reply.notice).toBeUndefined();
    await expectUnaffected(harness.client, bystander, repository);
    manager.dispose();
  });

  it('a stream cut mid-envelope that ends cleanly: the session settles, the user message and the partial answer stay', async () => {
    // How the reply is labelled is pending (faults.pending.test.ts.txt): today
    // it is shown as 'complete' although the agent never said so.
    const prompt = '/chunks 12 /truncate 4 cut me short';
    const { manager, repository, faulty, bystander } = await faultBesideBystander(harness, prompt);

    const snapshot = faulty.getSnapshot();
    const reply = lastReply(snapshot) as AgentMessage;
    const full = await agentFinalText(harness.client, reply.taskId!);
    expect(userTexts(snapshot)).toEqual([prompt]);
    expect(transcript((await storedRecord(repository, faulty.id))!.messages)).toEqual(transcript(snapshot.messages));
    expect(reply.text.length).toBeGreaterThan(0);
    expect(full.startsWith(reply.text)).toBe(true);
    await expectUnaffected(harness.client, bystander, repository);
    manager.dispose();
  });

  it('a dropped connection mid-stream: reconnects visibly, finishes the same task, never re-sends', async () => {
    const prompt = '/chunks 12 /delay 2 /drop 4 drop the line';
    const repository = new InMemorySessionRepository();
    const manager = harness.createManager({ repository, reconnectDelayMs: () => 50 });
    await manager.load();
    const [faulty, bystander] = [manager.createSession(), manager.createSession()];
    const reconnecting = snapshotWhere(faulty, s => s.reconnecting !== undefined);
    await Promise.all([faulty.send(prompt), bystander.send(BYSTANDER)]);

    expect(await reconnecting).toMatchObject({ status: 'streaming', reconnecting: { attempt: 1 } });
    const reply = lastReply(faulty.getSnapshot()) as AgentMessage;
    expect(reply).toMatchObject({ status: 'complete', text: await agentFinalText(harness.client, reply.taskId!) });
    await expectUnaffected(harness.client, faulty, repository, [prompt]);
    expect(faulty.getSnapshot().reconnecting).toBeUndefined();
    expect(harness.requests.filter(isStreamOf('drop the line'))).toHaveLength(1);
    await expectUnaffected(harness.client, bystander, repository);
    manager.dispose();
  });
});
