/*
 * The AgentExecutor: turns one user message into a scripted, deterministic
 * sequence of A2A events (see README.md for the full script).
 *
 * Two things matter beyond the script itself:
 * - Cancellation. The SDK's tasks/cancel calls cancelTask() and then waits
 *   until the task reaches a terminal state, so a running script must notice
 *   the cancel promptly (AbortController, checked around every event and
 *   interrupting delays) and publish CANCELED itself.
 * - Client disconnects do NOT stop a run: the SDK ties the event bus to the
 *   executor, not to the HTTP response, so a client can resubscribe and get
 *   the rest. Nothing here looks at the HTTP request.
 */
import { TaskState, type Task } from '@a2a-js/sdk';
import type {
  AgentExecutor,
  ExecutionEventBus,
  RequestContext,
} from '@a2a-js/sdk/server';
import { AgentEvent, STATE_HEADERS_KEY } from '@a2a-js/sdk/server';
import {
  agentMessage,
  dataPart,
  messageData,
  messageText,
  statusUpdate,
  textPart,
} from './builders';
import {
  buildAnswer,
  buildFormAnswer,
  deploymentForm,
  extractFormValues,
  initialPlan,
  inputPlan,
} from './content';
import type { ConversationManager } from './ConversationManager';
import {
  parseDirectives,
  type DirectiveDefaults,
  type Directives,
} from './directives';
import { RunStopped, Script, pause } from './script';
import { parseHostile, playHostile } from './hostile';
import { playScriptedReply, type ScriptedReplies } from './scripted';
import {
  SIMULATED_ERROR_METADATA_KEY,
  type SimulatedErrorMetadata,
} from './shapes';

/** JSON-RPC code used by `/error` (A2A InvalidAgentResponseError). */
export const SIMULATED_ERROR_CODE = -32006;

/** Artifact names `/unknown` makes up; no client knows them. */
export const UNKNOWN_ARTIFACT_NAMES = {
  /** A text part and a data part. */
  withText: 'weather_report',
  /** A data part only: no text to show. */
  dataOnly: 'x_vendor_trace',
} as const;

/** A TaskState number outside the enum: the SDK sends it as UNRECOGNIZED (v1.0) / unknown (v0.3). */
export const UNKNOWN_TASK_STATE = 99 as TaskState;

interface Run {
  controller: AbortController;
  done: Promise<void>;
}

export class DemoAgentExecutor implements AgentExecutor {
  private readonly runs = new Map<string, Run>();
  /** taskId -> contextId of tasks parked in input-required. */
  private readonly waitingForInput = new Map<string, string>();
  private closed = false;

  constructor(
    private readonly conversations: ConversationManager,
    private readonly defaults: DirectiveDefaults,
    /** Test-supplied replies (startDemoAgent's `scripted` option). */
    private readonly scripted?: ScriptedReplies,
  ) {}

  /** True while a scripted run for this task is producing events. */
  isRunning(taskId: string): boolean {
    return this.runs.has(taskId);
  }

  execute = async (
    ctx: RequestContext,
    bus: ExecutionEventBus,
  ): Promise<void> => {
    if (this.closed) {
      return;
    }
    // Registered before the script starts, so isRunning() and cancelTask()
    // see the run from its very first event on.
    const run: Run = {
      controller: new AbortController(),
      done: Promise.resolve(),
    };
    this.runs.set(ctx.taskId, run);
    try {
      run.done = this.run(ctx, bus, run.controller.signal);
      await run.done;
    } finally {
      this.runs.delete(ctx.taskId);
    }
  };

  cancelTask = async (
    taskId: string,
    bus: ExecutionEventBus,
  ): Promise<void> => {
    const run = this.runs.get(taskId);
    if (run) {
      // The run publishes CANCELED itself once it sees the abort.
      run.controller.abort(new RunStopped('cancel'));
      return;
    }
    // Not running (e.g. parked in input-required): cancel it right here.
    const ids = { taskId, contextId: this.waitingForInput.get(taskId) ?? '' };
    this.waitingForInput.delete(taskId);
    bus.publish(
      AgentEvent.statusUpdate(
        statusUpdate(
          ids,
          TaskState.TASK_STATE_CANCELED,
          agentMessage(ids, [textPart('Canceled while waiting for input.')]),
        ),
      ),
    );
  };

  /** Stops every run (they publish CANCELED) and waits until they returned. */
  async shutdown(): Promise<void> {
    this.closed = true;
    const runs = [...this.runs.values()];
    for (const run of runs) {
      run.controller.abort(new RunStopped('shutdown'));
    }
    await Promise.allSettled(runs.map(r => r.done));
  }

