/*
 * The two production builds the bench serves, with the agent's and the app's
 * URLs compiled in: packages/bench-app (React's profiling build aliased in by
 * build/reactProfiling.cjs, the instrumentation provider installed) for the
 * counters, and packages/app itself — what users run — for the load time of
 * "big history". And the plugin's share of the build in gzip bytes.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from './servers';

export const BENCH_APP_DIR = path.join(REPO_ROOT, 'packages', 'bench-app');
export const DIST = path.join(BENCH_APP_DIR, 'dist');
export const APP_DIR = path.join(REPO_ROOT, 'packages', 'app');
/** packages/app's build moves here, so that its own dist/ is left alone. */
export const PRODUCTION_DIST = path.join(REPO_ROOT, 'bench', 'build', 'production-app');
const PLUGIN_DIR = path.join(REPO_ROOT, 'plugins', 'agent-forge');

export interface BuildOptions {
  appUrl: string;
  agentUrl: string;
}

async function runBuild(appDir: string, options: BuildOptions & { profiling: boolean }): Promise<void> {
  const cli = require.resolve('@backstage/cli/bin/backstage-cli');
  const preload = options.profiling ? ['--require', path.join(__dirname, 'build', 'reactProfiling.cjs')] : [];
  const child = spawn(process.execPath, [...preload, cli, 'package', 'build', '--stats'], {
    cwd: appDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      CI: 'true',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
      APP_CONFIG_app_baseUrl: options.appUrl,
      APP_CONFIG_agentForge_baseUrl: options.agentUrl,
      // "big history" keeps 200 sessions: the default retention (100) would prune half.
      APP_CONFIG_agentForge_retention_maxSessions: '1000',
      APP_CONFIG_agentForge_retention_maxAgeDays: '3650',
    },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>(resolve => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${path.basename(appDir)} build failed (${code}):\n${output.slice(-8000)}`);
  if (options.profiling && !output.includes('[bench] react-dom aliased to react-dom/profiling')) {
    throw new Error('the bench build did not alias react-dom/profiling: <Profiler> would be silent');
  }
}

/** Builds packages/bench-app; resolves with its duration in ms. Throws with the output on failure. */
export async function buildBenchApp(options: BuildOptions): Promise<number> {
  const started = Date.now();
  await runBuild(BENCH_APP_DIR, { ...options, profiling: true });
  return Date.now() - started;
}

/** Builds packages/app (React's production build, no instrumentation) into PRODUCTION_DIST. */
export async function buildProductionApp(options: BuildOptions): Promise<number> {
  const started = Date.now();
  await runBuild(APP_DIR, { ...options, profiling: false });
  rmSync(PRODUCTION_DIST, { recursive: true, force: true });
  renameSync(path.join(APP_DIR, 'dist'), PRODUCTION_DIST);
  return Date.now() - started;
}

interface StatsModule {
  name: string;
  size: number;
  modules?: StatsModule[];
}
interface StatsChunk {
  id: string | number;
  initial: boolean;
  files: string[];
  modules?: StatsModule[];
}

/** Names of the packages in `names`' dependency closure (installed package.json files). */
function closure(names: Iterable<string>, skip: Set<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name) || skip.has(name)) continue;
    seen.add(name);
    for (const dir of [path.join(REPO_ROOT, 'node_modules', name), path.join(PLUGIN_DIR, 'node_modules', name)]) {
      const file = path.join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      queue.push(...Object.keys(pkg.dependencies ?? {}));
      break;
    }
  }
  return seen;
}

function packageOf(moduleName: string): string | undefined {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(moduleName)?.[1];
}

export interface BundleSize {
  /** gzip -9 bytes attributed to the plugin (exact for chunks it owns, proportional in shared ones). */
  pluginGzip: number;
  /** The part of pluginGzip in chunks made only of plugin code and plugin-only packages. */
  ownedChunksGzip: number;
  /** gzip of the async chunks the page's lazy import loads (the page chunk and what it pulls in). */
  pageLoadGzip: number;
  /** Their files (static/…): the first request of one is when the app starts the page. */
  pageChunkFiles: string[];
  /** gzip of the whole build's JavaScript, for scale. */
  totalGzip: number;
  /** Packages counted as the plugin's (used by the plugin and by nothing else in the app). */
  pluginOnlyPackages: string[];
  chunks: Array<{ file: string; initial: boolean; gzip: number; pluginShare: number }>;
}

/**
 * What the plugin adds to the production build. A module counts as the
 * plugin's when it is plugin source (plugins/agent-forge/) or belongs to a
 * package that only the plugin brings in (the plugin's dependency closure
 * minus the app's without the plugin, e.g. @a2a-js/sdk). Each chunk's gzip
 * size is shared out by raw module bytes.
 */
export function measureBundle(dist = DIST, appDir = BENCH_APP_DIR): BundleSize {
  const stats = JSON.parse(readFileSync(path.join(dist, 'bundle-stats.json'), 'utf8')) as {
    chunks: StatsChunk[];
  };
  const pluginPkg = JSON.parse(readFileSync(path.join(PLUGIN_DIR, 'package.json'), 'utf8'));
  const appPkg = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8'));
  const pluginName: string = pluginPkg.name;
  const appDeps = closure(Object.keys(appPkg.dependencies), new Set([pluginName]));
  const pluginDeps = closure(Object.keys(pluginPkg.dependencies), new Set());
  const pluginOnly = new Set([...pluginDeps].filter(name => !appDeps.has(name)));

  const isPlugin = (name: string) => {
    if (name.includes('plugins/agent-forge/')) return true;
    const pkg = packageOf(name);
    return pkg !== undefined && pluginOnly.has(pkg);
  };

  const gzipOf = (file: string) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
  const chunks: BundleSize['chunks'] = [];
  let pluginGzip = 0;
  let ownedChunksGzip = 0;
  let totalGzip = 0;
  const pageChunkIds = new Set<string>();
  for (const chunk of stats.chunks) {
    const file = chunk.files.find(f => f.endsWith('.js'));
    if (!file) continue;
    const flat = (chunk.modules ?? []).flatMap(m => m.modules ?? [m]);
    const total = flat.reduce((sum, m) => sum + m.size, 0);
    const own = flat.filter(m => isPlugin(m.name)).reduce((sum, m) => sum + m.size, 0);
    const gzip = gzipOf(file);
    totalGzip += gzip;
    const share = total > 0 ? own / total : 0;
    if (share > 0) {
      chunks.push({ file, initial: chunk.initial, gzip, pluginShare: Number(share.toFixed(3)) });
      pluginGzip += gzip * share;
      if (share === 1) ownedChunksGzip += gzip;
      if (!chunk.initial && flat.some(m => m.name.includes('plugins/agent-forge/src/components/'))) {
        pageChunkIds.add(String(chunk.id));
      }
    }
  }
  // The page's lazy import loads its chunk and the chunk's siblings (one chunk group).
  let pageLoadGzip = 0;
  const pageChunkFiles: string[] = [];
  const siblings = new Set(pageChunkIds);
  for (const chunk of stats.chunks as Array<StatsChunk & { siblings?: Array<string | number> }>) {
    if (pageChunkIds.has(String(chunk.id))) for (const s of chunk.siblings ?? []) siblings.add(String(s));
  }
  for (const chunk of stats.chunks) {
    const file = chunk.files.find(f => f.endsWith('.js'));
    if (file && !chunk.initial && siblings.has(String(chunk.id))) {
      pageLoadGzip += gzipOf(file);
      pageChunkFiles.push(file);
    }
  }
  return {
    pluginGzip: Math.round(pluginGzip),
    ownedChunksGzip,
    pageLoadGzip,
    pageChunkFiles,
    totalGzip,
    pluginOnlyPackages: [...pluginOnly].sort(),
    chunks: chunks.sort((a, b) => b.gzip * b.pluginShare - a.gzip * a.pluginShare),
  };
}

/** The JS files of the build (to check that it exists). */
export function distFiles(dist = DIST): string[] {
  return existsSync(path.join(dist, 'static')) ? readdirSync(path.join(dist, 'static')) : [];
}
