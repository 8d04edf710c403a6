import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { barFigure } from '../src/plot';
import { tableText } from '../src/table';
import {
  escapeHtml,
  escapePlotlyText,
  formatNumber,
  jsonText,
  shorten,
  unescapePlotlyText,
} from '../src/text';

const HOSTILE = `<img src=x onerror="alert('1')"> & co`;

describe('escapeHtml', () => {
  it('leaves no character that could start markup or end an attribute', () => {
    assert.equal(
      escapeHtml(HOSTILE),
      '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co',
    );
  });
});

describe('escapePlotlyText', () => {
  it('is undone by unescapePlotlyText, which also turns line breaks into spaces', () => {
    assert.equal(escapePlotlyText('a<b> & c'), 'a&lt;b&gt; &amp; c');
    assert.equal(unescapePlotlyText(escapePlotlyText(HOSTILE)), HOSTILE);
    assert.equal(unescapePlotlyText('two<br>lines<BR/>here'), 'two lines here');
    assert.equal(unescapePlotlyText(escapePlotlyText('&lt;')), '&lt;');
  });
});

describe('formatNumber', () => {
  it('writes integers in full and other numbers to 4 significant digits', () => {
    assert.equal(formatNumber(1200), '1200');
    assert.equal(formatNumber(-7), '-7');
    assert.equal(formatNumber(1 / 3), '0.3333');
    assert.equal(formatNumber(12.25), '12.25');
    assert.equal(formatNumber(0.000012346), '0.00001235');
    assert.equal(formatNumber(1 / 3, 2), '0.33');
    assert.equal(formatNumber(Number.NaN), 'NaN');
  });

  it('rounds a number with a long integer part to an integer, not to 4 digits', () => {
    assert.equal(formatNumber(123456.7), '123457');
    assert.equal(formatNumber(-98765.4), '-98765');
    assert.equal(formatNumber(1234.5678), '1235');
    assert.equal(formatNumber(999.96), '1000');
  });

  it('is how bar labels and table cells both write a value', () => {
    const values = [123456.7, 0.123456, 1200];
    const bars = barFigure(['a', 'b', 'c'], values, { title: 't', xTitle: 'x', yTitle: 'y' });
    const cells = tableText(values.map((v) => ({ v })))
      .split('\n')
      .slice(2)
      .map((s) => s.trim());

    assert.deepEqual(bars.data[0].text, ['123457', '0.1235', '1200']);
    assert.deepEqual(cells, bars.data[0].text);
  });
});

describe('shorten', () => {
  it('cuts long text to the length, ending in an ellipsis', () => {
    assert.equal(shorten('abcdef', 4), 'abc…');
    assert.equal(shorten('abcd', 4), 'abcd');
  });
});

describe('jsonText', () => {
  it('writes a BigInt as its digits and gives up on what JSON cannot write', () => {
    const circular: unknown[] = [];
    circular.push(circular);
    const throwing = {
      toJSON() {
        throw new Error('no');
      },
    };

    assert.equal(jsonText({ n: 2n ** 70n }), '{"n":"1180591620717411303424"}');
    assert.equal(jsonText(circular), undefined);
    assert.equal(jsonText(throwing), undefined);
  });
});
