import { createBatchedFrameScheduler, type RequestFrame } from './frameScheduler';

/** A display: frames come when the test says, at the test's timestamps. */
function fakeDisplay() {
  let waiting: Array<(time: number) => void> = [];
  const requestFrame: RequestFrame = callback => {
    waiting.push(callback);
  };
  return {
    requestFrame,
    get requested() {
      return waiting.length;
    },
    frame(time: number) {
      const run = waiting;
      waiting = [];
      for (const callback of run) callback(time);
    },
  };
}

describe('createBatchedFrameScheduler', () => {
  it('runs everything scheduled before a frame in that one frame, once per schedule call', () => {
    const display = fakeDisplay();
    const schedule = createBatchedFrameScheduler({ requestFrame: display.requestFrame });
    const ran: string[] = [];
    schedule(() => ran.push('a'));
    schedule(() => ran.push('b'));
    expect(display.requested).toBe(1);
    expect(ran).toEqual([]);
    display.frame(0);
    expect(ran).toEqual(['a', 'b']);
    display.frame(16);
    expect(ran).toEqual(['a', 'b']);
    expect(display.requested).toBe(0);
  });

  it('drops a cancelled callback from the batch', () => {
    const display = fakeDisplay();
    const schedule = createBatchedFrameScheduler({ requestFrame: display.requestFrame });
    const ran: string[] = [];
    const cancel = schedule(() => ran.push('cancelled'));
    schedule(() => ran.push('kept'));
    cancel();
    display.frame(0);
    expect(ran).toEqual(['kept']);
  });

  it.each([
    [60, 50],
    [120, 50],
    [144, 30],
  ])('flushes at most the rate (+1.5) in any second at %i Hz, max %i/s', (hz, maxFlushesPerSecond) => {
    const display = fakeDisplay();
    const schedule = createBatchedFrameScheduler({ requestFrame: display.requestFrame, maxFlushesPerSecond });
    const flushes: number[] = [];
    let time = 0;
    // A session that always has something new: it schedules again whenever it flushed.
    const publish = () => {
      flushes.push(time);
      schedule(publish);
    };
    schedule(publish);
    for (let frame = 0; frame < hz * 5; frame++) {
      time = (frame * 1000) / hz;
      display.frame(time);
    }
    let busiest = 0;
    for (const start of flushes) busiest = Math.max(busiest, flushes.filter(t => t >= start && t < start + 1000).length);
    expect(busiest).toBeLessThanOrEqual(maxFlushesPerSecond + 1.5);
    // ...and uses the budget: not far under the rate.
    expect(flushes.length / 5).toBeGreaterThan(Math.min(hz, maxFlushesPerSecond) * 0.9);
  });

  it('flushes on the first frame after a quiet spell (no added latency)', () => {
    const display = fakeDisplay();
    const schedule = createBatchedFrameScheduler({ requestFrame: display.requestFrame });
    const ran: number[] = [];
    for (let i = 0; i < 3; i++) {
      schedule(() => ran.push(i));
      display.frame(i * 16.7);
    }
    expect(ran).toEqual([0, 1, 2]);
    schedule(() => ran.push(99));
    display.frame(5000);
    expect(ran).toEqual([0, 1, 2, 99]);
  });

  it("runs the rest of a frame's batch when one callback throws, and reports the error", () => {
    jest.useFakeTimers();
    try {
      const display = fakeDisplay();
      const schedule = createBatchedFrameScheduler({ requestFrame: display.requestFrame });
      const ran: string[] = [];
      schedule(() => {
        throw new Error('boom');
      });
      schedule(() => ran.push('after'));
      display.frame(0);
      expect(ran).toEqual(['after']);
      expect(() => jest.runOnlyPendingTimers()).toThrow('boom');
    } finally {
      jest.useRealTimers();
    }
  });
});
