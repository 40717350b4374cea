import { mayParse, PARSE_BUDGET_MS, timedParse, whenBudgetRenews } from './parseBudget';

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // parse time
  }
}

const nextTask = () => new Promise(resolve => setImmediate(resolve));

describe('parseBudget', () => {
  it('allows parses in one task until the budget is spent, and renews it in the next task', async () => {
    await nextTask();
    expect(mayParse()).toBe(true);
    timedParse(() => busy(PARSE_BUDGET_MS / 2 + 1));
    expect(mayParse()).toBe(true);
    timedParse(() => busy(PARSE_BUDGET_MS / 2 + 1));
    expect(mayParse()).toBe(false);

    await nextTask();
    expect(mayParse()).toBe(true);
  });

  it('calls back the blocks that waited', async () => {
    const called = await new Promise<boolean>(resolve => whenBudgetRenews(() => resolve(true)));
    expect(called).toBe(true);
  });

  it('a cancelled wait is not called', async () => {
    let called = false;
    const cancel = whenBudgetRenews(() => {
      called = true;
    });
    cancel();
    await new Promise<void>(resolve => whenBudgetRenews(resolve));
    expect(called).toBe(false);
  });
});
