/*
 * `npm run bench`: builds the bench app for production, starts the demo
 * agent and a static server, drives Debian's Chromium through the five
 * scenarios, and prints the figures against their targets (a table, then one
 * JSON line). Results go to bench/results/latest.json; the previous run's
 * file becomes previous.json. See bench/README.md.
 *
 * BENCH_SKIP_BUILD=1 reuses packages/bench-app/dist (when iterating on the
 * bench itself; the build has the ports compiled in).
 */
import os from 'node:os';
import { launchBrowser } from '../e2e/support/browser';
import { APP_DIR, BENCH_APP_DIR, DIST, PRODUCTION_DIST, buildBenchApp, buildProductionApp, distFiles, measureBundle } from './build';
import { figures } from './figures';
import { describeMachine } from './machine';
import { jsonLine, passes, renderTable, saveResults, type Results } from './report';
import { runBigHistory } from './scenarios/bigHistory';
import { runHostile } from './scenarios/hostile';
import { runLongReply } from './scenarios/longReply';
import { runRedos } from './scenarios/redos';
import { runTenAtOnce } from './scenarios/tenAtOnce';
import { assertPortFree, startAgent, startStaticServer, type Running } from './servers';

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed<T>(what: string, fn: () => Promise<T>, timings: Record<string, number>): Promise<T> {
  const started = Date.now();
  log(`${what}...`);
  const result = await fn();
  timings[what] = Date.now() - started;
  log(`${what}: ${seconds(timings[what])}`);
  return result;
}

async function main(): Promise<number> {
  const started = Date.now();
  const timings: Record<string, number> = {};
  const agentPort = Number(process.env.BENCH_AGENT_PORT ?? 18765);
  const appPort = Number(process.env.BENCH_APP_PORT ?? 18766);
  const appUrl = `http://127.0.0.1:${appPort}`;
  // packages/app's own build ("big history" times the app users run).
  const productionPort = appPort + 1;
  const productionUrl = `http://127.0.0.1:${productionPort}`;
  const agentUrl = `https://127.0.0.1:${agentPort}`;
  await assertPortFree(agentPort, 'agent');
  await assertPortFree(appPort, 'app');
  await assertPortFree(productionPort, 'production app');
  const loadAtStart = os.loadavg()[0];
  if (loadAtStart > os.cpus().length * 0.5) {
    log(`the machine is busy (load average ${loadAtStart.toFixed(1)} on ${os.cpus().length} cores): the figures will be skewed`);
  }

  if (process.env.BENCH_SKIP_BUILD === '1' && distFiles().length > 0 && distFiles(PRODUCTION_DIST).length > 0) {
    log(`BENCH_SKIP_BUILD=1: reusing ${BENCH_APP_DIR}/dist and ${PRODUCTION_DIST}`);
  } else {
    await timed('build (backstage-cli package build, bench-app)', () => buildBenchApp({ appUrl, agentUrl }), timings);
    await timed('build (backstage-cli package build, app)', () => buildProductionApp({ appUrl: productionUrl, agentUrl }), timings);
  }
  const bundle = measureBundle();
  const productionPageChunks = measureBundle(PRODUCTION_DIST, APP_DIR).pageChunkFiles;

  const servers: Running[] = [];
  const stopAll = () => Promise.allSettled(servers.map(s => s.stop()));
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  servers.push(await startAgent(agentPort));
  servers.push(await startStaticServer(DIST, appPort));
  servers.push(await startStaticServer(PRODUCTION_DIST, productionPort));
  log(`agent ${agentUrl}, bench app ${appUrl}/agent-forge, app ${productionUrl}/agent-forge`);

  const browser = await launchBrowser();
  let results: Results;
  try {
    const machine = describeMachine(browser.version(), loadAtStart);
    log(`${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB, Node ${machine.node}, Chromium ${machine.chromium}`);
    // Load timing first, before the streaming scenarios load the machine.
    const big = await timed('scenario 3: big history', () => runBigHistory(browser, productionUrl, productionPageChunks), timings);
    const redos = await timed('scenario 4: ReDoS guard', () => runRedos(browser, productionUrl), timings);
    const long = await timed('scenario 1: one long reply', () => runLongReply(browser, appUrl), timings);
    const ten = await timed('scenario 2: ten at once', () => runTenAtOnce(browser, appUrl), timings);
    const hostile = await timed('scenario 5: hostile replies', () => runHostile(browser, appUrl), timings);
    timings.total = Date.now() - started;
    results = {
      date: new Date().toISOString(),
      machine,
      timingsMs: timings,
      figures: figures(long, ten, big, bundle, redos, hostile),
      storageNamespace: long.namespace[0],
      scenarios: { longReply: long, tenAtOnce: ten, bigHistory: big, redos, hostile },
      bundle,
    };
  } finally {
    await browser.close().catch(() => undefined);
    await stopAll();
  }

  const previous = saveResults(results);
  const { machine } = results as Results & { machine: ReturnType<typeof describeMachine> };
  const loadAtEnd = os.loadavg()[0];
  process.stdout.write(
    `\nAgent Forge bench, ${results.date}\n${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM, ${machine.os}, Node ${machine.node}, Chromium ${machine.chromium}, commit ${machine.commit}\nload average ${machine.loadAverage} at the start, ${loadAtEnd.toFixed(2)} at the end (the bench's own)${machine.loadAverage > machine.cores * 0.5 ? ' — the machine was busy before the bench started: the figures are skewed' : ''}\n\n`,
  );
  process.stdout.write(`${renderTable(results, previous)}\n\n`);
  const errors = Object.values(results.scenarios as Record<string, { pageErrors: string[] }>).flatMap(s => s.pageErrors);
  if (errors.length > 0) process.stdout.write(`page errors:\n${errors.map(e => `  ${e}`).join('\n')}\n\n`);
  const misses = results.figures.filter(f => passes(f) === false).map(f => f.key);
  process.stdout.write(`targets missed: ${misses.length ? misses.join(', ') : 'none'}; bench took ${seconds(timings.total)}; results in bench/results/latest.json\n`);
  process.stdout.write(`${jsonLine(results)}\n`);
  return 0;
}

main().then(
  code => process.exit(code),
  error => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    process.exit(1);
  },
);
