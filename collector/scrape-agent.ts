import { Agent } from 'undici';

/** Options of {@link createScrapeAgent}. */
export interface ScrapeAgentOptions {
  /** Connect timeout in ms; default 5 s. */
  connectTimeoutMs?: number;
  /** Connections per target; a CPU profile holds one for its whole window. Default 4. */
  connectionsPerOrigin?: number;
}

/** The one keep-alive pool all scrapes share: connections are reused across ticks. */
export function createScrapeAgent(options: ScrapeAgentOptions = {}): Agent {
  return new Agent({
    connections: options.connectionsPerOrigin ?? 4,
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 120_000,
    connect: { timeout: options.connectTimeoutMs ?? 5_000 },
  });
}
