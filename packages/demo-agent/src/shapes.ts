/*
 * The vocabulary the demo agent speaks on top of A2A: artifact names and the
 * JSON shapes of the DataParts it emits. The artifact names are the ones
 * agents in the field (CAIPE and friends) already use, so a client that
 * handles the demo agent handles those agents too.
 *
 * Every DataPart is preceded by a TextPart rendering of the same information,
 * so a text-only client still shows something meaningful.
 */

/** Artifact names emitted by the demo agent. */
export const ARTIFACT_NAMES = {
  /** Markdown answer, streamed: first chunk append=false, then append=true; lastChunk on the last. */
  streamingResult: 'streaming_result',
  /** The complete answer text in one artifact, sent after the last chunk. */
  finalResult: 'final_result',
  /** A fake tool call started. Parts: text, then data {@link ToolNotification}. */
  toolStart: 'tool_notification_start',
  /** A fake tool call ended. Parts: text, then data {@link ToolNotification}. */
  toolEnd: 'tool_notification_end',
  /** The full execution plan. Parts: text rendering, then data {@link ExecutionPlan}. */
  planUpdate: 'execution_plan_update',
  /** Only the steps whose status changed. Parts: text, then data {@link ExecutionPlanStatusUpdate}. */
  planStatusUpdate: 'execution_plan_status_update',
} as const;

export type PlanStepStatus = 'pending' | 'in_progress' | 'completed' | 'failed';

export interface PlanStep {
  id: string;
  title: string;
  status: PlanStepStatus;
}

/** DataPart of `execution_plan_update`: the whole plan, in order. */
export interface ExecutionPlan {
  title: string;
  steps: PlanStep[];
}

/** DataPart of `execution_plan_status_update`: changed steps only (apply by id). */
export interface ExecutionPlanStatusUpdate {
  steps: Array<Pick<PlanStep, 'id' | 'status'>>;
}

/** DataPart of `tool_notification_start` / `tool_notification_end`. */
export interface ToolNotification {
  tool: {
    /** Same id on the start and the end notification of one call. */
    callId: string;
    name: string;
    agent: string;
    status: 'started' | 'completed';
    /** Present on `started`. */
    arguments?: Record<string, unknown>;
    /** Present on `completed`: a one-line summary of what the tool "found". */
    result?: string;
  };
}

export type FormFieldType = 'text' | 'number' | 'select' | 'boolean';

export interface FormField {
  name: string;
  label: string;
  type: FormFieldType;
  required?: boolean;
  /** Regular expression (JavaScript syntax, whole value) for `text` fields. */
  pattern?: string;
  /** Choices for `select` fields. */
  options?: string[];
  description?: string;
  default?: string | number | boolean;
  /** Bounds for `number` fields. */
  min?: number;
  max?: number;
}

/**
 * DataPart in the status message of an `input-required` task. The client
 * answers by sending a message with the same taskId (and contextId) whose
 * parts carry the values, either as a DataPart `{ values: { name: value } }`
 * (a bare `{ name: value }` object is accepted too) or as text lines
 * `name: value`.
 */
export interface InputForm {
  form: {
    id: string;
    title: string;
    description?: string;
    submitLabel?: string;
    fields: FormField[];
  };
}

/**
 * Metadata key on the FAILED status update that the `/error` directive
 * produces. The request handler wrapper turns that event into a JSON-RPC
 * error on the stream (see DemoRequestHandler.ts); the key also ends up in the
 * stored task's metadata, so `tasks/get` shows why the task failed.
 */
export const SIMULATED_ERROR_METADATA_KEY = 'demoAgentSimulatedError';

export interface SimulatedErrorMetadata {
  code: number;
  message: string;
}
