/*
 * Hostile replies: `/hostile <kind> [N]` makes the demo agent behave like an
 * agent that is broken or malicious in ways a client must survive: floods of
 * artifacts or plan versions, enormous lines, endless streams, odd files.
 * The transport stays the real one (a task, WORKING, artifacts, COMPLETED),
 * and every reply still stops at once on tasks/cancel.
 *
 *   /hostile flood N      N artifacts with made-up names (default 5,000)
 *   /hostile replans N    N full execution plans, one after another (5,000)
 *   /hostile tools N      N tool calls, each started and finished (1,000)
 *   /hostile longline KB  an answer that is one line of KB kilobytes with no
 *                         whitespace, full of markdown delimiters (300)
 *   /hostile endless      streams answer chunks until canceled
 *   /hostile files        an artifact of files: by URL, inline bytes, a
 *                         `javascript:` URL, and a name with direction overrides
 *   /hostile headers      an answer that quotes the HTTP request headers the
 *                         agent received (credentials a proxy added included)
 *
 * `/delay MS` paces the events as usual (the hostile defaults are 0 ms, so
 * they arrive as fast as the connection carries them).
 */
import { TaskState, type Part } from '@a2a-js/sdk';
import { AgentEvent, type ExecutionEventBus } from '@a2a-js/sdk/server';
import { artifactUpdate, dataPart, textPart } from './builders';
import type { Script } from './script';
import { ARTIFACT_NAMES } from './shapes';

export type HostileKind = 'flood' | 'replans' | 'tools' | 'longline' | 'endless' | 'files' | 'headers';

export interface HostileDirective {
  kind: HostileKind;
  /** Count or size, clamped to the kind's limits. */
  amount: number;
}

const KINDS: Record<HostileKind, { default: number; max: number }> = {
  flood: { default: 5_000, max: 100_000 },
  replans: { default: 5_000, max: 100_000 },
  tools: { default: 1_000, max: 100_000 },
  longline: { default: 300, max: 4_096 },
  endless: { default: 0, max: 0 },
  files: { default: 0, max: 0 },
  headers: { default: 0, max: 0 },
};

const HOSTILE_RE = /(?:^|\s)\/hostile\s+([a-z]+)(?:\s+(\d+))?(?=\s|$)/i;

/** The hostile directive in a user message, if any. */
export function parseHostile(text: string): HostileDirective | undefined {
  const match = HOSTILE_RE.exec(text);
  if (!match) return undefined;
  const kind = match[1].toLowerCase();
  if (!Object.prototype.hasOwnProperty.call(KINDS, kind)) return undefined;
  const limits = KINDS[kind as HostileKind];
  const given = match[2] === undefined ? limits.default : Number(match[2]);
  return { kind: kind as HostileKind, amount: Math.max(0, Math.min(limits.max, given)) };
}

/** `size` characters with no whitespace and many markdown delimiters. */
export function hostileLine(size: number): string {
  const unit = 'x_*[a](`~<';
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

function artifact(
  script: Script,
  bus: ExecutionEventBus,
  fields: { artifactId: string; name: string; parts: Part[] },
  options?: { append: boolean; lastChunk: boolean },
): Promise<void> {
  script.checkpoint();
  bus.publish(AgentEvent.artifactUpdate(artifactUpdate(script.ids, fields, options)));
  return script.wait();
}

/** What a hostile reply may quote of the request it answers. */
export interface HostileRequest {
  headers: Record<string, string | string[] | undefined>;
}

type Play = (script: Script, bus: ExecutionEventBus, amount: number, run: string, request: HostileRequest) => Promise<void>;

const PLAYS: Record<HostileKind, Play> = {
  async flood(script, bus, amount, run) {
    for (let i = 0; i < amount; i++) {
      await artifact(script, bus, {
        artifactId: `flood-${i}-${run}`,
        name: `made_up_${i % 7}`,
        parts: [textPart(`flood artifact ${i}`)],
      });
    }
  },
  async replans(script, bus, amount, run) {
    for (let i = 0; i < amount; i++) {
      const steps = [1, 2, 3].map(n => ({ id: `s${n}`, title: `Step ${n} of plan ${i + 1}`, status: 'pending' }));
      await artifact(script, bus, {
        artifactId: `plan-${run}`,
        name: ARTIFACT_NAMES.planUpdate,
        parts: [dataPart({ title: `Plan ${i + 1}`, steps })],
      });
    }
  },
  async tools(script, bus, amount, run) {
    for (let i = 0; i < amount; i++) {
      for (const phase of ['start', 'end'] as const) {
        await artifact(script, bus, {
          artifactId: `tool-${i}-${phase}-${run}`,
          name: phase === 'start' ? ARTIFACT_NAMES.toolStart : ARTIFACT_NAMES.toolEnd,
          parts: [dataPart({ tool: { callId: `call-${i}`, name: `tool_${i}`, ...(phase === 'end' ? { result: 'ok' } : {}) } })],
        });
      }
    }
  },
  async longline(script, _bus, amount) {
    const line = hostileLine(amount * 1024);
    await script.streamAnswer(line, Math.max(1, Math.ceil(line.length / 4096)));
    await script.finalResult(line);
  },
  async endless(script, bus, _amount, run) {
    // Until tasks/cancel: every artifact() checks for it first.
    for (let i = 0; ; i++) {
      await artifact(
        script,
        bus,
        { artifactId: `endless-${run}`, name: ARTIFACT_NAMES.streamingResult, parts: [textPart(`chunk ${i} `)] },
        { append: i > 0, lastChunk: false },
      );
    }
  },
  async headers(script, _bus, _amount, _run, request) {
    const lines = Object.entries(request.headers).map(([name, value]) => `${name}: ${[value].flat().join(', ')}`);
    const answer = `Here is what your request looked like when it reached me:\n\n\`\`\`http\n${lines.join('\n')}\n\`\`\`\n`;
    await script.streamAnswer(answer, 4);
    await script.finalResult(answer);
  },
  async files(script, bus, _amount, run) {
    await artifact(script, bus, {
      artifactId: `files-${run}`,
      name: 'attachments',
      parts: [
        urlPart('https://files.example.com/report.pdf', 'report.pdf', 'application/pdf'),
        // eslint-disable-next-line no-script-url
        urlPart('javascript:alert(document.domain)', 'click-me.html', 'text/html'),
        rawPart('\u202Egpj.exe', 'application/octet-stream'),
      ],
    });
  },
};

/**
 * Plays a hostile reply after `begin` (which publishes the task); ends in
 * COMPLETED unless canceled (then RunStopped propagates, as for every script).
 */
export async function playHostile(
  script: Script,
  bus: ExecutionEventBus,
  directive: HostileDirective,
  request: HostileRequest,
  begin: () => Promise<void>,
): Promise<void> {
  await begin();
  await script.status(TaskState.TASK_STATE_WORKING);
  await PLAYS[directive.kind](script, bus, directive.amount, script.ids.taskId.slice(0, 8), request);
  script.finish(TaskState.TASK_STATE_COMPLETED);
}

function urlPart(url: string, filename: string, mediaType: string): Part {
  return { content: { $case: 'url', value: url }, metadata: undefined, filename, mediaType };
}

function rawPart(filename: string, mediaType: string): Part {
  return { content: { $case: 'raw', value: Buffer.from('MZ fake executable') }, metadata: undefined, filename, mediaType };
}