  private async run(
    ctx: RequestContext,
    bus: ExecutionEventBus,
    signal: AbortSignal,
  ) {
    const userMessage = ctx.userMessage;
    const directives = parseDirectives(messageText(userMessage), this.defaults);
    const turn = this.conversations.recordTurn(
      ctx.contextId,
      directives.prompt,
    );
    const ids = { taskId: ctx.taskId, contextId: ctx.contextId };
    const hostile = parseHostile(messageText(userMessage));
    // Hostile replies come as fast as they can unless /delay says otherwise.
    const paced = directives.applied.some(d => d.startsWith('/delay'));
    const script = new Script(
      bus,
      ids,
      signal,
      hostile && !paced ? 0 : directives.delayMs,
      `t${turn.turn}`,
    );
    const continuing =
      ctx.task?.status?.state === TaskState.TASK_STATE_INPUT_REQUIRED;

    try {
      // /hang: nothing is published, so the HTTP response (whose headers the
      // SDK only sends with the first event) has no first byte yet.
      if (directives.hangMs > 0) {
        await pause(directives.hangMs, signal);
      }
      const scripted = hostile
        ? undefined
        : this.scripted?.({
            text: messageText(userMessage),
            prompt: directives.prompt,
            data: messageData(userMessage),
            turn: turn.turn,
            continuing: Boolean(continuing && ctx.task),
          });
      if (hostile) {
        await playHostile(script, bus, hostile, { headers: requestHeaders(ctx) }, () => script.submitted(userMessage));
      } else if (scripted) {
        this.waitingForInput.delete(ctx.taskId);
        await playScriptedReply(script, bus, scripted, {
          userMessage,
          task: continuing ? ctx.task : undefined,
          chunks: directives.chunks,
          onParked: () => this.waitingForInput.set(ctx.taskId, ctx.contextId),
        });
      } else if (continuing && ctx.task) {
        this.waitingForInput.delete(ctx.taskId);
        await this.continueAfterInput(
          script,
          ctx.task,
          ctx,
          directives,
          turn.turn,
        );
      } else if (directives.echo) {
        // The quick path: a single Message, no task at all.
        bus.publish(
          AgentEvent.message(
            agentMessage({ taskId: '', contextId: ctx.contextId }, [
              textPart(directives.prompt),
            ]),
          ),
        );
      } else if (directives.input) {
        await this.askForInput(script, userMessage);
      } else {
        const answer = buildAnswer({
          prompt: directives.prompt,
          turn: turn.turn,
          previousPrompt: turn.previousPrompts[turn.previousPrompts.length - 1],
          directives,
        });
        await this.answer(script, userMessage, directives, answer);
      }
    } catch (error) {
      if (!(error instanceof RunStopped)) {
        throw error; // the SDK turns this into a FAILED status
      }
      if (!script.taskPublished && ctx.task) {
        // Stopped during /hang of a follow-up: the task exists, so it can
        // still be canceled, but this stream must start with the task.
        script.taskNow(ctx.task);
      }
      if (script.taskPublished) {
        script.finish(
          TaskState.TASK_STATE_CANCELED,
          error.why === 'cancel'
            ? 'Canceled by request.'
            : 'The demo agent is shutting down.',
        );
      }
    } finally {
      this.conversations.touch(ctx.contextId);
    }
  }

