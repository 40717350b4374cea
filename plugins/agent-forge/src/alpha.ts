import { createElement } from 'react';
import {
  ApiBlueprint,
  PageBlueprint,
  configApiRef,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import ChatIcon from '@material-ui/icons/Chat';
import { agentForgeApiRef, DefaultAgentForgeApi } from './api';

/** Route of the Agent Forge page in the new frontend system. */
export const agentForgeRouteRef = createRouteRef();

const agentForgeApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: agentForgeApiRef,
      deps: { configApi: configApiRef, discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new DefaultAgentForgeApi(deps),
    }),
});

// Nav items are derived from a page's title and icon (NavItemBlueprint was
// removed from @backstage/frontend-plugin-api in 0.15).
const agentForgePage = PageBlueprint.make({
  params: {
    path: '/agent-forge',
    title: 'Agent Forge',
    icon: createElement(ChatIcon, { fontSize: 'inherit' }),
    routeRef: agentForgeRouteRef,
    noHeader: true,
    loader: () =>
      import('./components/AgentForgePage').then(m => createElement(m.AgentForgePage)),
  },
});

/** Agent Forge for the new frontend system. */
export default createFrontendPlugin({
  pluginId: 'agent-forge',
  extensions: [agentForgeApi, agentForgePage],
  routes: { root: agentForgeRouteRef },
});
