/*
 * Test-supplied replies (the `scripted` option of startDemoAgent): a test
 * decides, per user message, what the agent answers — any markdown, any
 * artifact names and texts, any plan, tools, input form or final state —
 * while the transport stays the real one (tasks, status updates, streamed
 * artifacts, input-required and its follow-up on the same task).
 *
 * Used by the hostile-content end-to-end test to feed XSS payloads through
 * every field a client shows. A message for which the function returns
 * undefined gets the normal scripted reply (directives included).
 */
import { TaskState, type Message, type Task } from '@a2a-js/sdk';
import { AgentEvent, type ExecutionEventBus } from '@a2a-js/sdk/server';
import { artifactUpdate, dataPart, textPart } from './builders';
import type { Script } from './script';
import type { ExecutionPlan, InputForm } from './shapes';

/** What the `scripted` function is told about the user message. */
export interface ScriptedRequest {
  /** The user's text as sent, directives included. */
  text: string;
  /** The text without the recognised directives. */
  prompt: string;
  /** The values of the message's data parts (form answers: `{ values }`). */
  data: unknown[];
  /** The turn number within the A2A conversation (contextId), from 1. */
  turn: number;
  /** True when the message answers a task that was waiting for input. */
  continuing: boolean;
}

/** An artifact sent as-is: any name, a text part and/or a data part. */
export interface ScriptedArtifact {
  name: string;
  text?: string;
  data?: unknown;
  description?: string;
  /** Default `scripted-<index>-<run>`. */
  artifactId?: string;
}

export interface ScriptedTool {
  name: string;
  arguments?: Record<string, unknown>;
  result?: string;
}

/**
 * One reply, in this order: task, WORKING, `plan` (execution_plan_update),
 * `tools` (start/end notifications), `text` (streaming_result chunks),
 * `artifacts`, then either `form` (ends in INPUT_REQUIRED) or the plan's
 * steps marked completed, final_result (= `text`) and `end`.
 */
export interface ScriptedReply {
  plan?: ExecutionPlan;
  tools?: ScriptedTool[];
  /** Markdown answer; streamed, then repeated as final_result. */
  text?: string;
  /** streaming_result chunk count for `text`. Default: the `/chunks` directive. */
  chunks?: number;
  artifacts?: ScriptedArtifact[];
  /** Ends the turn in INPUT_REQUIRED with this form (text part, then data part). */
  form?: InputForm;
  /** Text of the INPUT_REQUIRED status message. Default: form title and description. */
  formMessage?: string;
  /** How the turn ends when there is no form. Default: completed, no message. */
  end?: {
    state: 'completed' | 'failed' | 'canceled' | 'rejected';
    message?: string;
  };
}

/** Returns the reply for a message, or undefined for the normal script. */
export type ScriptedReplies = (
  request: ScriptedRequest,
) => ScriptedReply | undefined;

const END_STATES = {
  completed: TaskState.TASK_STATE_COMPLETED,
  failed: TaskState.TASK_STATE_FAILED,
  canceled: TaskState.TASK_STATE_CANCELED,
  rejected: TaskState.TASK_STATE_REJECTED,
} as const;

export interface PlayOptions {
  userMessage: Message;
  /** The task being continued (after input-required), if any. */
  task?: Task;
  /** Default chunk count (the message's `/chunks`). */
  chunks: number;
  /** Called right before the INPUT_REQUIRED status goes out. */
  onParked(): void;
}

/**
 * Publishes `reply` through `script` (pacing, cancellation checks) and, for
 * the free-form artifacts, `bus`. Throws RunStopped when canceled, like the
 * built-in scripts, so the executor reports CANCELED the usual way.
 */
export async function playScriptedReply(
  script: Script,
  bus: ExecutionEventBus,
  reply: ScriptedReply,
  options: PlayOptions,
): Promise<void> {
  if (options.task) {
    await script.task(options.task);
  } else {
    await script.submitted(options.userMessage);
  }
  await script.status(TaskState.TASK_STATE_WORKING);
  // A copy: planStatus() updates the steps it is given.
  const plan = reply.plan && {
    ...reply.plan,
    steps: reply.plan.steps.map(step => ({ ...step })),
  };
  if (plan) await script.plan(plan);
  for (const tool of reply.tools ?? []) {
    await script.tool(tool.name, tool.arguments ?? {}, tool.result ?? '');
  }
  if (reply.text !== undefined) {
    await script.streamAnswer(reply.text, reply.chunks ?? options.chunks);
  }
  const run = script.ids.taskId.slice(0, 8);
  for (const [index, artifact] of (reply.artifacts ?? []).entries()) {
    script.checkpoint();
    const parts = [
      ...(artifact.text !== undefined ? [textPart(artifact.text)] : []),
      ...(artifact.data !== undefined ? [dataPart(artifact.data)] : []),
    ];
    bus.publish(
      AgentEvent.artifactUpdate(
        artifactUpdate(script.ids, {
          artifactId: artifact.artifactId ?? `scripted-${index}-${run}`,
          name: artifact.name,
          description: artifact.description,
          parts,
        }),
      ),
    );
    await script.wait();
  }
  if (reply.form) {
    const { form } = reply.form;
    script.checkpoint();
    options.onParked();
    script.finish(TaskState.TASK_STATE_INPUT_REQUIRED, [
      textPart(
        reply.formMessage ??
          [form.title, form.description].filter(Boolean).join(': '),
      ),
      dataPart(reply.form),
    ]);
    return;
  }
  const end = reply.end ?? { state: 'completed' as const };
  if (plan && end.state === 'completed') {
    await script.planStatus(
      plan,
      plan.steps.map(step => ({ id: step.id, status: 'completed' as const })),
    );
  }
  if (reply.text !== undefined && end.state === 'completed') {
    await script.finalResult(reply.text);
  }
  script.checkpoint();
  script.finish(END_STATES[end.state], end.message);
}
