import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataFrame } from 'danfojs-node';
import { showTable, tableHtml, tableText } from '../src/table';

const HOSTILE = '<img src=x onerror=alert(1)>';

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>).__tslab__;
});

describe('showTable', () => {
  const rows = [
    { [HOSTILE]: 'a<b', value: 1 / 3, count: 1200 },
    { [HOSTILE]: 'c', value: 123456.789, count: 7, extra: null },
  ];

  it('escapes headers and cells and rounds numbers', () => {
    const html = tableHtml(rows, { title: 'T & <b>' });

    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('<th>&lt;img src=x onerror=alert(1)&gt;</th>'));
    assert.ok(html.includes('<caption>T &amp; &lt;b&gt;</caption>'));
    assert.ok(html.includes('>a&lt;b</td>'));
    assert.ok(html.includes('>0.3333</td>'));
    assert.ok(html.includes('>123457</td>'));
    assert.ok(html.includes('>1200</td>'));
    assert.equal(count(html, '<th>'), 4, 'expected the four columns and no row labels');
  });

  it('keeps the first and last rows of a long table', () => {
    const long = Array.from({ length: 100 }, (_, i) => ({ i }));
    const html = tableHtml(long, { maxRows: 4 });

    assert.equal(count(html, '<tr>'), 1 + 4 + 1, 'header, four rows and the ellipsis');
    assert.ok(html.includes('<th>99</th>'));
    assert.ok(html.includes('100 rows, 96 not shown'));
  });

  it('shows a danfo.js DataFrame with its row labels when they mean something', () => {
    const frame = new DataFrame({ age: [30, 40, 50], [HOSTILE]: [1.5, 2.5, 3.5] });
    const plain = tableHtml(frame);
    const described = tableHtml(frame.describe());

    assert.ok(!plain.includes('<img'));
    assert.equal(count(plain, '<tr>'), 4);
    assert.ok(!plain.includes('<th>0</th>'), 'default labels 0, 1, 2 shown');
    assert.ok(described.includes('<th>mean</th>'));
    assert.ok(described.includes('>2.5</td>'));
  });

  it('prints aligned text outside a kernel', (t) => {
    const log = t.mock.method(console, 'log', () => {});
    showTable([
      { name: 'a', loss: 0.5 },
      { name: 'bbbb', loss: 12.25 },
    ]);

    assert.equal(log.mock.callCount(), 1);
    assert.equal(
      log.mock.calls[0].arguments[0],
      ['name   loss', '----  -----', 'a       0.5', 'bbbb  12.25'].join('\n'),
    );
    assert.equal(tableText([], { title: 'none' }), 'none\n(empty table)');
  });

  it('shortens long text cells in plain text only', () => {
    const long = 'x'.repeat(50);
    const text = tableText([{ note: long }]);

    assert.equal(text.split('\n')[2], `${'x'.repeat(39)}…`);
    assert.ok(tableHtml([{ note: long }]).includes(`>${long}</td>`));
  });

  it('sends the HTML table to the kernel when there is one', (t) => {
    const log = t.mock.method(console, 'log', () => {});
    const outputs: string[] = [];
    const tslab = { display: { html: (html: string) => outputs.push(html) } };
    (globalThis as Record<string, unknown>).__tslab__ = { require: () => tslab };

    showTable([{ a: 1 }], { title: 'T' });
    assert.deepEqual(outputs, [tableHtml([{ a: 1 }], { title: 'T' })]);
    assert.equal(log.mock.callCount(), 0);
  });

  it('rejects what is neither rows nor a DataFrame', () => {
    assert.throws(
      () => tableHtml({} as never),
      /expected an array of rows or a danfo\.js DataFrame/,
    );
    assert.throws(() => tableHtml(rows, { digits: 0 }), /options\.digits is 0/);
  });
});
