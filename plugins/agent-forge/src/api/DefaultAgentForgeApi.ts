import type { ConfigApi, DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { AgentClient, DEFAULT_IDLE_TIMEOUT_MS, type ProtocolPreference } from '../a2a/AgentClient';
import { AgentConfigError } from '../a2a/errors';
import { DEFAULT_MAX_STREAMS_PER_ORIGIN, StreamSlots } from '../a2a/streamSlots';
import { InFlight } from '../lib/InFlight';
import type { AgentForgeApi, AgentForgeSettings } from './AgentForgeApi';

const PROTOCOLS: ProtocolPreference[] = ['auto', '1.0', '0.3'];

export function readSettings(config: ConfigApi): AgentForgeSettings {
  const protocol = config.getOptionalString('agentForge.protocol') ?? 'auto';
  return {
    botName: config.getOptionalString('agentForge.botName'),
    suggestions: config.getOptionalStringArray('agentForge.suggestions') ?? [],
    imageAllowedHosts: config.getOptionalStringArray('agentForge.images.allowedHosts') ?? [],
    protocol: PROTOCOLS.includes(protocol as ProtocolPreference)
      ? (protocol as ProtocolPreference)
      : 'auto',
    requestTimeoutMs: config.getOptionalNumber('agentForge.requestTimeoutMs') ?? 60_000,
    streamIdleTimeoutMs: config.getOptionalNumber('agentForge.streamIdleTimeoutMs') ?? DEFAULT_IDLE_TIMEOUT_MS,
    maxStreamsPerOrigin: config.getOptionalNumber('agentForge.maxStreamsPerOrigin') ?? DEFAULT_MAX_STREAMS_PER_ORIGIN,
    allowedInterfaceOrigins: config.getOptionalStringArray('agentForge.allowedInterfaceOrigins') ?? [],
    retention: {
      maxSessions: config.getOptionalNumber('agentForge.retention.maxSessions') ?? 100,
      maxAgeDays: config.getOptionalNumber('agentForge.retention.maxAgeDays') ?? 30,
    },
  };
}

function checkCount(value: number, key: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new AgentConfigError(`${key} must be a whole number of at least 1 (it is ${value}).`, key);
  }
}

function checkDuration(value: number, key: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new AgentConfigError(`${key} must be a number of milliseconds, 0 or more (it is ${value}).`, key);
  }
}

/** The origin of a URL, or nothing when it is not one. */
function originOf(url: string | undefined): string[] {
  if (!url) return [];
  try {
    return [new URL(url).origin];
  } catch {
    return [];
  }
}

/**
 * Connects to the agent named by `agentForge.proxyPath` (through the
 * Backstage proxy, found with discoveryApi) or `agentForge.baseUrl`. Every
 * request goes through fetchApi, which adds the user's Backstage identity to
 * requests bound for the Backstage backend — so the agent card's interface
 * URLs are checked first (AgentClient's endpoint policy): an agent never
 * chooses where that identity goes.
 */
export class DefaultAgentForgeApi implements AgentForgeApi {
  private readonly clients = new InFlight<'agent', AgentClient>({ keepResolved: true });
  private readonly settings: AgentForgeSettings;
  /** One cap per origin for the whole page: every stream of every session. */
  private streamSlots?: StreamSlots;

  constructor(
    private readonly deps: { configApi: ConfigApi; discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {
    this.settings = readSettings(deps.configApi);
  }

  getSettings(): AgentForgeSettings {
    return this.settings;
  }

  getClient(): Promise<AgentClient> {
    return this.clients.run('agent', async () => {
      const { requestTimeoutMs, streamIdleTimeoutMs, maxStreamsPerOrigin } = this.settings;
      checkDuration(requestTimeoutMs, 'agentForge.requestTimeoutMs');
      checkDuration(streamIdleTimeoutMs, 'agentForge.streamIdleTimeoutMs');
      checkCount(maxStreamsPerOrigin, 'agentForge.maxStreamsPerOrigin');
      this.streamSlots ??= new StreamSlots(maxStreamsPerOrigin);
      const { baseUrl, viaProxy } = await this.resolveBaseUrl();
      return AgentClient.connect({
        baseUrl,
        fetch: this.deps.fetchApi.fetch,
        protocol: this.settings.protocol,
        rebaseInterfaces: viaProxy,
        allowedOrigins: this.settings.allowedInterfaceOrigins,
        backendOrigins: viaProxy ? [] : await this.backendOrigins(),
        firstEventTimeoutMs: requestTimeoutMs,
        idleTimeoutMs: streamIdleTimeoutMs,
        streamSlots: this.streamSlots,
      });
    });
  }

  reconnect(): void {
    this.clients.invalidate('agent');
  }

  /** Where the Backstage backend is: fetchApi sends the user's identity there. */
  private async backendOrigins(): Promise<string[]> {
    const configured = originOf(this.deps.configApi.getOptionalString('backend.baseUrl'));
    let discovered: string[] = [];
    try {
      discovered = originOf(await this.deps.discoveryApi.getBaseUrl('proxy'));
    } catch {
      // No discovery: the configured backend.baseUrl is all we know.
    }
    return Array.from(new Set([...configured, ...discovered]));
  }

  private async resolveBaseUrl(): Promise<{ baseUrl: string; viaProxy: boolean }> {
    const config = this.deps.configApi;
    const proxyPath = config.getOptionalString('agentForge.proxyPath');
    if (proxyPath) {
      const proxyBase = await this.deps.discoveryApi.getBaseUrl('proxy');
      const path = proxyPath.startsWith('/') ? proxyPath : `/${proxyPath}`;
      return { baseUrl: `${proxyBase}${path}`, viaProxy: true };
    }
    const baseUrl = config.getOptionalString('agentForge.baseUrl');
    if (!baseUrl) {
      throw new AgentConfigError('No agent configured: set agentForge.baseUrl or agentForge.proxyPath in app-config.yaml', 'agentForge.baseUrl');
    }
    return { baseUrl, viaProxy: false };
  }
}
