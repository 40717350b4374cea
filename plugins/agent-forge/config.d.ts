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
