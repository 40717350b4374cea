import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('shows Agent Forge in the sidebar and opens it at /agent-forge', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test', baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
            agentForge: { baseUrl: 'http://localhost:8000' },
          },
          context: 'test',
        },
      ] as any,
    };
    render(<App />);
    // The page's code loads lazily: on a busy machine that takes longer than findBy's 1 s.
    const link = await screen.findByRole('link', { name: /agent forge/i }, { timeout: 10_000 });
    expect(link).toHaveAttribute('href', '/agent-forge');
    expect(await screen.findByRole('heading', { name: 'Agent Forge' }, { timeout: 10_000 })).toBeInTheDocument();
  });
});
