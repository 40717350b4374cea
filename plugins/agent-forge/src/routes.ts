import { createRouteRef } from '@backstage/core-plugin-api';

/** The root route of the Agent Forge page. */
export const rootRouteRef = createRouteRef({ id: 'agent-forge' });
