#!/usr/bin/env node
// Throwaway ClickHouse servers for tests and benchmarks: each in its own folder under the OS temp
// dir, with a minimal config (no file under /etc is read or written), on loopback and free ports.
// Prints one JSON line once every server's `/ping` answers, and stops the servers (and removes
// their folders) when its stdin closes or on SIGTERM/SIGINT.
//
//   node scripts/clickhouse-test-server.mjs                      # {"url","httpPort","tcpPort","dir","pid"}
//   node scripts/clickhouse-test-server.mjs --cluster NAME --shards N
//                                                                # {"cluster", "servers": [{"url",…}, …]}
//   node scripts/clickhouse-test-server.mjs --shell              # `export FLAMEWATCH_TEST_CLICKHOUSE_URL=…` lines
//
// A cluster is N servers, each with `remote_servers` in its config.d naming all N as the shards
// of cluster NAME. Ports are chosen below the kernel's ephemeral range, where the outgoing
// connections and port-0 listeners of other tests never land; a start whose port was taken
// anyway (the server exits before it answers) is tried again on other ports.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const ATTEMPTS = 5;
const PING_WITHIN_MS = 60_000;
/** Servers started and not yet stopped. */
const live = [];

/** The first port the kernel hands out for port 0 and outgoing connections. */
function ephemeralLow() {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low > 12_000) return low;
  } catch {
    // not Linux: the IANA dynamic range starts at 49152
  }
  return 49_152;
}

/** Ports are picked from [PORTS_FROM, PORTS_TO): below the ephemeral range. */
const PORTS_FROM = 10_000;
const PORTS_TO = ephemeralLow();
/** Ports this process picked already. */
const taken = new Set();

