/*
 * An in-memory TaskStore that copies shallowly instead of deeply.
 *
 * The SDK's InMemoryTaskStore structuredClone()s the whole task on every
 * load and save, and the SDK loads and saves the task for every published
 * event. With streamed chunks appended to one artifact, that is quadratic:
 * 5,000 chunks took 33 s and 20,000 would take minutes.
 *
 * This store copies only the containers the SDK mutates in place (the task
 * object, its status, artifacts array, each artifact object, history and
 * metadata). Parts arrays and messages are shared between stored versions,
 * which is safe because the SDK (ResultManager, request handler) replaces
 * them (`artifact.parts = [...old, ...new]`, `task.history = [...]`) rather
 * than mutating them. Behaviour is otherwise that of InMemoryTaskStore,
 * including tasks/list with paging.
 */
import type { ListTasksRequest, ListTasksResponse, Task } from '@a2a-js/sdk';
import { TaskState } from '@a2a-js/sdk';
import type { ServerCallContext, TaskStore } from '@a2a-js/sdk/server';

function copy(task: Task): Task {
  return {
    ...task,
    status: task.status && { ...task.status },
    artifacts: (task.artifacts ?? []).map(a => ({ ...a })),
    history: [...(task.history ?? [])],
    metadata: task.metadata && { ...task.metadata },
  };
}

function scopeKey(context: ServerCallContext | undefined): string {
  // Same scoping as the SDK's store: per tenant and per user.
  return `${context?.tenant ?? ''}\u0000${context?.user?.userName || 'unknown'}`;
}

export class SharedTaskStore implements TaskStore {
  private readonly scopes = new Map<string, Map<string, Task>>();

  async load(
    taskId: string,
    context: ServerCallContext,
  ): Promise<Task | undefined> {
    const task = this.scopes.get(scopeKey(context))?.get(taskId);
    return task ? copy(task) : undefined;
  }

  async save(task: Task, context: ServerCallContext): Promise<void> {
    const key = scopeKey(context);
    let scope = this.scopes.get(key);
    if (!scope) {
      scope = new Map();
      this.scopes.set(key, scope);
    }
    scope.set(task.id, copy(task));
  }

  /** Forgets every task of a conversation (called when it expires). */
  deleteContext(contextId: string): void {
    for (const scope of this.scopes.values()) {
      for (const [id, task] of scope) {
        if (task.contextId === contextId) {
          scope.delete(id);
        }
      }
    }
  }

  async list(
    params: ListTasksRequest,
    context: ServerCallContext,
  ): Promise<ListTasksResponse> {
    const pageSize = params.pageSize ?? 50;
    let tasks = [...(this.scopes.get(scopeKey(context))?.values() ?? [])];
    if (params.contextId) {
      tasks = tasks.filter(t => t.contextId === params.contextId);
    }
    if (
      params.status !== undefined &&
      params.status !== TaskState.TASK_STATE_UNSPECIFIED
    ) {
      tasks = tasks.filter(t => t.status?.state === params.status);
    }
    if (params.statusTimestampAfter) {
      const after = new Date(params.statusTimestampAfter).getTime();
      tasks = tasks.filter(
        t =>
          t.status?.timestamp && new Date(t.status.timestamp).getTime() > after,
      );
    }
    // Newest first, ties broken by id, like the SDK's store.
    tasks.sort((a, b) => {
      const ta = a.status?.timestamp ?? '';
      const tb = b.status?.timestamp ?? '';
      return ta === tb ? b.id.localeCompare(a.id) : tb.localeCompare(ta);
    });
    const totalSize = tasks.length;
    if (params.pageToken) {
      const [timestamp, ...idParts] = Buffer.from(params.pageToken, 'base64')
        .toString('utf-8')
        .split('|');
      const id = idParts.join('|');
      const index = tasks.findIndex(
        t => (t.status?.timestamp ?? '') === timestamp && t.id === id,
      );
      tasks = index === -1 ? [] : tasks.slice(index + 1);
    }
    const page = tasks.slice(0, pageSize);
    const last = page[page.length - 1];
    const nextPageToken =
      last && tasks.length > page.length
        ? Buffer.from(`${last.status?.timestamp ?? ''}|${last.id}`).toString(
            'base64',
          )
        : '';
    return {
      tasks: page.map(t =>
        params.includeArtifacts ? copy(t) : { ...copy(t), artifacts: [] },
      ),
      nextPageToken,
      pageSize,
      totalSize,
    };
  }
}
