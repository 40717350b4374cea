import {
  configApiRef,
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { agentForgeApiRef, DefaultAgentForgeApi } from './api';
import { rootRouteRef } from './routes';

/** The Agent Forge plugin (legacy frontend system). */
export const agentForgePlugin = createPlugin({
  id: 'agent-forge',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: agentForgeApiRef,
      deps: { configApi: configApiRef, discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new DefaultAgentForgeApi(deps),
    }),
  ],
});

/** The full-page chat, mounted at `/agent-forge` by the app. */
export const AgentForgePage = agentForgePlugin.provide(
  createRoutableExtension({
    name: 'AgentForgePage',
    component: () => import('./components/AgentForgePage').then(m => m.AgentForgePage),
    mountPoint: rootRouteRef,
  }),
);
