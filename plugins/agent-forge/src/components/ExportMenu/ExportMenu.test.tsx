import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import type { SessionSnapshot } from '../../sessions/model';
import { ExportMenu } from './ExportMenu';

const T0 = Date.UTC(2024, 4, 1, 12, 0);

const SNAPSHOT: SessionSnapshot = {
  id: 's1',
  title: 'Release notes',
  createdAt: T0,
  updatedAt: T0,
  status: 'idle',
  unread: false,
  messageCount: 2,
  customTitle: false,
  pruned: false,
  messages: [
    { id: 'm1', role: 'user', text: 'Summarise the release', createdAt: T0 },
    { id: 'm2', role: 'agent', status: 'complete', text: 'Three fixes.', createdAt: T0 + 1000 },
  ],
};

/** jsdom has no object URLs; the test provides them and records the downloads. */
function mockDownloads() {
  const blobs: Blob[] = [];
  const createObjectURL = jest.fn((blob: Blob) => {
    blobs.push(blob);
    return `blob:test/${blobs.length}`;
  });
  const revokeObjectURL = jest.fn();
  Object.defineProperty(window.URL, 'createObjectURL', { configurable: true, writable: true, value: createObjectURL });
  Object.defineProperty(window.URL, 'revokeObjectURL', { configurable: true, writable: true, value: revokeObjectURL });
  const clicked: HTMLAnchorElement[] = [];
  // jsdom cannot navigate; record the click instead.
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function record(
    this: HTMLAnchorElement,
  ) {
    clicked.push(this);
  });
  return { blobs, createObjectURL, revokeObjectURL, clicked, restore: () => click.mockRestore() };
}

describe('ExportMenu', () => {
  let downloads: ReturnType<typeof mockDownloads>;
  beforeEach(() => {
    jest.useFakeTimers();
    downloads = mockDownloads();
  });
  afterEach(() => {
    downloads.restore();
    jest.useRealTimers();
  });

  async function openMenu(getSnapshot: () => typeof SNAPSHOT = () => SNAPSHOT) {
    const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
    await renderInTestApp(<ExportMenu getSnapshot={getSnapshot} agentName="Release Bot" />);
    const button = screen.getByRole('button', { name: 'Export chat' });
    expect(button).toHaveAttribute('aria-haspopup', 'true');
    await user.click(button);
    return { user, button };
  }

  it('offers Markdown and JSON in a menu', async () => {
    const { button } = await openMenu();
    expect(button).toHaveAttribute('aria-expanded', 'true');
    const items = screen.getAllByRole('menuitem').map(item => item.textContent);
    expect(items).toEqual(['Export as Markdown', 'Export as JSON']);
  });

  it('downloads the chat as a Markdown file and revokes the URL afterwards', async () => {
    const { user } = await openMenu();
    await user.click(screen.getByRole('menuitem', { name: 'Export as Markdown' }));

    expect(downloads.createObjectURL).toHaveBeenCalledTimes(1);
    expect(downloads.clicked).toHaveLength(1);
    expect(downloads.clicked[0].download).toBe('release-notes-2024-05-01.md');
    expect(downloads.clicked[0].getAttribute('href')).toBe('blob:test/1');
    expect(downloads.blobs[0].type).toMatch(/^text\/markdown/);
    const text = await downloads.blobs[0].text();
    expect(text).toMatch(/^# Release notes\n/);
    expect(text).toContain('## Release Bot · 2024-05-01 12:00 UTC');
    // The link is gone from the page and the URL is released.
    expect(document.querySelector('a[download]')).toBeNull();
    expect(downloads.revokeObjectURL).not.toHaveBeenCalled();
    act(() => {
      jest.runOnlyPendingTimers();
    });
    expect(downloads.revokeObjectURL).toHaveBeenCalledWith('blob:test/1');
  });

  it('downloads the chat as JSON', async () => {
    const { user } = await openMenu();
    await user.click(screen.getByRole('menuitem', { name: 'Export as JSON' }));

    expect(downloads.clicked[0].download).toBe('release-notes-2024-05-01.json');
    expect(downloads.blobs[0].type).toMatch(/^application\/json/);
    const parsed = JSON.parse(await downloads.blobs[0].text());
    expect(parsed).toMatchObject({ format: 'agent-forge-session', version: 1, session: { id: 's1' } });
    expect(parsed.messages).toHaveLength(2);
  });

  it('closes the menu after choosing', async () => {
    const { user, button } = await openMenu();
    await user.click(screen.getByRole('menuitem', { name: 'Export as JSON' }));
    expect(button).not.toHaveAttribute('aria-expanded', 'true');
  });

  it('exports the chat as it is when chosen, not as it was when the menu rendered', async () => {
    let current = SNAPSHOT;
    const { user } = await openMenu(() => current);
    // The reply went on streaming; the menu did not re-render.
    current = { ...SNAPSHOT, title: 'Release notes, later' };
    await user.click(screen.getByRole('menuitem', { name: 'Export as Markdown' }));
    expect(await downloads.blobs[0].text()).toMatch(/^# Release notes, later\n/);
  });
});
