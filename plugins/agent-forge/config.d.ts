export interface Config {
  /** Configuration for the Agent Forge chat plugin. */
  agentForge?: {
    /**
     * Base URL of the A2A agent. Its card is read from
     * `<baseUrl>/.well-known/agent-card.json` (v1.0) and the protocol version
     * (v1.0 or v0.3) is chosen from the card. Used when `proxyPath` is not set.
     * @visibility frontend
     */
    baseUrl?: string;
    /**
     * Path of a Backstage proxy endpoint that forwards to the agent, e.g.
     * `/agent-forge/agent` for a `proxy.endpoints['/agent-forge/agent']` entry.
     * Recommended in production: no CORS, and credentials stay server-side.
     * Takes precedence over `baseUrl`.
     * @visibility frontend
     */
    proxyPath?: string;
    /**
     * Protocol version to speak. `auto` (default) reads it from the agent card.
     * @visibility frontend
     */
    protocol?: 'auto' | '1.0' | '0.3';
    /**
     * Display name for the agent; defaults to the name in the agent card.
     * @visibility frontend
     */
    botName?: string;
    /**
     * Prompts offered as suggestion chips in an empty chat, in addition to
     * the agent card's skill examples.
     * @visibility frontend
     */
    suggestions?: string[];
    /**
     * Milliseconds to wait for the first event of a reply before the request
     * is reported as timed out. Defaults to 60000.
     * @visibility frontend
     */
    requestTimeoutMs?: number;
    /**
     * Milliseconds a reply may stay silent after an event before it is
     * interrupted (the task may still run on the agent: Resume fetches the
     * rest). 0 disables. Defaults to 300000 (5 minutes).
     * @visibility frontend
     */
    streamIdleTimeoutMs?: number;
    /**
     * How many replies may stream at once to one origin (host and port);
     * further ones wait, shown as queued. Over HTTP/1.1 a browser opens at
     * most 6 connections per host, so the default, 4, keeps two free for
     * Stop (tasks/cancel) and, behind the Backstage proxy, for the rest of
     * Backstage. Lifted for an origin seen speaking HTTP/2 or HTTP/3.
     * @visibility frontend
     */
    maxStreamsPerOrigin?: number;
    /**
     * Direct mode (`baseUrl`) only: origins other than the agent's own that
     * the agent card's interface URLs may point at, e.g.
     * `https://agent-rpc.example.com`. Any other origin in the card is
     * refused, and so is the Backstage backend outside `baseUrl`'s path.
     * Defaults to none.
     * @visibility frontend
     */
    allowedInterfaceOrigins?: string[];
    /** Markdown image loading. */
    images?: {
      /**
       * Hosts whose images agent replies may load, e.g. `docs.example.com`.
       * Any other image is shown as a link. Defaults to none.
       * @visibility frontend
       */
      allowedHosts?: string[];
    };
    /** Limits that keep local chat history bounded. */
    retention?: {
      /**
       * Maximum number of stored sessions; the oldest idle ones are pruned.
       * Defaults to 100.
       * @visibility frontend
       */
      maxSessions?: number;
      /**
       * Sessions idle for longer than this many days are pruned. Defaults to 30.
       * @visibility frontend
       */
      maxAgeDays?: number;
    };
  };
}
