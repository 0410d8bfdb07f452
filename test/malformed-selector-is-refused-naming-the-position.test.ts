import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isFlamewatchError } from '../common/errors.js';
import { parseSelector } from '../store/selector.js';

test('a malformed selector throws FW_SELECTOR_INVALID (400) naming the position and what was expected', () => {
  const cases: [string, RegExp][] = [
    ['service="api"', /position 0: expected \{, found "s"/],
    ['{service="api"', /position 14: expected , or \}, found end of input/],
    ['{service=api}', /position 9: expected a quoted value, found "a"/],
    ['{service=="api"}', /position 9: expected a quoted value, found "="/],
    ['{1x="a"}', /position 1: expected a label name, found "1"/],
    ['{a="b\\q"}', /position 6: expected an escape sequence .*, found "q"/],
    ['{a=~"("}', /position 4: expected a valid regular expression/],
    ['{a="b"} x', /position 8: expected end of input, found "x"/],
    ['{a <> "b"}', /position 3: expected one of =, !=, =~, !~, found "<"/],
  ];
  for (const [selector, message] of cases) {
    assert.throws(() => parseSelector(selector), (err: unknown) => {
      assert.ok(isFlamewatchError(err));
      assert.equal(err.code, 'FW_SELECTOR_INVALID');
      assert.equal(err.statusCode, 400);
      assert.match(err.message, message, selector);
      return true;
    });
  }
});
