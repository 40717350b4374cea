// The recorder goes first: it must wrap window.fetch before the app's
// FetchApi captures it, and observe long tasks from the start.
import { recorder } from './bench/recorder';
import '@backstage/ui/css/styles.css';
import ReactDOM from 'react-dom/client';
// The plugin does not export its instrumentation (bench apps only), so it is
// imported from the source file; it resolves to the same module the plugin uses.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { AgentForgeInstrumentationProvider } from '../../../plugins/agent-forge/src/instrumentation';
import App from './App';

ReactDOM.createRoot(document.getElementById('root')!).render(
  <AgentForgeInstrumentationProvider onRender={recorder.onRender} storage={recorder.storage}>
    <App />
  </AgentForgeInstrumentationProvider>,
);
