/*
 * @internal/demo-agent: a scripted, deterministic A2A agent for developing
 * and testing Agent Forge. See README.md for the reply script, the
 * directives and the DataPart shapes.
 */
export {
  startDemoAgent,
  CORS_ALLOWED_HEADERS,
  CORS_EXPOSED_HEADERS,
} from './server';
export type { DemoAgent, DemoAgentOptions } from './server';
export type { CardTransform, CardVersion } from './servedCard';
export type {
  ScriptedArtifact,
  ScriptedReplies,
  ScriptedReply,
  ScriptedRequest,
  ScriptedTool,
} from './scripted';
export {
  ConversationManager,
  DEFAULT_SESSION_TTL_MS,
  DEFAULT_SWEEP_INTERVAL_MS,
} from './ConversationManager';
export type {
  ConversationInfo,
  ConversationManagerOptions,
  ConversationTurn,
} from './ConversationManager';
export {
  parseDirectives,
  DEFAULT_DIRECTIVES,
  DIRECTIVE_LIMITS,
} from './directives';
export type { DirectiveDefaults, Directives } from './directives';
export { buildAgentCard, JSONRPC_PATH, DEMO_AGENT_VERSION } from './card';
export {
  SIMULATED_ERROR_CODE,
  UNKNOWN_ARTIFACT_NAMES,
  UNKNOWN_TASK_STATE,
} from './DemoAgentExecutor';
export { UNKNOWN_STATE_ON_THE_WIRE, htmlErrorPage } from './faults';
export type { TransportFaults } from './directives';
export { ARTIFACT_NAMES, SIMULATED_ERROR_METADATA_KEY } from './shapes';
export type {
  ExecutionPlan,
  ExecutionPlanStatusUpdate,
  FormField,
  FormFieldType,
  InputForm,
  PlanStep,
  PlanStepStatus,
  SimulatedErrorMetadata,
  ToolNotification,
} from './shapes';
