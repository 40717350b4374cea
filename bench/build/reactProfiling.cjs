/*
 * Preloaded into `backstage-cli package build` (node --require) for the bench
 * app only. React's production build ignores <Profiler onRender>; its
 * "profiling" build is the production build with the Profiler timers on. The
 * Backstage CLI has no option for that, so this wraps the CLI's bundler
 * config factory and aliases `react-dom` to `react-dom/profiling` (what
 * `react-scripts build --profile` does). Every import of react-dom, the app's
 * and the libraries', then gets the one profiling copy.
 *
 * If the CLI's internals move, the build fails here, loudly.
 */
const path = require('node:path');

const cliBuild = path.dirname(
  require.resolve('@backstage/cli-module-build/package.json', {
    paths: [path.dirname(require.resolve('@backstage/cli/package.json'))],
  }),
);
const configModule = require(path.join(cliBuild, 'dist/lib/bundler/config.cjs.js'));
if (typeof configModule.createConfig !== 'function') {
  throw new Error(`bench: ${cliBuild} has no bundler createConfig; update bench/build/reactProfiling.cjs`);
}
const createConfig = configModule.createConfig;
configModule.createConfig = async (...args) => {
  const config = await createConfig(...args);
  config.resolve = config.resolve ?? {};
  config.resolve.alias = { ...config.resolve.alias, 'react-dom$': 'react-dom/profiling' };
  process.env.BENCH_REACT_PROFILING_ALIASED = '1';
  console.log('[bench] react-dom aliased to react-dom/profiling');
  return config;
};
