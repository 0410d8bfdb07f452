import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { Agent } from 'undici';
import { MEMSTATS_TRAILER } from '../collector/memstats.js';
import { fetchBody } from '../collector/scrape-http.js';

// A heap?debug=1 text in small: records whose lines start with '#', a near miss, then the trailer.
const TEXT = '1: 2 [3: 4] @ 0x1\n#\t0x45a1b2\tmain.alloc+0x12\t/src/main.go:10\n'.repeat(20) +
  '# runtime.MemStat\n' + `${MEMSTATS_TRAILER}\n# Alloc = 1024\n# TotalAlloc = 2048\n`;
const AT = TEXT.indexOf(MEMSTATS_TRAILER);

let server: Server;
let base = '';
const agent = new Agent({ pipelining: 0 });

before(async () => {
  // GET /?cuts=a,b,… sends TEXT in pieces cut at those offsets, a pause between them, so each arrives as a chunk of its own.
  server = createServer(async (req, res) => {
    const cuts = new URL(req.url!, 'http://x').searchParams.get('cuts')!.split(',').filter(Boolean).map(Number);
    res.writeHead(200);
    let from = 0;
    for (const cut of [...cuts, TEXT.length]) {
      res.write(TEXT.slice(from, cut));
      from = cut;
      await sleep(15);
    }
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

after(async () => {
  await agent.close();
  server.close();
});

const tail = async (cuts: number[], marker = MEMSTATS_TRAILER): Promise<string> =>
  Buffer.from((await fetchBody(agent, `${base}/?cuts=${cuts.join(',')}`, { timeoutMs: 5000, maxBytes: 1 << 20, keepFrom: marker })).bytes).toString();

test('the body is kept from the marker on wherever the chunks cut it', async () => {
  const expected = TEXT.slice(AT);
  assert.equal(await tail([]), expected, 'one chunk');
  for (let k = 0; k <= MEMSTATS_TRAILER.length; k++) assert.equal(await tail([AT + k]), expected, `cut ${k} bytes into the marker`);
  assert.equal(await tail([AT + 2, AT + 5, AT + 9]), expected, 'the marker over four chunks, two of them shorter than it');
  assert.equal(await tail([AT - 30, AT - 1, AT + 1]), expected, 'a one-byte chunk just before it');
  assert.equal(await tail([TEXT.indexOf('# runtime.MemStat\n') + 10, AT + 3]), expected, 'after a near miss cut in two');
});

test('a body without the marker keeps nothing', async () => {
  assert.equal(await tail([50, 400], '# not.There'), '');
  assert.equal(await tail([AT + 4], MEMSTATS_TRAILER + ' but longer'), '');
});
