import '@testing-library/jest-dom';

// Component tests run the real demo agent (Express) in-process, and Express
// schedules with setImmediate, which Jest's jsdom environment leaves out.
if (typeof globalThis.setImmediate === 'undefined') {
  Object.assign(globalThis, {
    setImmediate: (callback: (...args: unknown[]) => void, ...args: unknown[]) => setTimeout(callback, 0, ...args),
    clearImmediate: (handle: ReturnType<typeof setTimeout>) => clearTimeout(handle),
  });
}
