/*
 * Test helpers: real @a2a-js/sdk clients for both protocol versions, and
 * small utilities to read what a stream delivered. Only the SDK parses SSE
 * and JSON-RPC here.
 */
import { randomUUID } from 'node:crypto';
import {
  Role,
  TaskState,
  type AgentCard,
  type Artifact,
  type Part,
  type SendMessageRequest,
  type StreamResponse,
  type TaskArtifactUpdateEvent,
  type TaskStatusUpdateEvent,
} from '@a2a-js/sdk';
import {
  ClientFactory,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory,
  type Client,
} from '@a2a-js/sdk/client';

export type Flavor = 'v1.0' | 'v0.3';

/**
 * Resolves the agent card the way a pure v0.3 client sees it.
 *
 * Our server speaks both versions, and the SDK's ClientFactory always picks
 * the protocolVersion "1.0" interface when a card lists one. The card
 * resolver sends `A2A-Version: 1.0`, so it gets the v1.0 card, which lists
 * both interfaces. To force the legacy path we therefore:
 * 1. fetch the card from /.well-known/agent.json WITHOUT the A2A-Version
 *    header (as v0.3 clients do), so the server answers with the v0.3 card;
 * 2. drop the `supportedInterfaces` that the SDK embeds in that v0.3 card
 *    for dual-stack clients. What is left is exactly what a v0.3-only agent
 *    (e.g. Python a2a-sdk 0.3) serves, the resolver recognises it as a
 *    legacy card, and the legacy-compat JsonRpcTransportFactory then creates
 *    the LegacyJsonRpcTransport (client.protocolVersion === '0.3', methods
 *    message/stream, tasks/cancel, tasks/resubscribe, ...).
 */
class PureLegacyCardResolver extends DefaultAgentCardResolver {
  constructor() {
    super({
      legacyCompat: { enabled: true },
      path: '/.well-known/agent.json',
      fetchImpl: (input, init) => {
        const headers = new Headers(init?.headers);
        headers.delete('A2A-Version');
        return fetch(input, { ...init, headers });
      },
    });
  }

  normalizeAgentCard(card: unknown): AgentCard {
    if (card && typeof card === 'object' && 'url' in card) {
      const { supportedInterfaces: _embeddedV1, ...legacyCard } =
        card as Record<string, unknown>;
      return super.normalizeAgentCard(legacyCard);
    }
    return super.normalizeAgentCard(card);
  }
}

export async function createClient(
  baseUrl: string,
  flavor: Flavor,
): Promise<Client> {
  const legacyCompat = { enabled: flavor === 'v0.3' };
  const factory = new ClientFactory({
    transports: [new JsonRpcTransportFactory({ legacyCompat })],
    cardResolver:
      flavor === 'v0.3'
        ? new PureLegacyCardResolver()
        : new DefaultAgentCardResolver(),
  });
  return factory.createFromUrl(baseUrl);
}

export function textPart(text: string): Part {
  return {
    content: { $case: 'text', value: text },
    metadata: undefined,
    filename: '',
    mediaType: 'text/plain',
  };
}

export function dataPart(data: unknown): Part {
  return {
    content: { $case: 'data', value: data },
    metadata: undefined,
    filename: '',
    mediaType: 'application/json',
  };
}

export function request(
  parts: Part[] | string,
  ids: { contextId?: string; taskId?: string } = {},
): SendMessageRequest {
  return {
    tenant: '',
    metadata: undefined,
    configuration: undefined,
    message: {
      messageId: randomUUID(),
      role: Role.ROLE_USER,
      contextId: ids.contextId ?? '',
      taskId: ids.taskId ?? '',
      parts: typeof parts === 'string' ? [textPart(parts)] : parts,
      metadata: undefined,
      extensions: [],
      referenceTaskIds: [],
    },
  };
}

/** Drains a stream; `onEvent` may return 'stop' to leave early (closing the stream). */
export async function collect(
  stream: AsyncGenerator<StreamResponse>,
  onEvent?: (
    event: StreamResponse,
    index: number,
  ) => void | 'stop' | Promise<void | 'stop'>,
): Promise<StreamResponse[]> {
  const events: StreamResponse[] = [];
  for await (const event of stream) {
    events.push(event);
    if ((await onEvent?.(event, events.length - 1)) === 'stop') {
      break;
    }
  }
  return events;
}

export function artifactUpdates(
  events: StreamResponse[],
): TaskArtifactUpdateEvent[] {
  return events.flatMap(e =>
    e.payload?.$case === 'artifactUpdate' ? [e.payload.value] : [],
  );
}

export function statusUpdates(
  events: StreamResponse[],
): TaskStatusUpdateEvent[] {
  return events.flatMap(e =>
    e.payload?.$case === 'statusUpdate' ? [e.payload.value] : [],
  );
}

export function lastState(events: StreamResponse[]): TaskState | undefined {
  const statuses = statusUpdates(events);
  return statuses[statuses.length - 1]?.status?.state;
}

export function partsText(parts: Part[] | undefined): string {
  return (parts ?? [])
    .map(p => (p.content?.$case === 'text' ? p.content.value : ''))
    .join('');
}

export function partsData(parts: Part[] | undefined): unknown[] {
  return (parts ?? []).flatMap(p =>
    p.content?.$case === 'data' ? [p.content.value] : [],
  );
}

export function isChunk(update: TaskArtifactUpdateEvent): boolean {
  return update.artifact?.name === 'streaming_result';
}

export function finalResultText(
  updatesOrArtifacts: Array<TaskArtifactUpdateEvent | Artifact>,
): string | undefined {
  for (const item of updatesOrArtifacts) {
    const artifact = 'artifactId' in item ? item : item.artifact;
    if (artifact?.name === 'final_result') {
      return partsText(artifact.parts);
    }
  }
  return undefined;
}

export { TaskState };
