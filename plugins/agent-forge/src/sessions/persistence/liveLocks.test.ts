import { waitFor } from '@testing-library/react';
import type { ChatMessage } from '../model';
import { LockBroker } from '../../__testUtils__/webLocks';
import { createLiveLocks, NO_LIVE_LOCKS } from './liveLocks';
import { LiveReplies } from './liveReplies';

const PREFIX = 'agent-forge:jane:';

describe('live locks', () => {
  it('tells a waiting tab when the streaming tab lets go, and not before', async () => {
    const broker = new LockBroker();
    const streaming = createLiveLocks(PREFIX, broker.client());
    const watching = createLiveLocks(PREFIX, broker.client());
    const release = streaming.hold('s1');
    await waitFor(() => expect(broker.snapshot().held).toEqual([{ name: `${PREFIX}live:s1`, mode: 'shared' }]));
    const onFree = jest.fn();

    watching.whenFree('s1', onFree);
    expect(await watching.held()).toEqual(new Set(['s1']));
    expect(onFree).not.toHaveBeenCalled();

    release();
    await waitFor(() => expect(onFree).toHaveBeenCalledTimes(1));
    expect(await watching.held()).toEqual(new Set());
  });

  it('tells a waiting tab when the streaming tab dies without letting go', async () => {
    const broker = new LockBroker();
    const doomed = broker.client();
    createLiveLocks(PREFIX, doomed).hold('s1');
    const onFree = jest.fn();
    createLiveLocks(PREFIX, broker.client()).whenFree('s1', onFree);
    await waitFor(() => expect(broker.snapshot().pending).toHaveLength(1));

    doomed.crash();

    await waitFor(() => expect(onFree).toHaveBeenCalledTimes(1));
  });

  it('lets two tabs stream one chat at once, and waits for both', async () => {
    const broker = new LockBroker();
    const releaseOne = createLiveLocks(PREFIX, broker.client()).hold('s1');
    const releaseTwo = createLiveLocks(PREFIX, broker.client()).hold('s1');
    await waitFor(() => expect(broker.snapshot().held).toHaveLength(2));
    const onFree = jest.fn();
    createLiveLocks(PREFIX, broker.client()).whenFree('s1', onFree);

    releaseOne();
    await waitFor(() => expect(broker.snapshot().held).toHaveLength(1));
    expect(onFree).not.toHaveBeenCalled();
    releaseTwo();
    await waitFor(() => expect(onFree).toHaveBeenCalledTimes(1));
  });

  it('keeps users and sessions apart, and a cancelled wait quiet', async () => {
    const broker = new LockBroker();
    createLiveLocks('agent-forge:john:', broker.client()).hold('s1');
    const releaseOther = createLiveLocks(PREFIX, broker.client()).hold('s2');
    const onFree = jest.fn();
    const cancelled = jest.fn();
    const locks = createLiveLocks(PREFIX, broker.client());

    locks.whenFree('s1', onFree);
    locks.whenFree('s2', cancelled)();
    releaseOther();

    await waitFor(() => expect(onFree).toHaveBeenCalledTimes(1));
    expect(cancelled).not.toHaveBeenCalled();
    expect(await locks.held()).toEqual(new Set());
  });

  it('does nothing where the browser has no Web Locks (jsdom)', async () => {
    expect('locks' in navigator).toBe(false);
    const locks = createLiveLocks(PREFIX);
    expect(locks).toBe(NO_LIVE_LOCKS);
    const onFree = jest.fn();
    locks.hold('s1')();
    locks.whenFree('s1', onFree)();
    expect(await locks.held()).toEqual(new Set());
    expect(onFree).not.toHaveBeenCalled();
  });
});

describe('LiveReplies', () => {
  const streaming = (id: string): ChatMessage => ({ id, role: 'agent', text: '', status: 'streaming', createdAt: 1 });
  const done: ChatMessage = { id: 'done', role: 'agent', text: '', status: 'complete', createdAt: 1 };

  it("waits only for other tabs' streaming replies, and names them", async () => {
    const broker = new LockBroker();
    const elsewhere = createLiveLocks(PREFIX, broker.client());
    const release = elsewhere.hold('s1');
    const onFree = jest.fn();
    const replies = new LiveReplies(createLiveLocks(PREFIX, broker.client()), onFree);

    replies.watch('s1', [done, streaming('mine'), streaming('theirs')], 'mine');
    replies.watch('s2', [done], undefined);
    await waitFor(() => expect(broker.snapshot().pending).toHaveLength(1));
    release();

    await waitFor(() => expect(onFree).toHaveBeenCalledWith('s1', new Set(['theirs'])));
    expect(onFree).toHaveBeenCalledTimes(1);
  });

  it('holds the lock while this tab streams, once, and lets go of everything on dispose', async () => {
    const broker = new LockBroker();
    const replies = new LiveReplies(createLiveLocks(PREFIX, broker.client()), jest.fn());

    replies.streamingHere('s1', true);
    replies.streamingHere('s1', true);
    await waitFor(() => expect(broker.snapshot().held).toHaveLength(1));
    replies.streamingHere('s1', false);
    await waitFor(() => expect(broker.snapshot().held).toHaveLength(0));

    replies.streamingHere('s2', true);
    replies.watch('s3', [streaming('r')]);
    replies.dispose();
    await waitFor(() => expect(broker.snapshot()).toEqual({ held: [], pending: [] }));
  });
});
