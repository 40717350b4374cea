/*
 * The publishing side of one scripted run: wraps the event bus with the
 * pacing (`/delay`) and the cancellation checks, and knows how to emit each
 * kind of artifact the demo agent speaks (see shapes.ts).
 *
 * Every publish is preceded by a cancellation check and followed by an
 * abortable pause, so a cancel request is noticed within one event even in
 * the middle of a long delay.
 */
import { TaskState, type Message, type Part, type Task } from '@a2a-js/sdk';
import {
  AgentEvent,
  type AgentExecutionEvent,
  type ExecutionEventBus,
} from '@a2a-js/sdk/server';
import {
  agentMessage,
  artifactUpdate,
  dataPart,
  statusUpdate,
  textPart,
} from './builders';
import {
  AGENT_DISPLAY_NAME,
  renderPlan,
  renderPlanChanges,
  splitIntoChunks,
} from './content';
import {
  ARTIFACT_NAMES,
  type ExecutionPlan,
  type ExecutionPlanStatusUpdate,
  type PlanStep,
  type ToolNotification,
} from './shapes';

/** Why a run was stopped; carried as the AbortSignal's reason. */
export class RunStopped extends Error {
  constructor(readonly why: 'cancel' | 'shutdown') {
    super(why === 'cancel' ? 'Task canceled' : 'Demo agent shutting down');
    this.name = 'RunStopped';
  }
}

