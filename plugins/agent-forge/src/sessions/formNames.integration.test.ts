import type { ScriptedReply, ScriptedRequest } from '@internal/demo-agent';
import { answerableFields, coerceValues } from '../components/InputForm';
import { lastReply, startHarness, type Harness } from '../__testUtils__/demoAgentHarness';
import type { AgentMessage, UserMessage } from './model';
import { LocalStorageSessionRepository } from './persistence/LocalStorageSessionRepository';

const ASK = '⟦form with prototype names⟧';
const NAMESPACE = 'user:default/forms';

/** The form an agent sends: field names a plain object answers to through its prototype. */
const FORM_REPLY: ScriptedReply = {
  form: {
    form: {
      id: 'prototype-names',
      title: 'Prototype names',
      fields: [
        { name: '__proto__', label: 'Proto', type: 'text', required: true },
        { name: 'constructor', label: 'Constructor', type: 'number' },
        { name: 'toString', label: 'To string', type: 'select', options: ['a', 'b'] },
        { name: 'plain', label: 'Plain', type: 'boolean' },
      ],
    },
  },
};

/**
 * A field named `__proto__` is answered like any other, over the real SDK
 * and HTTP (A2A 1.0 and 0.3), and the chat survives storage: the agent
 * receives the value as an own key, the record round-trips through
 * localStorage, and a fresh manager (a reload) loads it.
 */
describe.each(['1.0', '0.3'] as const)('A2A %s: a form with a field named __proto__', protocol => {
  let harness: Harness;
  const answers: unknown[] = [];

  function scripted(request: ScriptedRequest): ScriptedReply | undefined {
    if (request.continuing) {
      answers.push(...request.data);
      return { text: 'Thanks, noted.' };
    }
    return request.text.includes(ASK) ? FORM_REPLY : undefined;
  }

  beforeAll(async () => {
    harness = await startHarness(protocol, { scripted });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    window.localStorage.clear();
    answers.length = 0;
  });

  it('shows the form, sends the answer for __proto__, and a reload shows it all again', async () => {
    const manager = harness.createManager({ repository: LocalStorageSessionRepository.create({ namespace: NAMESPACE }) });
    await manager.load();
    const session = manager.createSession();
    await session.send(`${ASK} please`);

    const asking = lastReply(session.getSnapshot()) as AgentMessage;
    expect(asking.status).toBe('input-required');
    expect(asking.form?.fields.map(f => f.name)).toEqual(['__proto__', 'constructor', 'toString', 'plain']);

    // The answer as the form builds it.
    const fields = answerableFields(asking.form!.fields).fields;
    await session.respond(coerceValues(fields, ['the proto value', '7', 'b', true]));

    // The agent received every value under its own name.
    expect(answers).toHaveLength(1);
    const received = (answers[0] as { values: Record<string, unknown> }).values;
    expect(Object.getOwnPropertyNames(received)).toEqual(['__proto__', 'constructor', 'toString', 'plain']);
    expect(Object.getOwnPropertyDescriptor(received, '__proto__')?.value).toBe('the proto value');
    expect(received.constructor).toBe(7);
    expect(received.toString).toBe('b');
    expect(received.plain).toBe(true);

    const done = session.getSnapshot();
    expect(done.status).toBe('idle');
    const answer = done.messages[2] as UserMessage;
    expect(answer.text).toBe('Proto: the proto value\nConstructor: 7\nTo string: b\nPlain: yes');
    expect(Object.getOwnPropertyDescriptor(answer.data, '__proto__')?.value).toBe('the proto value');
    expect(lastReply(done).text).toBe('Thanks, noted.');
    manager.dispose();

    // Stored as JSON, where __proto__ is a key like any other.
    const stored = Object.keys(window.localStorage).filter(key => key.includes(':session:'));
    expect(stored).toHaveLength(1);
    expect(window.localStorage.getItem(stored[0])).toContain('"__proto__":"the proto value"');

    // A reload: a fresh manager on the same storage shows the same chat.
    const reloaded = harness.createManager({ repository: LocalStorageSessionRepository.create({ namespace: NAMESPACE }) });
    await reloaded.load();
    const restored = reloaded.getSession(session.id)!.getSnapshot();
    expect(restored.status).toBe('idle');
    expect(restored.messages).toEqual(done.messages);
    const restoredAnswer = restored.messages[2] as UserMessage;
    expect(Object.getOwnPropertyDescriptor(restoredAnswer.data, '__proto__')?.value).toBe('the proto value');
    expect((restored.messages[1] as AgentMessage).form?.fields[0].name).toBe('__proto__');
    reloaded.dispose();
  });
});
