// Two ClickHouse servers on loopback joined in one cluster (`remote_servers` written into each
// one's config.d), for the cluster test and the benchmark.
import { createServer } from 'node:net';
import { startClickHouse } from './clickhouse-server.js';
import type { ClickHouseServer } from './clickhouse-server.js';

/** A port nobody listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A running cluster: its name in remote_servers and its servers, one shard each. */
export interface ClickHouseCluster {
  name: string;
  servers: ClickHouseServer[];
  urls: string[];
  stop(): Promise<void>;
}

/** Starts `shards` servers, each knowing all of them as the shards of cluster `name`. */
export async function startClickHouseCluster(shards = 2, name = 'flamewatch_test'): Promise<ClickHouseCluster> {
  const ports: number[] = [];
  for (let i = 0; i < shards; i++) ports.push(await freePort());
  const hosts = ports.map((p) => `127.0.0.1:${p}`);
  const servers = await Promise.all(ports.map((tcpPort) => startClickHouse({ tcpPort, cluster: { name, shards: hosts } })));
  return {
    name, servers, urls: servers.map((s) => s.url),
    stop: async () => { await Promise.all(servers.map((s) => s.stop())); },
  };
}
