import { createDevApp } from '@backstage/dev-utils';
import { agentForgePlugin, AgentForgePage } from '../src/plugin';

// `npm run dev` at the repository root starts this together with the demo agent.
createDevApp()
  .registerPlugin(agentForgePlugin)
  .addPage({ element: <AgentForgePage />, title: 'Agent Forge', path: '/agent-forge' })
  .render();
