export { agentForgeApiRef } from './AgentForgeApi';
export type { AgentForgeApi, AgentForgeSettings } from './AgentForgeApi';
export { DefaultAgentForgeApi, readSettings } from './DefaultAgentForgeApi';