/** Resolves after `ms` (or on the next macrotask for 0); rejects when aborted. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let timeout: ReturnType<typeof setTimeout> | undefined;
    let immediate: ReturnType<typeof setImmediate> | undefined;
    const onAbort = () => {
      if (timeout) clearTimeout(timeout);
      if (immediate) clearImmediate(immediate);
      reject(signal.reason);
    };
    const done = () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    // Even with no delay we yield a macrotask, so huge chunk counts do not
    // starve the event loop (the SSE writer and cancel requests need it).
    if (ms > 0) {
      timeout = setTimeout(done, ms);
    } else {
      immediate = setImmediate(done);
    }
  });
}

const SOURCE_METADATA = { sourceAgent: 'demo-agent' };

export class Script {
  /** True once the first Task event is out (status updates need it first). */
  taskPublished = false;
  private planStatusCount = 0;
  private toolCallCount = 0;

  constructor(
    private readonly bus: ExecutionEventBus,
    readonly ids: { taskId: string; contextId: string },
    private readonly signal: AbortSignal,
    private readonly delayMs: number,
    /** Distinguishes artifact ids of several runs within one task. */
    private readonly runKey: string,
  ) {}

  /** Throws the stop reason if the run was canceled or the agent is closing. */
  checkpoint(): void {
    if (this.signal.aborted) {
      throw this.signal.reason;
    }
  }

  async wait(ms = this.delayMs): Promise<void> {
    await pause(ms, this.signal);
  }

  /**
   * Publishes nothing until the run is stopped (tasks/cancel or shutdown),
   * then throws the stop reason like every other wait: an agent that went
   * silent with its stream still open.
   */
  silence(): Promise<never> {
    return new Promise((_resolve, reject) => {
      if (this.signal.aborted) {
        reject(this.signal.reason);
        return;
      }
      this.signal.addEventListener('abort', () => reject(this.signal.reason), {
        once: true,
      });
    });
  }

  private async emit(event: AgentExecutionEvent): Promise<void> {
    this.checkpoint();
    this.bus.publish(event);
    await this.wait();
  }

  async task(task: Task): Promise<void> {
    this.checkpoint();
    this.taskPublished = true;
    await this.emit(AgentEvent.task(task));
  }

  /** Publishes the task right away, even after a stop (to report CANCELED). */
  taskNow(task: Task): void {
    this.taskPublished = true;
    this.bus.publish(AgentEvent.task(task));
  }

  async submitted(userMessage: Message): Promise<void> {
    await this.task({
      id: this.ids.taskId,
      contextId: this.ids.contextId,
      status: {
        state: TaskState.TASK_STATE_SUBMITTED,
        message: undefined,
        timestamp: new Date().toISOString(),
      },
      artifacts: [],
      history: [userMessage],
      metadata: undefined,
    });
  }

  async status(
    state: TaskState,
    text?: string,
    extraParts: Part[] = [],
  ): Promise<void> {
    const message =
      text === undefined && extraParts.length === 0
        ? undefined
        : agentMessage(this.ids, [
            ...(text ? [textPart(text)] : []),
            ...extraParts,
          ]);
    await this.emit(
      AgentEvent.statusUpdate(statusUpdate(this.ids, state, message)),
    );
  }

  /**
   * Publishes the last status of a run (terminal or input-required) without
   * pausing afterwards: nothing follows it, and a pause could be interrupted
   * by a late cancel.
   */
  finish(
    state: TaskState,
    content?: string | Part[],
    metadata?: Record<string, unknown>,
  ): void {
    const parts = typeof content === 'string' ? [textPart(content)] : content;
    const message =
      parts === undefined ? undefined : agentMessage(this.ids, parts);
    this.bus.publish(
      AgentEvent.statusUpdate(statusUpdate(this.ids, state, message, metadata)),
    );
  }

  async plan(plan: ExecutionPlan): Promise<void> {
    await this.emit(
      AgentEvent.artifactUpdate(
        artifactUpdate(this.ids, {
          artifactId: `plan-${this.runKey}`,
          name: ARTIFACT_NAMES.planUpdate,
          parts: [textPart(renderPlan(plan)), dataPart(plan)],
          metadata: SOURCE_METADATA,
        }),
      ),
    );
  }

  /** Applies the changes to `plan` (so later renderings are current) and publishes them. */
  async planStatus(
    plan: ExecutionPlan,
    changes: Array<Pick<PlanStep, 'id' | 'status'>>,
  ) {
    for (const change of changes) {
      const step = plan.steps.find(s => s.id === change.id);
      if (step) step.status = change.status;
    }
    const data: ExecutionPlanStatusUpdate = { steps: changes };
    this.planStatusCount += 1;
    await this.emit(
      AgentEvent.artifactUpdate(
        artifactUpdate(this.ids, {
          artifactId: `plan-status-${this.runKey}-${this.planStatusCount}`,
          name: ARTIFACT_NAMES.planStatusUpdate,
          parts: [textPart(renderPlanChanges(plan, changes)), dataPart(data)],
          metadata: SOURCE_METADATA,
        }),
      ),
    );
  }

  /** A fake tool call: start notification, a pause, end notification. */
  async tool(name: string, args: Record<string, unknown>, result: string) {
    this.toolCallCount += 1;
    const callId = `call-${this.runKey}-${this.toolCallCount}`;
    const notify = async (phase: 'start' | 'end') => {
      const data: ToolNotification = {
        tool: {
          callId,
          name,
          agent: AGENT_DISPLAY_NAME,
          status: phase === 'start' ? 'started' : 'completed',
          ...(phase === 'start' ? { arguments: args } : { result }),
        },
      };
      const text =
        phase === 'start'
          ? `🔧 ${AGENT_DISPLAY_NAME}: Calling tool: ${name}`
          : `✅ ${AGENT_DISPLAY_NAME}: Tool ${name} completed: ${result}`;
      await this.emit(
        AgentEvent.artifactUpdate(
          artifactUpdate(this.ids, {
            artifactId: `${callId}-${phase}`,
            name:
              phase === 'start'
                ? ARTIFACT_NAMES.toolStart
                : ARTIFACT_NAMES.toolEnd,
            parts: [textPart(text), dataPart(data)],
            metadata: SOURCE_METADATA,
          }),
        ),
      );
    };
    await notify('start');
    await this.wait(); // the tool "works" for one extra delay
    await notify('end');
  }

  /**
   * Streams `text` as `chunkCount` streaming_result chunks (fewer if the text
   * is shorter). `stopAfter(total)` may return a number of chunks after which
   * streaming stops early (for /fail and /error).
   */
  async streamAnswer(
    text: string,
    chunkCount: number,
    stopAfter: (total: number) => number | undefined = () => undefined,
  ): Promise<{ sent: number; total: number; complete: boolean }> {
    const chunks = splitIntoChunks(text, chunkCount);
    const total = chunks.length;
    const limit = stopAfter(total);
    const artifactId = `answer-${this.runKey}`;
    for (let i = 0; i < total; i++) {
      if (limit !== undefined && i >= limit) {
        return { sent: i, total, complete: false };
      }
      await this.emit(
        AgentEvent.artifactUpdate(
          artifactUpdate(
            this.ids,
            {
              artifactId,
              name: ARTIFACT_NAMES.streamingResult,
              parts: [textPart(chunks[i], 'text/markdown')],
              metadata: {
                ...SOURCE_METADATA,
                chunkIndex: i,
                chunkCount: total,
              },
            },
            { append: i > 0, lastChunk: i === total - 1 },
          ),
        ),
      );
    }
    const complete = limit === undefined || limit > total;
    return { sent: total, total, complete };
  }

  /** An artifact with any name (for `/unknown`); its id is `<key>-<runKey>`. */
  async artifact(name: string, key: string, parts: Part[]): Promise<void> {
    await this.emit(
      AgentEvent.artifactUpdate(
        artifactUpdate(this.ids, {
          artifactId: `${key}-${this.runKey}`,
          name,
          parts,
          metadata: SOURCE_METADATA,
        }),
      ),
    );
  }

  async finalResult(text: string): Promise<void> {
    await this.emit(
      AgentEvent.artifactUpdate(
        artifactUpdate(this.ids, {
          artifactId: `final-${this.runKey}`,
          name: ARTIFACT_NAMES.finalResult,
          parts: [textPart(text, 'text/markdown')],
          metadata: SOURCE_METADATA,
        }),
      ),
    );
  }
}
