import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileSelector, parseSelector } from '../store/selector.js';

test('selectors match with =, !=, =~, !~, anchored regexes and escaped quotes', () => {
  const labels = { service: 'api', version: 'v2.3', env: 'prod', note: 'say "hi"' };
  const yes = (s: string) => assert.equal(compileSelector(s)(labels), true, s);
  const no = (s: string) => assert.equal(compileSelector(s)(labels), false, s);
  yes('');
  yes('{}');
  yes('  { }  ');
  yes('{service="api",version=~"v2.*",env!="dev"}');
  yes('{ service = "api" , }');
  yes("{service='api'}");
  yes('{note="say \\"hi\\""}');
  yes('{missing=""}');
  yes('{version!~"v1.*"}');
  no('{version=~"2"}');
  no('{version=~"v2"}');
  no('{service!="api"}');
  no('{missing!=""}');
  no('{env=~"pro"}');
  assert.deepEqual(parseSelector('{a="1",b!~"x|y"}').map((m) => [m.name, m.op, m.value]), [['a', '=', '1'], ['b', '!~', 'x|y']]);
});
