import type { ConfigApi, DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { AgentClient, type ProtocolPreference } from '../a2a/AgentClient';
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
    retention: {
      maxSessions: config.getOptionalNumber('agentForge.retention.maxSessions') ?? 100,
      maxAgeDays: config.getOptionalNumber('agentForge.retention.maxAgeDays') ?? 30,
    },
  };
}

/**
 * Connects to the agent named by `agentForge.proxyPath` (through the
 * Backstage proxy, found with discoveryApi) or `agentForge.baseUrl`. Every
 * request goes through fetchApi, which adds the user's Backstage identity to
 * requests bound for the Backstage backend (and only to those).
 */
export class DefaultAgentForgeApi implements AgentForgeApi {
  private readonly clients = new InFlight<'agent', AgentClient>({ keepResolved: true });
  private readonly settings: AgentForgeSettings;

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
      const { baseUrl, viaProxy } = await this.resolveBaseUrl();
      return AgentClient.connect({
        baseUrl,
        fetch: this.deps.fetchApi.fetch,
        protocol: this.settings.protocol,
        rebaseInterfaces: viaProxy,
        firstEventTimeoutMs: this.settings.requestTimeoutMs,
      });
    });
  }

  reconnect(): void {
    this.clients.invalidate('agent');
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
      throw new Error('No agent configured: set agentForge.baseUrl or agentForge.proxyPath in app-config.yaml');
    }
    return { baseUrl, viaProxy: false };
  }
}