  private async answer(
    script: Script,
    userMessage: RequestContext['userMessage'],
    directives: Directives,
    answer: string,
  ) {
    await script.submitted(userMessage);
    // /silent: the task is out (the client knows what to resume), then nothing.
    if (directives.silent) await script.silence();
    await script.status(TaskState.TASK_STATE_WORKING);
    const plan = initialPlan();
    await script.plan(plan);
    await script.planStatus(plan, [
      { id: 'understand', status: 'completed' },
      { id: 'search', status: 'in_progress' },
    ]);
    await script.tool(
      'search_docs',
      { query: directives.prompt.slice(0, 80) },
      'found 3 matching pages',
    );
    await script.planStatus(plan, [
      { id: 'search', status: 'completed' },
      { id: 'summarize', status: 'in_progress' },
    ]);
    await script.tool(
      'summarize',
      { pages: 3 },
      'condensed 3 pages into 1 answer',
    );
    await script.planStatus(plan, [
      { id: 'summarize', status: 'completed' },
      { id: 'write', status: 'in_progress' },
    ]);
    if (directives.unknown) {
      await this.unknownThings(script);
    }

    const failAt = directives.failAfterChunk ?? directives.errorAfterChunk;
    const { sent, total, complete } = await script.streamAnswer(
      answer,
      directives.chunks,
      count => (failAt === undefined ? undefined : resolveAfter(failAt, count)),
    );
    if (!complete) {
      await script.planStatus(plan, [{ id: 'write', status: 'failed' }]);
      if (directives.failAfterChunk !== undefined) {
        script.finish(
          TaskState.TASK_STATE_FAILED,
          `Simulated failure (/fail) after ${sent} of ${total} chunks: the demo backend went away.`,
        );
      } else {
        // /error: a FAILED status carrying a marker; the request handler
        // wrapper (DemoRequestHandler.ts) turns it into a JSON-RPC error event.
        const error: SimulatedErrorMetadata = {
          code: SIMULATED_ERROR_CODE,
          message: `Simulated JSON-RPC error (/error) after ${sent} of ${total} chunks.`,
        };
        script.finish(TaskState.TASK_STATE_FAILED, error.message, {
          [SIMULATED_ERROR_METADATA_KEY]: error,
        });
      }
      return;
    }
    await script.planStatus(plan, [{ id: 'write', status: 'completed' }]);
    await script.finalResult(answer);
    script.finish(TaskState.TASK_STATE_COMPLETED);
  }

  /**
   * `/unknown`: a status with a state outside the enum (faults.ts gives it a
   * made-up name on the wire) and two artifacts with made-up names, between
   * the plan and the answer. The answer and COMPLETED follow as usual.
   */
  private async unknownThings(script: Script) {
    await script.status(UNKNOWN_TASK_STATE);
    await script.artifact(UNKNOWN_ARTIFACT_NAMES.withText, 'weather', [
      textPart('Sunny, 21 °C ☀️'),
      dataPart({ city: 'Lisbon', celsius: 21, sky: 'clear' }),
    ]);
    await script.artifact(UNKNOWN_ARTIFACT_NAMES.dataOnly, 'trace', [
      dataPart({ spanId: 'demo-span-1', durationMs: 12 }),
    ]);
    await script.status(TaskState.TASK_STATE_WORKING);
  }

  private async askForInput(
    script: Script,
    userMessage: RequestContext['userMessage'],
  ) {
    await script.submitted(userMessage);
    await script.status(TaskState.TASK_STATE_WORKING);
    await script.plan(inputPlan());
    const form = deploymentForm();
    script.checkpoint();
    // Ends the stream: the SDK closes it on INPUT_REQUIRED and keeps the
    // task's event bus alive for the reply.
    this.waitingForInput.set(script.ids.taskId, script.ids.contextId);
    script.finish(TaskState.TASK_STATE_INPUT_REQUIRED, [
      textPart(
        `${form.form.title}: ${form.form.description} Please fill in the form.`,
      ),
      dataPart(form),
    ]);
  }

  private async continueAfterInput(
    script: Script,
    task: Task,
    ctx: RequestContext,
    directives: Directives,
    turn: number,
  ) {
    // Every execute() must start with a Task (or Message) event, follow-ups
    // included; the stored task already has this reply in its history.
    await script.task(task);
    await script.status(TaskState.TASK_STATE_WORKING);
    const plan = inputPlan();
    await script.planStatus(plan, [
      { id: 'collect', status: 'completed' },
      { id: 'confirm', status: 'in_progress' },
    ]);
    const values = extractFormValues(
      messageData(ctx.userMessage),
      directives.prompt,
    );
    const answer = buildFormAnswer(values, directives.prompt, turn);
    await script.streamAnswer(answer, directives.chunks);
    await script.planStatus(plan, [{ id: 'confirm', status: 'completed' }]);
    await script.finalResult(answer);
    script.finish(TaskState.TASK_STATE_COMPLETED);
  }
}

/** "/fail" without a number means half-way; otherwise clamp to the chunk count. */
function resolveAfter(requested: number, total: number): number {
  return requested < 0 ? Math.floor(total / 2) : Math.min(requested, total);
}

/** The HTTP headers of the request (the SDK's default call context keeps them in its state). */
function requestHeaders(ctx: RequestContext): Record<string, string | string[] | undefined> {
  const headers = ctx.context?.state?.get(STATE_HEADERS_KEY);
  return headers && typeof headers === 'object' ? (headers as Record<string, string | string[] | undefined>) : {};
}
