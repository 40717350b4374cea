import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import type { FormField, InputForm } from '../../sessions/model';
import { CATASTROPHIC_PATTERNS } from './__fixtures__/catastrophicPatterns';
import { InputFormView } from './InputFormView';

const FORM: InputForm = {
  title: 'Deployment details',
  description: 'The agent needs a few details.',
  submitLabel: 'Deploy',
  fields: [
    {
      name: 'service',
      label: 'Service',
      type: 'text',
      required: true,
      pattern: '[a-z][a-z0-9-]*',
      description: 'Lower-case name',
    },
    { name: 'replicas', label: 'Replicas', type: 'number', required: false, min: 1, max: 5 },
    { name: 'region', label: 'Region', type: 'select', required: true, options: ['eu-west', 'us-east'] },
    { name: 'dryRun', label: 'Dry run', type: 'boolean', required: false },
    { name: 'note', label: 'Note', type: 'text', required: false },
  ],
};

async function renderForm(props: Partial<Parameters<typeof InputFormView>[0]> = {}) {
  const onSubmit = jest.fn();
  const user = userEvent.setup();
  const result = await renderInTestApp(<InputFormView form={FORM} onSubmit={onSubmit} {...props} />);
  return { ...result, onSubmit, user };
}

describe('InputFormView', () => {
  it('renders a named form with one control per field, required fields marked', async () => {
    await renderForm();
    const form = screen.getByRole('form', { name: 'Deployment details' });
    expect(form).toHaveAccessibleDescription('The agent needs a few details.');
    expect(within(form).getByRole('textbox', { name: /Service/ })).toBeRequired();
    expect(within(form).getByRole('textbox', { name: /Service/ })).toHaveAccessibleDescription('Lower-case name');
    const replicas = within(form).getByRole('spinbutton', { name: /Replicas/ });
    expect(replicas).not.toBeRequired();
    expect(replicas).toHaveAttribute('min', '1');
    expect(replicas).toHaveAttribute('max', '5');
    const region = within(form).getByRole('combobox', { name: /Region/ });
    expect(region).toBeRequired();
    expect(within(region).getAllByRole('option').map(o => o.textContent)).toEqual(['', 'eu-west', 'us-east']);
    expect(within(form).getByRole('checkbox', { name: 'Dry run' })).not.toBeChecked();
    expect(within(form).getByRole('button', { name: 'Deploy' })).toBeInTheDocument();
  });

  it('labels the submit button "Submit" when the agent gives no label', async () => {
    await renderForm({ form: { ...FORM, submitLabel: undefined } });
    expect(screen.getByRole('button', { name: 'Submit' })).toBeInTheDocument();
  });

  it('shows "Required" on blur of an empty required field, and clears it once fixed', async () => {
    const { user } = await renderForm();
    const service = screen.getByRole('textbox', { name: /Service/ });
    await user.click(service);
    await user.tab();
    expect(service).toHaveAttribute('aria-invalid', 'true');
    expect(service).toHaveAccessibleDescription('Lower-case name Required');

    await user.type(service, 'api');
    expect(service).toHaveAttribute('aria-invalid', 'false');
    expect(service).toHaveAccessibleDescription('Lower-case name');
  });

  it('shows the pattern message for a value that does not match', async () => {
    const { user } = await renderForm();
    const service = screen.getByRole('textbox', { name: /Service/ });
    await user.type(service, 'Not Valid!');
    await user.tab();
    // The pattern engine loads lazily; a field left before it is there is checked once it is.
    await waitFor(() =>
      expect(service).toHaveAccessibleDescription(expect.stringContaining('Doesn’t match the expected format')),
    );
    // The browser never gets the agent's pattern (its own engine backtracks).
    expect(service).not.toHaveAttribute('pattern');
  });

  it('shows the min and max messages for numbers out of range', async () => {
    const { user } = await renderForm();
    const replicas = screen.getByRole('spinbutton', { name: /Replicas/ });
    await user.type(replicas, '0');
    await user.tab();
    expect(replicas).toHaveAttribute('aria-invalid', 'true');
    expect(replicas).toHaveAccessibleDescription('Must be at least 1');

    await user.clear(replicas);
    await user.type(replicas, '9');
    await user.tab();
    expect(replicas).toHaveAccessibleDescription('Must be at most 5');
  });

  it('on a failed submit shows every error and moves focus to the first invalid field', async () => {
    const { user, onSubmit } = await renderForm();
    await user.type(screen.getByRole('textbox', { name: /Service/ }), 'api');
    await user.type(screen.getByRole('spinbutton', { name: /Replicas/ }), '7');
    await user.click(screen.getByRole('button', { name: 'Deploy' }));

    expect(onSubmit).not.toHaveBeenCalled();
    const replicas = screen.getByRole('spinbutton', { name: /Replicas/ });
    expect(replicas).toHaveFocus();
    expect(replicas).toHaveAccessibleDescription('Must be at most 5');
    const region = screen.getByRole('combobox', { name: /Region/ });
    expect(region).toHaveAttribute('aria-invalid', 'true');
    expect(region).toHaveAccessibleDescription('Required');
  });

  it('submits coerced values: numbers as numbers, booleans as booleans, empty optional fields omitted', async () => {
    const { user, onSubmit } = await renderForm();
    await user.type(screen.getByRole('textbox', { name: /Service/ }), 'billing-api');
    await user.type(screen.getByRole('spinbutton', { name: /Replicas/ }), '3');
    await user.selectOptions(screen.getByRole('combobox', { name: /Region/ }), 'us-east');
    await user.click(screen.getByRole('checkbox', { name: 'Dry run' }));
    await user.click(screen.getByRole('button', { name: 'Deploy' }));

    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit).toHaveBeenCalledWith({ service: 'billing-api', replicas: 3, region: 'us-east', dryRun: true });
  });

  it('submits when Enter is pressed in a text field', async () => {
    const { user, onSubmit } = await renderForm({
      form: { title: 'Name', fields: [{ name: 'name', label: 'Name', type: 'text', required: true }] },
    });
    await user.type(screen.getByRole('textbox', { name: /Name/ }), 'Ada{Enter}');
    expect(onSubmit).toHaveBeenCalledWith({ name: 'Ada' });
  });

  it('does not submit while disabled', async () => {
    const { onSubmit } = await renderForm({
      disabled: true,
      form: { title: 'Name', fields: [{ name: 'name', label: 'Name', type: 'text', required: false, default: 'x' }] },
    });
    expect(screen.getByRole('textbox', { name: /Name/ })).toBeDisabled();
    const button = screen.getByRole('button', { name: 'Submit' });
    expect(button).toBeDisabled();
    // Even a submit event that gets through (e.g. scripted) is ignored.
    fireEvent.submit(screen.getByRole('form', { name: 'Name' }));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('renders hostile labels, descriptions and options as text', async () => {
    const hostile: InputForm = {
      title: '<img src=x onerror="alert(1)">',
      description: '<script>alert(2)</script>',
      submitLabel: '<b>Go</b>',
      fields: [
        {
          name: 'a',
          label: '<a href="javascript:alert(3)">label</a>',
          type: 'text',
          required: false,
          description: '<iframe src="https://evil.example"></iframe>',
        },
        { name: 'b', label: '<u>pick</u>', type: 'select', required: false, options: ['<svg onload="alert(4)">'] },
        { name: 'c', label: '<em>check</em>', type: 'boolean', required: false },
      ],
    };
    const { container } = await renderForm({ form: hostile });
    expect(container.querySelector('img, script, b, a, iframe, svg[onload], u, em')).toBeNull();
    expect(screen.getByRole('form', { name: '<img src=x onerror="alert(1)">' })).toBeInTheDocument();
    expect(screen.getByText('<script>alert(2)</script>')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '<b>Go</b>' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: '<a href="javascript:alert(3)">label</a>' })).toHaveAccessibleDescription(
      '<iframe src="https://evil.example"></iframe>',
    );
    expect(screen.getByRole('option', { name: '<svg onload="alert(4)">' })).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: '<em>check</em>' })).toBeInTheDocument();
  });

  it.each(CATASTROPHIC_PATTERNS)(
    'checks $pattern on a 1,000-character value: refuses one that does not match, sends one that does',
    async ({ pattern, matching, failing }) => {
      const { user, onSubmit } = await renderForm({
        form: { title: 'T', fields: [{ name: 'v', label: 'Value', type: 'text', required: true, pattern, default: failing }] },
      });
      await user.click(screen.getByRole('button', { name: 'Submit' }));
      const input = screen.getByRole('textbox', { name: /Value/ });
      await waitFor(() => expect(input).toHaveAccessibleDescription('Doesn’t match the expected format'));
      expect(onSubmit).not.toHaveBeenCalled();

      // Pasted, not typed: 1,000 keystrokes would only slow the test down.
      await user.clear(input);
      await user.paste(matching);
      await user.click(screen.getByRole('button', { name: 'Submit' }));
      await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ v: matching }));
    },
  );

  it('refuses a value too long to check against its pattern, keeping it as typed', async () => {
    const { user, onSubmit } = await renderForm({
      form: { title: 'T', fields: [{ name: 'v', label: 'Value', type: 'text', required: true, pattern: 'a+' }] },
    });
    const input = screen.getByRole('textbox', { name: /Value/ });
    await user.click(input);
    await user.paste('a'.repeat(1001));
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(input).toHaveAccessibleDescription('Too long to check: at most 1,000 characters'));
    expect(input).toHaveValue('a'.repeat(1001));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  describe('with fields named like Object.prototype members', () => {
    const PROTO_FORM: InputForm = {
      title: 'Prototype names',
      fields: [
        { name: '__proto__', label: 'Proto', type: 'text', required: true, default: 'p', pattern: '[a-z]+' },
        { name: 'constructor', label: 'Constructor', type: 'number', required: false, min: 1 },
        { name: 'toString', label: 'To string', type: 'select', required: true, options: ['x', 'y'] },
        { name: 'hasOwnProperty', label: 'Has own', type: 'boolean', required: false, default: true },
      ],
    };

    it('renders each field with its own value', async () => {
      await renderForm({ form: PROTO_FORM });
      expect(screen.getByRole('textbox', { name: /Proto/ })).toHaveValue('p');
      expect(screen.getByRole('spinbutton', { name: /Constructor/ })).toHaveValue(null);
      expect(screen.getByRole('combobox', { name: /To string/ })).toHaveValue('');
      expect(screen.getByRole('checkbox', { name: 'Has own' })).toBeChecked();
    });

    it('validates them by their own rules', async () => {
      const { user, onSubmit } = await renderForm({ form: PROTO_FORM });
      const proto = screen.getByRole('textbox', { name: /Proto/ });
      await user.clear(proto);
      await user.type(proto, 'NOT LOWER');
      await user.type(screen.getByRole('spinbutton', { name: /Constructor/ }), '0');
      await user.click(screen.getByRole('button', { name: 'Submit' }));
      await waitFor(() => expect(proto).toHaveAccessibleDescription('Doesn’t match the expected format'));
      expect(screen.getByRole('spinbutton', { name: /Constructor/ })).toHaveAccessibleDescription('Must be at least 1');
      expect(screen.getByRole('combobox', { name: /To string/ })).toHaveAccessibleDescription('Required');
      expect(proto).toHaveFocus();
      expect(onSubmit).not.toHaveBeenCalled();
    });

    it('submits every answer as an own property', async () => {
      const { user, onSubmit } = await renderForm({ form: PROTO_FORM });
      await user.type(screen.getByRole('spinbutton', { name: /Constructor/ }), '3');
      await user.selectOptions(screen.getByRole('combobox', { name: /To string/ }), 'y');
      await user.click(screen.getByRole('checkbox', { name: 'Has own' }));
      await user.click(screen.getByRole('button', { name: 'Submit' }));

      await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
      const answer = onSubmit.mock.calls[0][0];
      expect(Object.getOwnPropertyNames(answer)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty']);
      expect(JSON.stringify(answer)).toBe('{"__proto__":"p","constructor":3,"toString":"y","hasOwnProperty":false}');
    });

    it('shows a stored answer by its own values only', async () => {
      const stored = JSON.parse('{"__proto__":"p","toString":"y","hasOwnProperty":false}');
      await renderForm({ form: PROTO_FORM, submittedValues: stored });
      const summary = screen.getByRole('group', { name: 'Prototype names' });
      expect(within(summary).getAllByRole('term').map(el => el.textContent)).toEqual(['Proto', 'To string', 'Has own']);
      expect(within(summary).getAllByRole('definition').map(el => el.textContent)).toEqual(['p', 'y', 'No']);
    });
  });

  it('shows the first field of a repeated name, says how many were left out, and sends its value', async () => {
    const env = (label: string, value: string): FormField => ({ name: 'env', label, type: 'text', required: false, default: value });
    const { user, onSubmit } = await renderForm({
      form: { title: 'Repeated', fields: [env('First', 'one'), env('Second', 'two'), env('Third', 'three')] },
    });
    expect(screen.getAllByRole('textbox').map(el => el.getAttribute('name'))).toEqual(['env']);
    expect(screen.getByRole('textbox', { name: 'First' })).toHaveValue('one');
    expect(screen.getByText('2 more fields of this form are not shown: their names repeat earlier fields’.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(onSubmit).toHaveBeenCalledWith({ env: 'one' });
  });

  describe('once submitted', () => {
    const values = { service: 'billing-api', replicas: 3, region: 'us-east', dryRun: false };

    it('shows the submitted values as a read-only summary', async () => {
      await renderForm({ submittedValues: values });
      expect(screen.queryByRole('form')).not.toBeInTheDocument();
      expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
      expect(screen.queryByRole('button')).not.toBeInTheDocument();

      const summary = screen.getByRole('group', { name: 'Deployment details' });
      expect(summary).toHaveTextContent('Submitted');
      const terms = within(summary).getAllByRole('term').map(el => el.textContent);
      const definitions = within(summary).getAllByRole('definition').map(el => el.textContent);
      expect(terms).toEqual(['Service', 'Replicas', 'Region', 'Dry run']);
      expect(definitions).toEqual(['billing-api', '3', 'us-east', 'No']);
    });

    it('shows a checked box as "Yes"', async () => {
      await renderForm({ submittedValues: { ...values, dryRun: true } });
      const definitions = screen.getAllByRole('definition').map(el => el.textContent);
      expect(definitions).toContain('Yes');
      expect(definitions).not.toContain('true');
    });
  });
});
