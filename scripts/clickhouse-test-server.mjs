#!/usr/bin/env node
// A throwaway ClickHouse server for tests and benchmarks: its own folder under the OS temp dir,
// a minimal config (no file under /etc is read or written), loopback only, free ports. Prints
// one JSON line — {"url", "httpPort", "tcpPort", "dir", "pid"} — once `/ping` answers, and
// stops the server (and removes its folder) when its stdin closes or on SIGTERM/SIGINT.
//
//   node scripts/clickhouse-test-server.mjs [--tcp-port N] [--cluster NAME=host:port,host:port]
//   node scripts/clickhouse-test-server.mjs --shell   # prints `export FLAMEWATCH_TEST_CLICKHOUSE_URL=…` lines instead
//
// --cluster writes `remote_servers` into config.d: a cluster of one shard per listed server.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};

/** A port nobody listens on now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const xmlText = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function clusterXml(spec) {
  const eq = spec.indexOf('=');
  const name = spec.slice(0, eq);
  const shards = spec.slice(eq + 1).split(',').map((hostPort) => {
    const [host, port] = hostPort.split(':');
    return `<shard><replica><host>${xmlText(host)}</host><port>${Number(port)}</port></replica></shard>`;
  });
  return `<?xml version="1.0"?>\n<yandex><remote_servers><${name}>${shards.join('')}</${name}></remote_servers></yandex>\n`;
}

async function main() {
  const which = spawnSync('sh', ['-c', 'command -v clickhouse-server'], { encoding: 'utf8' });
  if (which.status !== 0) {
    process.stderr.write('clickhouse-server is not installed (apt-get install clickhouse-server)\n');
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'flamewatch-clickhouse-'));
  const httpPort = Number(flag('--http-port') ?? await freePort());
  const tcpPort = Number(flag('--tcp-port') ?? await freePort());
  const interserverPort = await freePort();
  for (const sub of ['data', 'tmp', 'user_files', 'format_schemas', 'config.d']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'config.xml'), `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/server.err.log</errorlog><size>10M</size><count>1</count></logger>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <interserver_http_port>${interserverPort}</interserver_http_port>
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
`);
  writeFileSync(join(dir, 'users.xml'), `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`);
  const cluster = flag('--cluster');
  if (cluster !== undefined) writeFileSync(join(dir, 'config.d', 'remote-servers.xml'), clusterXml(cluster));

  const server = spawn('clickhouse-server', [`--config-file=${join(dir, 'config.xml')}`], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  let stopped = false;
  const stop = (code) => {
    if (stopped) return;
    stopped = true;
    const done = () => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(code);
    };
    if (server.exitCode !== null) return done();
    server.once('exit', done);
    server.kill('SIGTERM');
    setTimeout(() => server.kill('SIGKILL'), 5000).unref();
  };
  server.once('exit', (code) => {
    if (!stopped) {
      process.stderr.write(`clickhouse-server exited with ${code}: ${stderr}\n`);
      stopped = true;
      rmSync(dir, { recursive: true, force: true });
      process.exit(1);
    }
  });
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));

  const url = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/ping`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      process.stderr.write(`clickhouse-server did not answer /ping within 60 s: ${stderr}\n`);
      stop(1);
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (args.includes('--shell')) {
    process.stdout.write(`export FLAMEWATCH_TEST_CLICKHOUSE_URL=${url}\nexport FLAMEWATCH_TEST_CLICKHOUSE_PID=${process.pid}\n`);
  } else {
    process.stdout.write(`${JSON.stringify({ url, httpPort, tcpPort, dir, pid: server.pid })}\n`);
  }
  if (args.includes('--shell')) {
    // Runs on in the background until killed (SIGTERM) by whoever started it.
    process.stdout.end();
    return;
  }
  process.stdin.resume();
  process.stdin.on('end', () => stop(0));
  process.stdin.on('error', () => stop(0));
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
