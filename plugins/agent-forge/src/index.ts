/**
 * Agent Forge: chat with A2A agents in many concurrent sessions.
 *
 * @packageDocumentation
 */
export { agentForgePlugin, AgentForgePage } from './plugin';
export { agentForgeApiRef, DefaultAgentForgeApi } from './api';
export type { AgentForgeApi, AgentForgeSettings } from './api';
