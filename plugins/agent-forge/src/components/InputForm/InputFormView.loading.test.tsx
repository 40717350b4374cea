import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { InputFormView } from './InputFormView';

// The engine is real; only its download is held back, as a slow network
// would (the chunk cannot be slow in Jest): loading waits for `arrive()`.
let arrive: () => void;
const arrived = new Promise<void>(resolve => {
  arrive = resolve;
});
jest.mock('./patternMatcher', () => {
  const actual = jest.requireActual('./patternMatcher');
  return {
    ...actual,
    loadedPatternCompiler: () => undefined,
    loadPatternCompiler: () => arrived.then(() => actual.loadPatternCompiler()),
  };
});

describe('InputFormView while the pattern engine is loading', () => {
  it('lets Submit wait for the engine (the form stays usable), then checks the pattern', async () => {
    const onSubmit = jest.fn();
    await renderInTestApp(
      <InputFormView
        form={{ title: 'T', fields: [{ name: 'v', label: 'Value', type: 'text', required: true, pattern: '[0-9]+', default: 'abc' }] }}
        onSubmit={onSubmit}
      />,
    );
    fireEvent.submit(screen.getByRole('form', { name: 'T' }));
    const button = screen.getByRole('button', { name: 'Submit' });
    await waitFor(() => expect(button).toHaveAttribute('aria-busy', 'true'));
    expect(button).toBeDisabled();
    expect(onSubmit).not.toHaveBeenCalled();
    // The user can go on typing meanwhile; what is checked is the latest value.
    const input = screen.getByRole('textbox', { name: /Value/ });
    fireEvent.change(input, { target: { value: 'still not a number' } });

    await act(async () => arrive());
    await waitFor(() => expect(input).toHaveAccessibleDescription('Doesn’t match the expected format'));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(button).not.toBeDisabled();

    fireEvent.change(input, { target: { value: '123' } });
    fireEvent.submit(screen.getByRole('form', { name: 'T' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ v: '123' }));
  });
});
