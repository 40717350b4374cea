// A copy of packages/app/src/App.tsx: the bench measures the same app.
import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import { AlertDisplay, OAuthRequestDialog } from '@backstage/core-components';
import { AgentForgePage, agentForgePlugin } from '@internal/plugin-agent-forge';
import { Navigate, Route } from 'react-router-dom';
import { Root } from './components/Root';

// No SignInPage: without a Backstage backend the app runs as the guest user.
// A real portal supplies its own sign-in (and agentForge.proxyPath).
const app = createApp({
  plugins: [agentForgePlugin],
});

const routes = (
  <FlatRoutes>
    <Route path="/" element={<Navigate to="agent-forge" />} />
    <Route path="/agent-forge" element={<AgentForgePage />} />
  </FlatRoutes>
);

export default app.createRoot(
  <>
    <AlertDisplay />
    <OAuthRequestDialog />
    <AppRouter>
      <Root>{routes}</Root>
    </AppRouter>
  </>,
);
