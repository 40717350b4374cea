import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import type { InputForm } from '../../sessions/model';
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
    expect(service).toHaveAccessibleDescription(expect.stringContaining('Doesn’t match the expected format'));
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

  it('stays responsive with a catastrophic pattern from the agent', async () => {
    const { user, onSubmit } = await renderForm({
      form: { title: 'T', fields: [{ name: 'v', label: 'Value', type: 'text', required: true, pattern: '(a+)+$' }] },
    });
    const input = screen.getByRole('textbox', { name: /Value/ });
    // Pasted, not typed: 10k keystrokes would only slow the test down.
    await user.click(input);
    await user.paste(`${'a'.repeat(10_000)}b`);
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
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
