export { AgentStatus } from './AgentStatus';
