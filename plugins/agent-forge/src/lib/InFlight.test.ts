import { InFlight } from './InFlight';

/** A promise whose settlement the test controls. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('InFlight', () => {
  it('lets ten simultaneous callers of one key share a single creation', async () => {
    const lock = new InFlight<string, string>();
    const creation = deferred<string>();
    const create = jest.fn(() => creation.promise);

    const calls = Array.from({ length: 10 }, () => lock.run('agent', create));
    creation.resolve('client-1');
    const values = await Promise.all(calls);

    expect(create).toHaveBeenCalledTimes(1);
    expect(values).toEqual(Array(10).fill('client-1'));
    expect(new Set(calls).size).toBe(1);
  });

  it('forgets a rejected creation so that the next call retries and succeeds', async () => {
    const lock = new InFlight<string, string>({ keepResolved: true });
    const create = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(new Error('agent down'))
      .mockResolvedValueOnce('client-2');

    const first = lock.run('agent', create);
    const joined = lock.run('agent', create);
    await expect(first).rejects.toThrow('agent down');
    await expect(joined).rejects.toThrow('agent down');
    expect(lock.has('agent')).toBe(false);

    await expect(lock.run('agent', create)).resolves.toBe('client-2');
    expect(create).toHaveBeenCalledTimes(2);
  });

  it('creates independently for different keys', async () => {
    const lock = new InFlight<string, string>();
    const a = deferred<string>();
    const b = deferred<string>();
    const createA = jest.fn(() => a.promise);
    const createB = jest.fn(() => b.promise);

    const runA = lock.run('a', createA);
    const runB = lock.run('b', createB);
    expect(lock.size).toBe(2);
    b.resolve('from-b');
    a.resolve('from-a');

    await expect(runA).resolves.toBe('from-a');
    await expect(runB).resolves.toBe('from-b');
    expect(createA).toHaveBeenCalledTimes(1);
    expect(createB).toHaveBeenCalledTimes(1);
  });

  it('caches the resolved value with keepResolved', async () => {
    const lock = new InFlight<string, { id: number }>({ keepResolved: true });
    const create = jest
      .fn<Promise<{ id: number }>, []>()
      .mockResolvedValueOnce({ id: 1 })
      .mockResolvedValueOnce({ id: 2 });

    const first = await lock.run('agent', create);
    const second = await lock.run('agent', create);

    expect(second).toBe(first);
    expect(second).toEqual({ id: 1 });
    expect(create).toHaveBeenCalledTimes(1);
    expect(lock.has('agent')).toBe(true);
  });

  it('releases the entry after it settles when keepResolved is off', async () => {
    const lock = new InFlight<string, number>();
    const create = jest
      .fn<Promise<number>, []>()
      .mockResolvedValueOnce(1)
      .mockResolvedValueOnce(2);

    await expect(lock.run('key', create)).resolves.toBe(1);
    expect(lock.has('key')).toBe(false);
    expect(lock.size).toBe(0);

    await expect(lock.run('key', create)).resolves.toBe(2);
    expect(create).toHaveBeenCalledTimes(2);
  });

  it('turns a synchronous throw in create into a rejection and clears the entry', async () => {
    const lock = new InFlight<string, string>({ keepResolved: true });
    const create = jest
      .fn<Promise<string>, []>()
      .mockImplementationOnce(() => {
        throw new Error('bad config');
      })
      .mockResolvedValueOnce('recovered');

    let run: Promise<string> | undefined;
    expect(() => {
      run = lock.run('agent', create);
    }).not.toThrow();
    await expect(run).rejects.toThrow('bad config');
    expect(lock.has('agent')).toBe(false);

    await expect(lock.run('agent', create)).resolves.toBe('recovered');
  });

  it('creates again after invalidate, even with keepResolved', async () => {
    const lock = new InFlight<string, string>({ keepResolved: true });
    const create = jest
      .fn<Promise<string>, []>()
      .mockResolvedValueOnce('old agent')
      .mockResolvedValueOnce('new agent');

    await lock.run('agent', create);
    lock.invalidate('agent');

    await expect(lock.run('agent', create)).resolves.toBe('new agent');
  });

  it('does not let a settling invalidated creation evict its successor', async () => {
    const lock = new InFlight<string, string>({ keepResolved: true });
    const stale = deferred<string>();
    const staleRun = lock.run('agent', () => stale.promise);
    lock.invalidate('agent');
    const freshRun = lock.run('agent', async () => 'fresh');
    await freshRun;

    stale.reject(new Error('stale failed'));
    await expect(staleRun).rejects.toThrow('stale failed');

    expect(lock.has('agent')).toBe(true);
    await expect(lock.run('agent', async () => 'unexpected')).resolves.toBe('fresh');
  });
});
