import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HOSTILE } from './support/hostile';
import { DataFrame, Series } from 'danfojs-node';
import { showTable, tableHtml, tableText } from '../src/table';

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

  it('rejects what is neither rows nor a DataFrame, naming the function and the value', () => {
    const expected =
      'expected an array of rows (objects, column name to value) or a danfo.js DataFrame ' +
      '(with columns and values)';

    assert.throws(() => tableHtml({} as never), { message: `tableHtml: table is {}, ${expected}` });
    assert.throws(() => tableHtml(null as never), {
      message: `tableHtml: table is null, ${expected}`,
    });
    assert.throws(() => tableText(undefined as never), {
      message: `tableText: table is undefined, ${expected}`,
    });
    assert.throws(() => tableHtml([1, 2, 3] as never), {
      message: `tableHtml: table[0] is 1, ${expected}`,
    });
    const nested = [{ a: 1 }, [2]] as never;
    assert.throws(() => tableText(nested), {
      message: `tableText: table[1] is an array of 1 item ([2]), ${expected}`,
    });
    assert.throws(() => showTable('a,b' as never), {
      message: `showTable: table is "a,b", ${expected}`,
    });
  });

  it('rejects options of the wrong kind, naming the option', () => {
    assert.throws(() => tableHtml(rows, { digits: 0 }), /options\.digits is 0/);
    assert.throws(() => tableHtml(rows, { digits: '3' as never }), /options\.digits is "3"/);
    assert.throws(() => tableText(rows, null as never), /tableText: options is null, expected an/);
    assert.throws(() => tableHtml(rows, { title: 5 as never }), /options\.title is 5, expected a/);
    assert.throws(() => tableHtml(rows, { index: 'yes' as never }), /options\.index is "yes"/);
    assert.throws(() => tableHtml(rows, { maxRows: 0.5 }), /options\.maxRows is 0\.5/);
  });
});

describe('showTable with awkward tables', () => {
  it('rejects a DataFrame whose rows or labels do not match its columns', () => {
    const ragged = { columns: ['a', 'b'], values: [[1, 2], [3], [4, 5, 6]] };

    assert.throws(() => tableText(ragged), {
      message: 'tableText: table.values[1] has 1 value, expected 2, one per name in table.columns',
    });
    assert.throws(() => tableHtml(ragged), /table\.values\[1\] has 1 value/);
    assert.throws(
      () => tableHtml({ columns: ['a', null], values: [] } as never),
      /table\.columns\[1\] is null, expected a string or a number/,
    );
    assert.throws(
      () => tableHtml({ columns: ['a'], values: [[1], [2]], index: ['x'] }),
      /table\.index is an array of 1 item \(\["x"\]\), expected one label per row of table\.values \(2\)/,
    );
  });

  it('shows the holes of a sparse row as empty cells', () => {
    const html = tableHtml({ columns: ['a', 'b', 'c'], values: [[1, , 3]] });

    assert.equal(count(html, '<td'), 3);
    assert.ok(html.includes('<td style="text-align: left;"></td>'));
  });

  it('shows a danfo.js Series as one column', () => {
    assert.equal(tableText(new Series([1, 2])), ['0', '-', '1', '2'].join('\n'));
  });

  it('writes a BigInt as its digits and an object JSON cannot write as [object]', () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const row = { id: 12345678901234567890n, value: circular, nested: { count: 2n } };
    const text = tableText([{ ...row, when: new Date(Number.NaN) }]);

    assert.deepEqual(text.split('\n')[2].split(/\s{2,}/), [
      '12345678901234567890',
      '[object]',
      '{"count":"2"}',
      'Invalid Date',
    ]);
    const cell = tableHtml([{ id: 7n }])
      .split('\n')
      .find((line) => line.includes('<td'));
    assert.match(cell ?? '', /<td style="text-align: right;[^"]*">7<\/td>/, 'not aligned right');
  });

  it('collects columns in time linear in their number', () => {
    // Guards against the quadratic search of a column list, which took 17 s
    // here; the bound is loose so that a slow machine does not fail it.
    const wide = Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`c${i}`, i]));
    const rows = Array.from({ length: 20 }, () => ({ ...wide }));

    const start = performance.now();
    const html = tableHtml(rows);
    const elapsed = performance.now() - start;

    assert.ok(html.includes('<th>c29999</th>'));
    assert.ok(elapsed < 2000, `30000 columns × 20 rows took ${Math.round(elapsed)} ms`);
  });
});