/** True when nothing listens on the loopback port now. */
function canBind(port) {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A random loopback port below the ephemeral range that nothing listens on now. */
async function freePort() {
  for (;;) {
    const port = PORTS_FROM + Math.floor(Math.random() * (PORTS_TO - PORTS_FROM));
    if (taken.has(port)) continue;
    if (await canBind(port)) {
      taken.add(port);
      return port;
    }
  }
}

/** `name`: checked in main to be an XML name (letters, digits, _). */
function clusterXml(name, tcpPorts) {
  const shards = tcpPorts.map((port) => `<shard><replica><host>127.0.0.1</host><port>${port}</port></replica></shard>`);
  return `<?xml version="1.0"?>\n<yandex><remote_servers><${name}>${shards.join('')}</${name}></remote_servers></yandex>\n`;
}

function configXml(dir, ports) {
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/server.err.log</errorlog><size>10M</size><count>1</count></logger>
  <http_port>${ports.http}</http_port>
  <tcp_port>${ports.tcp}</tcp_port>
  <interserver_http_port>${ports.interserver}</interserver_http_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>200</max_concurrent_queries>
</yandex>
`;
}

const USERS_XML = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;

/** The last lines of a file, or '' when there is none. */
function tail(file, lines = 15) {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Spawns one server in a fresh folder; `cluster` names every shard's TCP port. */
function spawnServer(ports, cluster) {
  const dir = mkdtempSync(join(tmpdir(), 'flamewatch-clickhouse-'));
  for (const sub of ['data', 'tmp', 'user_files', 'format_schemas', 'config.d']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'config.xml'), configXml(dir, ports));
  writeFileSync(join(dir, 'users.xml'), USERS_XML);
  if (cluster !== undefined) writeFileSync(join(dir, 'config.d', 'remote-servers.xml'), clusterXml(cluster.name, cluster.tcpPorts));
  const child = spawn('clickhouse-server', [`--config-file=${join(dir, 'config.xml')}`], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const server = { child, dir, ports, url: `http://127.0.0.1:${ports.http}`, stderr: '', exited: undefined };
  child.stderr.on('data', (d) => { server.stderr = (server.stderr + d).slice(-4000); });
  server.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  return server;
}

/** True once the server's process has ended. */
const hasExited = (server) => server.child.exitCode !== null || server.child.signalCode !== null;

/** `headline`, then what the server said: its stderr and the end of its error log. */
function report(server, headline) {
  const log = tail(join(server.dir, 'server.err.log'));
  return `${headline}: ${server.stderr.trim()}${log === '' ? '' : `\n${log}`}`;
}

const exitedWith = (server) => `clickhouse-server exited with ${server.child.exitCode ?? server.child.signalCode}`;

/** Stops servers and removes their folders. */
async function stopAll(servers) {
  await Promise.all(servers.map(async (server) => {
    if (!hasExited(server)) {
      server.child.kill('SIGTERM');
      const kill = setTimeout(() => server.child.kill('SIGKILL'), 5000);
      await server.exited;
      clearTimeout(kill);
    }
    rmSync(server.dir, { recursive: true, force: true });
  }));
}

/** Resolves when the server answers /ping; rejects with its log when it exits first or never answers. */
async function answering(server) {
  const deadline = Date.now() + PING_WITHIN_MS;
  for (;;) {
    if (hasExited(server)) throw new Error(report(server, exitedWith(server)));
    try {
      // Whatever else may hold the port gets a second to answer.
      const res = await fetch(`${server.url}/ping`, { signal: AbortSignal.timeout(1000) });
      if (res.ok && (await res.text()).trim() === 'Ok.') return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      throw new Error(report(server, `clickhouse-server did not answer /ping within ${PING_WITHIN_MS / 1000} s`));
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts `count` servers (a cluster when `clusterName` is set), all answering, or throws after ATTEMPTS tries. */
async function startServers(count, clusterName) {
  let last;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const ports = [];
    for (let i = 0; i < count; i++) ports.push({ http: await freePort(), tcp: await freePort(), interserver: await freePort() });
    const cluster = clusterName === undefined ? undefined : { name: clusterName, tcpPorts: ports.map((p) => p.tcp) };
    const servers = ports.map((p) => spawnServer(p, cluster));
    live.push(...servers);
    try {
      await Promise.all(servers.map(answering));
      return servers;
    } catch (err) {
      last = err;
      await stopAll(servers);
      for (const s of servers) live.splice(live.indexOf(s), 1);
    }
  }
  throw last;
}

let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  await stopAll(live);
  process.exit(code);
};

async function main() {
  const which = spawnSync('sh', ['-c', 'command -v clickhouse-server'], { encoding: 'utf8' });
  if (which.status !== 0) {
    process.stderr.write('clickhouse-server is not installed (apt-get install clickhouse-server)\n');
    process.exit(2);
  }
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  const clusterName = flag('--cluster');
  const count = clusterName === undefined ? 1 : Number(flag('--shards') ?? 2);
  if (clusterName !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(clusterName)) throw new Error(`--cluster ${clusterName}: a cluster name is letters, digits and _`);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--shards ${flag('--shards')}: a whole number of servers, at least 1`);

  const servers = await startServers(count, clusterName);
  // A server that dies later is reported, and everything stops.
  for (const server of servers) {
    server.exited.then(() => {
      if (stopping) return;
      process.stderr.write(`${report(server, exitedWith(server))}\n`);
      void stop(1);
    });
  }
  const info = (s) => ({ url: s.url, httpPort: s.ports.http, tcpPort: s.ports.tcp, dir: s.dir, pid: s.child.pid });
  if (args.includes('--shell')) {
    process.stdout.write(`export FLAMEWATCH_TEST_CLICKHOUSE_URL=${servers[0].url}\nexport FLAMEWATCH_TEST_CLICKHOUSE_PID=${process.pid}\n`);
    // Runs on in the background until killed (SIGTERM) by whoever started it.
    process.stdout.end();
    return;
  }
  process.stdout.write(`${JSON.stringify(clusterName === undefined ? info(servers[0]) : { cluster: clusterName, servers: servers.map(info) })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void stop(0));
  process.stdin.on('error', () => void stop(0));
}

main().catch(async (err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  await stop(1);
});
