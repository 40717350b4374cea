/*
 * CLI entry: `npm run start` in this package (or `npm run agent` at the
 * root). Port from `--port N`, else $PORT, else 8000; host from `--host H`,
 * else $HOST, else 127.0.0.1.
 */
import { startDemoAgent } from './server';

function argValue(name: string): string | undefined {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  if (index >= 0) {
    return args[index + 1];
  }
  const inline = args.find(a => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') {
    return 8000;
  }
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Invalid port: ${raw}`);
  }
  return port;
}

async function main() {
  const port = parsePort(argValue('port') ?? process.env.PORT);
  const host = argValue('host') ?? process.env.HOST ?? '127.0.0.1';
  const agent = await startDemoAgent({ port, host });
  process.stdout.write(
    `Demo Agent listening on ${agent.url} (card: ${agent.url}/.well-known/agent-card.json)\n`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.exit(1); // a second Ctrl-C forces it
    }
    stopping = true;
    process.stdout.write(`Received ${signal}, stopping the demo agent...\n`);
    agent.close().then(
      () => process.exit(0),
      error => {
        process.stderr.write(`Error while stopping: ${error}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch(error => {
  process.stderr.write(
    `Demo Agent failed to start: ${error?.message ?? error}\n`,
  );
  process.exit(1);
});
