export { AgentForgePage } from './AgentForgePage';
