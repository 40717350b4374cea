/*
 * The production build of packages/bench-app (`backstage-cli package build
 * --stats`, React's profiling build aliased in by build/reactProfiling.cjs),
 * with the agent's and the app's URLs compiled in, and the plugin's share of
 * it in gzip bytes.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from './servers';

export const BENCH_APP_DIR = path.join(REPO_ROOT, 'packages', 'bench-app');
export const DIST = path.join(BENCH_APP_DIR, 'dist');
const PLUGIN_DIR = path.join(REPO_ROOT, 'plugins', 'agent-forge');

export interface BuildOptions {
  appUrl: string;
  agentUrl: string;
}

/** Runs the build; resolves with its duration in ms. Throws with the output on failure. */
export async function buildBenchApp(options: BuildOptions): Promise<number> {
  const started = Date.now();
  const cli = require.resolve('@backstage/cli/bin/backstage-cli');
  const child = spawn(
    process.execPath,
    ['--require', path.join(__dirname, 'build', 'reactProfiling.cjs'), cli, 'package', 'build', '--stats'],
    {
      cwd: BENCH_APP_DIR,
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
    },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>(resolve => child.once('exit', resolve));
  if (code !== 0) throw new Error(`bench-app build failed (${code}):\n${output.slice(-8000)}`);
  if (!output.includes('[bench] react-dom aliased to react-dom/profiling')) {
    throw new Error('the bench build did not alias react-dom/profiling: <Profiler> would be silent');
  }
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
export function measureBundle(): BundleSize {
  const stats = JSON.parse(readFileSync(path.join(DIST, 'bundle-stats.json'), 'utf8')) as {
    chunks: StatsChunk[];
  };
  const pluginPkg = JSON.parse(readFileSync(path.join(PLUGIN_DIR, 'package.json'), 'utf8'));
  const appPkg = JSON.parse(readFileSync(path.join(BENCH_APP_DIR, 'package.json'), 'utf8'));
  const pluginName: string = pluginPkg.name;
  const appDeps = closure(Object.keys(appPkg.dependencies), new Set([pluginName]));
  const pluginDeps = closure(Object.keys(pluginPkg.dependencies), new Set());
  const pluginOnly = new Set([...pluginDeps].filter(name => !appDeps.has(name)));

  const isPlugin = (name: string) => {
    if (name.includes('plugins/agent-forge/')) return true;
    const pkg = packageOf(name);
    return pkg !== undefined && pluginOnly.has(pkg);
  };

  const gzipOf = (file: string) => gzipSync(readFileSync(path.join(DIST, file)), { level: 9 }).length;
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
export function distFiles(): string[] {
  return existsSync(path.join(DIST, 'static')) ? readdirSync(path.join(DIST, 'static')) : [];
}
