import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { useAgentForgeT, withAgentForgeTranslation } from './translationContext';

function Labels() {
  const t = useAgentForgeT();
  return (
    <ul>
      <li>{t('conversation.showEarlier', { count: 1 })}</li>
      <li>{t('conversation.showEarlier', { count: 30 })}</li>
      <li>{t('conversation.showEarlier', { count: 1 })}</li>
      <li>{t('sidebar.deleted', { title: 'First' })}</li>
      <li>{t('sidebar.deleted', { title: 'Second' })}</li>
      <li>{t('sidebar.newChat')}</li>
    </ul>
  );
}
const TranslatedLabels = withAgentForgeTranslation(Labels);

describe('the shared, memoised translation', () => {
  it('translates by key and options: plurals and interpolations are not mixed up by the cache', async () => {
    await renderInTestApp(<TranslatedLabels />);
    expect(screen.getAllByRole('listitem').map(li => li.textContent)).toEqual([
      'Show 1 earlier message',
      'Show 30 earlier messages',
      'Show 1 earlier message',
      'Deleted “First”',
      'Deleted “Second”',
      'New chat',
    ]);
  });

  it('says what is missing when a component that needs it renders without the provider', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await expect(renderInTestApp(<Labels />)).rejects.toThrow(/inside AgentForgeTranslationProvider/);
    } finally {
      error.mockRestore();
    }
  });
});
