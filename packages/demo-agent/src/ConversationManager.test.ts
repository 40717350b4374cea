import { ConversationManager } from './ConversationManager';

describe('ConversationManager', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('counts turns per contextId and remembers earlier prompts', () => {
    const manager = new ConversationManager();
    expect(manager.recordTurn('a', 'first')).toEqual({
      contextId: 'a',
      turn: 1,
      previousPrompts: [],
    });
    expect(manager.recordTurn('b', 'other')).toEqual({
      contextId: 'b',
      turn: 1,
      previousPrompts: [],
    });
    expect(manager.recordTurn('a', 'second')).toEqual({
      contextId: 'a',
      turn: 2,
      previousPrompts: ['first'],
    });
    expect(manager.get('a')?.turns).toBe(2);
    expect(manager.size).toBe(2);
  });

  it('sweeps conversations idle for longer than the TTL, using the injected clock', () => {
    let now = 1_000_000;
    const expired: string[] = [];
    const manager = new ConversationManager({
      ttlMs: 1000,
      now: () => now,
      onExpire: id => expired.push(id),
    });
    manager.recordTurn('idle', 'x');
    now += 600;
    manager.recordTurn('busy', 'y');
    now += 500; // idle: 1100 ms since last activity, busy: 500 ms
    expect(manager.get('idle')).toBeUndefined(); // expired even before the sweep
    expect(manager.sweep()).toBe(1);
    expect(expired).toEqual(['idle']);
    expect(manager.get('busy')?.lastActivityAt).toBe(1_000_600);
    manager.touch('busy');
    now += 900;
    expect(manager.sweep()).toBe(0); // touch() kept it alive
    expect(manager.recordTurn('idle', 'again').turn).toBe(1); // a fresh conversation
  });

  it('runs the sweep periodically with an unref()ed timer and stops it', () => {
    jest.useFakeTimers();
    let now = 0;
    const setIntervalSpy = jest.spyOn(global, 'setInterval');
    const manager = new ConversationManager({
      ttlMs: 100,
      sweepIntervalMs: 50,
      now: () => now,
    });
    manager.start();
    const timer = setIntervalSpy.mock.results[0].value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    setIntervalSpy.mockRestore();

    manager.recordTurn('a', 'x');
    now = 150;
    expect(manager.size).toBe(1); // nothing swept yet
    jest.advanceTimersByTime(50);
    expect(manager.size).toBe(0);

    manager.recordTurn('b', 'y');
    manager.stop();
    expect(manager.size).toBe(0);
    now = 1000;
    jest.advanceTimersByTime(1000); // no timer left to fire
    expect(jest.getTimerCount()).toBe(0);
  });
});
