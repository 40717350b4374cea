import { OriginSlots, StreamSlots } from './streamSlots';

function waiter(slots: OriginSlots) {
  const controller = new AbortController();
  const queued: boolean[] = [];
  let release: (() => void) | undefined;
  let failed: unknown;
  const granted = slots.acquire({ signal: controller.signal, onQueued: q => queued.push(q) }).then(
    r => {
      release = r;
    },
    error => {
      failed = error;
    },
  );
  return { controller, queued, granted, release: () => release?.(), failedWith: () => failed };
}

describe('OriginSlots', () => {
  it('grants up to the cap at once and queues the rest in order', async () => {
    const slots = new OriginSlots(2);
    const [a, b, c, d] = [waiter(slots), waiter(slots), waiter(slots), waiter(slots)];
    await Promise.all([a.granted, b.granted]);
    expect([a.queued, b.queued, c.queued, d.queued]).toEqual([[], [], [true], [true]]);
    expect([slots.streaming, slots.queued]).toEqual([2, 2]);

    a.release();
    a.release(); // a second call gives back nothing more
    await c.granted;
    expect(c.queued).toEqual([true, false]);
    expect([slots.streaming, slots.queued]).toEqual([2, 1]);
  });

  it('lets a stopped waiter leave the queue at once, without a slot', async () => {
    const slots = new OriginSlots(1);
    const holder = waiter(slots);
    const leaving = waiter(slots);
    const next = waiter(slots);
    await holder.granted;
    leaving.controller.abort();
    await leaving.granted;
    expect((leaving.failedWith() as Error).name).toBe('AbortError');
    expect(slots.queued).toBe(1);
    holder.release();
    await next.granted;
    expect(slots.streaming).toBe(1);
  });
});

describe('StreamSlots', () => {
  it('lifts the cap of an origin seen speaking HTTP/2 or HTTP/3, and only of that one', async () => {
    const slots = new StreamSlots(1);
    const agent = slots.forUrl('https://agent.example.com/a2a/jsonrpc');
    const other = slots.forUrl('https://other.example.com/rpc');
    waiter(agent);
    const waiting = waiter(agent);
    waiter(other);
    const otherWaiting = waiter(other);
    expect(agent.queued).toBe(1);

    slots.noteProtocol('https://agent.example.com/.well-known/agent-card.json', 'http/1.1');
    expect(agent.queued).toBe(1);
    slots.noteProtocol('https://agent.example.com/.well-known/agent-card.json', 'h2');
    await waiting.granted;
    expect([agent.streaming, agent.queued]).toEqual([2, 0]);
    expect(other.queued).toBe(1);
    expect(otherWaiting.queued).toEqual([true]);
    // Origins first used after the protocol was seen start lifted.
    slots.noteProtocol('https://later.example.com/', 'h3');
    const later = slots.forUrl('https://later.example.com/rpc');
    await Promise.all([waiter(later).granted, waiter(later).granted]);
    expect(later.queued).toBe(0);
  });
});
