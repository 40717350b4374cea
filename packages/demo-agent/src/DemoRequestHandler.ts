/*
 * A thin wrapper around the SDK's DefaultRequestHandler for two behaviours
 * the executor alone cannot produce:
 *
 * 1. `/error`: a JSON-RPC error in the middle of a stream. An executor that
 *    throws only gets a synthesized FAILED status from the SDK. What does
 *    produce an SSE error event is the stream generator itself throwing after
 *    the first event (the express handler then writes `event: error` with a
 *    JSON-RPC error envelope, for v1.0 and v0.3 alike). So the executor
 *    publishes a FAILED status carrying a marker in its metadata, and this
 *    wrapper throws an A2A error instead of yielding that event. The task is
 *    stored as FAILED (the SDK persists the event before yielding it).
 *
 * 2. A message for a task whose script is still running would make two runs
 *    publish on the same event bus; it is rejected up front instead.
 */
import type {
  AgentCard,
  CancelTaskRequest,
  DeleteTaskPushNotificationConfigRequest,
  GetExtendedAgentCardRequest,
  GetTaskPushNotificationConfigRequest,
  GetTaskRequest,
  ListTaskPushNotificationConfigsRequest,
  ListTaskPushNotificationConfigsResponse,
  ListTasksRequest,
  ListTasksResponse,
  Message,
  SendMessageRequest,
  StreamResponse,
  SubscribeToTaskRequest,
  Task,
  TaskPushNotificationConfig,
} from '@a2a-js/sdk';
import {
  InvalidAgentResponseError,
  UnsupportedOperationError,
} from '@a2a-js/sdk/errors';
import type { A2ARequestHandler, ServerCallContext } from '@a2a-js/sdk/server';
import {
  SIMULATED_ERROR_METADATA_KEY,
  type SimulatedErrorMetadata,
} from './shapes';

function simulatedError(
  metadata: Record<string, unknown> | undefined,
): Error | undefined {
  const marker = metadata?.[SIMULATED_ERROR_METADATA_KEY] as
    SimulatedErrorMetadata | undefined;
  return marker ? new InvalidAgentResponseError(marker.message) : undefined;
}

async function* raiseSimulatedErrors(
  stream: AsyncGenerator<StreamResponse, void, undefined>,
): AsyncGenerator<StreamResponse, void, undefined> {
  for await (const event of stream) {
    const error =
      event.payload?.$case === 'statusUpdate'
        ? simulatedError(event.payload.value.metadata)
        : undefined;
    if (error) {
      throw error;
    }
    yield event;
  }
}

export class DemoRequestHandler implements A2ARequestHandler {
  constructor(
    private readonly inner: A2ARequestHandler,
    private readonly isRunning: (taskId: string) => boolean,
  ) {}

  private rejectIfRunning(params: SendMessageRequest) {
    const taskId = params.message?.taskId;
    if (taskId && this.isRunning(taskId)) {
      throw new UnsupportedOperationError(
        `Task ${taskId} is still running; wait for it or cancel it first.`,
      );
    }
  }

  async sendMessage(
    params: SendMessageRequest,
    context: ServerCallContext,
  ): Promise<Message | Task> {
    this.rejectIfRunning(params);
    const result = await this.inner.sendMessage(params, context);
    // Blocking message/send with /error: the final task carries the marker.
    const error =
      'status' in result ? simulatedError(result.metadata) : undefined;
    if (error) {
      throw error;
    }
    return result;
  }

  async *sendMessageStream(
    params: SendMessageRequest,
    context: ServerCallContext,
  ): AsyncGenerator<StreamResponse, void, undefined> {
    this.rejectIfRunning(params);
    yield* raiseSimulatedErrors(this.inner.sendMessageStream(params, context));
  }

  async *resubscribe(
    params: SubscribeToTaskRequest,
    context: ServerCallContext,
  ): AsyncGenerator<StreamResponse, void, undefined> {
    yield* raiseSimulatedErrors(this.inner.resubscribe(params, context));
  }

  getAgentCard(): Promise<AgentCard> {
    return this.inner.getAgentCard();
  }
  getAuthenticatedExtendedAgentCard(
    params: GetExtendedAgentCardRequest,
    context: ServerCallContext,
  ): Promise<AgentCard> {
    return this.inner.getAuthenticatedExtendedAgentCard(params, context);
  }
  getTask(params: GetTaskRequest, context: ServerCallContext): Promise<Task> {
    return this.inner.getTask(params, context);
  }
  cancelTask(
    params: CancelTaskRequest,
    context: ServerCallContext,
  ): Promise<Task> {
    return this.inner.cancelTask(params, context);
  }
  listTasks(
    params: ListTasksRequest,
    context: ServerCallContext,
  ): Promise<ListTasksResponse> {
    return this.inner.listTasks(params, context);
  }
  createTaskPushNotificationConfig(
    params: TaskPushNotificationConfig,
    context: ServerCallContext,
  ): Promise<TaskPushNotificationConfig> {
    return this.inner.createTaskPushNotificationConfig(params, context);
  }
  getTaskPushNotificationConfig(
    params: GetTaskPushNotificationConfigRequest,
    context: ServerCallContext,
  ): Promise<TaskPushNotificationConfig> {
    return this.inner.getTaskPushNotificationConfig(params, context);
  }
  listTaskPushNotificationConfigs(
    params: ListTaskPushNotificationConfigsRequest,
    context: ServerCallContext,
  ): Promise<ListTaskPushNotificationConfigsResponse> {
    return this.inner.listTaskPushNotificationConfigs(params, context);
  }
  deleteTaskPushNotificationConfig(
    params: DeleteTaskPushNotificationConfigRequest,
    context: ServerCallContext,
  ): Promise<void> {
    return this.inner.deleteTaskPushNotificationConfig(params, context);
  }
}
