export { AgentCardPanel } from './AgentCardPanel';
