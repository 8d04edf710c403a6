import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HOSTILE, allStrings } from './support/hostile';
import {
  barFigure,
  confusionMatrixFigure,
  escapePlotlyText,
  historyFigure,
  rocFigure,
  type Trace,
} from '../src/plot';
import { evaluateBinary, rocCurve } from '../src/metrics';

describe('historyFigure', () => {
  const withValidation = {
    epoch: [0, 1, 2],
    history: {
      loss: [0.9, 0.6, 0.4],
      accuracy: [0.5, 0.7, 0.8],
      val_loss: [1.0, 0.7, 0.6],
      val_accuracy: [0.45, 0.65, 0.7],
    },
  };

  it('draws training and validation of each quantity, loss first, in its own subplot', () => {
    const figure = historyFigure(withValidation);

    assert.deepEqual(
      figure.data.map((trace) => trace.name),
      ['training loss', 'validation loss', 'training accuracy', 'validation accuracy'],
    );
    assert.deepEqual(
      figure.data.map((trace) => [trace.xaxis, trace.yaxis]),
      [
        ['x', 'y'],
        ['x', 'y'],
        ['x2', 'y2'],
        ['x2', 'y2'],
      ],
    );
    const dashes = figure.data.map((trace) => (trace.line as { dash: string }).dash);
    assert.deepEqual(dashes, ['solid', 'dash', 'solid', 'dash']);
  });

  it('puts the subplots side by side with epochs counted from 1', () => {
    const figure = historyFigure(withValidation);
    const xaxis = figure.layout.xaxis as { domain: number[]; title: { text: string } };
    const xaxis2 = figure.layout.xaxis2 as { domain: number[]; title: { text: string } };

    assert.ok(xaxis.domain[1] < xaxis2.domain[0], 'subplots overlap');
    assert.equal(xaxis.title.text, 'epoch');
    assert.equal((figure.layout.yaxis2 as { title: { text: string } }).title.text, 'accuracy');
    assert.deepEqual(figure.data[0].x, [1, 2, 3]);
    assert.deepEqual(figure.data[1].y, [1.0, 0.7, 0.6]);
  });

  it('draws only training traces when nothing was validated', () => {
    const figure = historyFigure({
      epoch: [0, 1],
      history: { accuracy: [0.5, 0.6], loss: [0.7, 0.5] },
    });

    assert.deepEqual(
      figure.data.map((trace) => trace.name),
      ['training loss', 'training accuracy'],
    );
  });

  it('rejects an empty history and values that do not match the epochs', () => {
    assert.throws(() => historyFigure({ epoch: [], history: {} }), /history\.history is empty/);
    assert.throws(
      () => historyFigure({ epoch: [0, 1], history: { loss: [1, 0.5], val_loss: [1] } }),
      /val_loss has 1 values, expected one per epoch \(2\)/,
    );
  });

  it('shows a hostile metric name as text', () => {
    const figure = historyFigure({ epoch: [0], history: { loss: [1], [HOSTILE]: [2] } });

    assert.equal(figure.data[1].name, 'training &lt;img src=x onerror=alert(1)&gt;');
    assert.ok(allStrings(figure).every((text) => !text.includes('<img')));
  });

  it('leaves gaps for values that are not finite, and says where in the title', () => {
    const figure = historyFigure({
      epoch: [0, 1, 2, 3, 4],
      history: {
        loss: [0.9, Number.NaN, Infinity, 0.5, 0.4],
        val_loss: [1, 0.8, 0.7, 0.6, -Infinity],
      },
    });
    const title = figure.layout.title as { text: string };

    assert.deepEqual(figure.data[0].y, [0.9, null, null, 0.5, 0.4]);
    assert.deepEqual(figure.data[1].y, [1, 0.8, 0.7, 0.6, null]);
    assert.equal(
      title.text,
      'Training history<br>(training loss not finite at epochs 2–3; ' +
        'validation loss not finite at epoch 5)',
    );
    const plain = historyFigure(withValidation).layout.title as { text: string };
    assert.equal(plain.text, 'Training history', 'a note without values that are not finite');
  });

  it('keeps the note on values that are not finite short', () => {
    const loss = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? Number.NaN : 1));
    const figure = historyFigure({ epoch: loss.map((_, i) => i), history: { loss } });
    const title = figure.layout.title as { text: string };

    assert.equal(title.text, 'Training history<br>(training loss not finite at epochs 1, 3, 5, …)');
  });

  it('rejects a history or options of the wrong shape, naming what it got', () => {
    assert.throws(
      () => historyFigure(undefined as never),
      /^Error: historyFigure: history is undefined, expected \{ epoch, history \}/,
    );
    assert.throws(
      () => historyFigure({ epoch: 3, history: { loss: [1] } } as never),
      /history\.epoch is 3, expected/,
    );
    assert.throws(
      () => historyFigure({ epoch: [0], history: null } as never),
      /history\.history is null, expected/,
    );
    assert.throws(
      () => historyFigure({ epoch: [0], history: { loss: 1 } } as never),
      /history\.history\.loss is 1, expected an array of numbers/,
    );
    assert.throws(
      () => historyFigure({ epoch: [0, 1], history: { loss: [1, '0.5'] } } as never),
      /history\.history\.loss\[1\] is "0\.5", expected a number/,
    );
    assert.throws(
      () => historyFigure(withValidation, null as never),
      /historyFigure: options is null, expected an object or nothing/,
    );
    assert.throws(
      () => historyFigure(withValidation, { title: 3 as never }),
      /historyFigure: options\.title is 3, expected a string/,
    );
  });
});

describe('barFigure', () => {
  it('draws one bar per label on a category axis', () => {
    const figure = barFigure(['0', '1'], [700, 300], {
      title: 'Class balance',
      xTitle: 'label',
      yTitle: 'rows',
    });

    assert.equal(figure.data.length, 1);
    assert.equal(figure.data[0].type, 'bar');
    assert.deepEqual(figure.data[0].x, ['0', '1']);
    assert.deepEqual(figure.data[0].y, [700, 300]);
    assert.equal((figure.layout.xaxis as { type: string }).type, 'category');
    assert.equal((figure.layout.title as { text: string }).text, 'Class balance');
  });

  it('escapes labels and titles taken from data', () => {
    const figure = barFigure([HOSTILE, 'b&c'], [1, 2], {
      title: HOSTILE,
      xTitle: HOSTILE,
      yTitle: 'count',
    });

    assert.deepEqual(figure.data[0].x, ['&lt;img src=x onerror=alert(1)&gt;', 'b&amp;c']);
    assert.ok(allStrings(figure).every((text) => !text.includes('<img')));
  });

  it('rejects labels and values of different lengths', () => {
    assert.throws(
      () => barFigure(['a'], [1, 2], { title: 't', xTitle: 'x', yTitle: 'y' }),
      /1 labels and 2 values/,
    );
  });

  it('draws error bars of the given half-lengths', () => {
    const figure = barFigure(['a', 'b'], [0.4, 0.2], {
      title: 'Gap',
      xTitle: 'setting',
      yTitle: 'gap',
      errors: [0.05, 0],
    });

    assert.deepEqual(figure.data[0].error_y, {
      type: 'data',
      array: [0.05, 0],
      visible: true,
      color: '#444',
    });
  });

  it('rejects error bars that are missing, negative or not finite', () => {
    const titles = { title: 't', xTitle: 'x', yTitle: 'y' };

    assert.throws(
      () => barFigure(['a', 'b'], [1, 2], { ...titles, errors: [1] }),
      /barFigure: options\.errors is an array of 1 item \(\[1\]\), expected an array of 2 numbers, one per value/,
    );
    assert.throws(
      () => barFigure(['a', 'b'], [1, 2], { ...titles, errors: [1, -0.5] }),
      /barFigure: options\.errors\[1\] is -0\.5, expected a finite number, zero or more/,
    );
    assert.throws(
      () => barFigure(['a'], [1], { ...titles, errors: [Number.NaN] }),
      /options\.errors\[0\] is NaN/,
    );
  });

  it('takes numbers as labels, written as they are', () => {
    const figure = barFigure([0, 1, 0.5], [7, 3, 1], { title: 't', xTitle: 'x', yTitle: 'y' });

    assert.deepEqual(figure.data[0].x, ['0', '1', '0.5']);
  });

  it('rejects labels, values and options it cannot draw, naming them', () => {
    const titles = { title: 't', xTitle: 'x', yTitle: 'y' };

    assert.throws(() => barFigure('ab' as never, [1, 2], titles), /barFigure: labels is "ab"/);
    assert.throws(() => barFigure(['a'], undefined as never, titles), /values is undefined/);
    assert.throws(
      () => barFigure(['a', true] as never, [1, 2], titles),
      /barFigure: labels\[1\] is true, expected a string or a number/,
    );
    assert.throws(
      () => barFigure([1, '1'], [1, 2], titles),
      /labels\[1\] is "1", the same as labels\[0\]; expected a different label for each bar/,
    );
    assert.throws(
      () => barFigure(['a', 'b'], [1, Number.NaN], titles),
      /barFigure: values\[1\] is NaN, expected a finite number/,
    );
    assert.throws(
      () => barFigure(['a'], [1], undefined as never),
      /barFigure: options is undefined, expected \{ title, xTitle, yTitle \}/,
    );
    assert.throws(
      () => barFigure(['a'], [1], { title: 't' } as never),
      /barFigure: options\.xTitle is undefined, expected a string/,
    );
  });
});

describe('confusionMatrixFigure', () => {
  const confusion = { tp: 40, fp: 10, tn: 45, fn: 5 };

  it('puts each count in the cell of its actual row and predicted column', () => {
    const figure = confusionMatrixFigure(confusion, ['stays', 'churns']);
    const heatmap = figure.data[0] as Trace & { z: number[][] };
    const xaxis = figure.layout.xaxis as { ticktext: string[]; title: { text: string } };
    const yaxis = figure.layout.yaxis as { ticktext: string[]; title: { text: string } };

    assert.equal(heatmap.type, 'heatmap');
    assert.equal(xaxis.title.text, 'predicted');
    assert.equal(yaxis.title.text, 'actual');
    const cell = (actual: string, predicted: string) =>
      heatmap.z[yaxis.ticktext.indexOf(actual)][xaxis.ticktext.indexOf(predicted)];
    assert.equal(cell('stays', 'stays'), confusion.tn);
    assert.equal(cell('stays', 'churns'), confusion.fp);
    assert.equal(cell('churns', 'stays'), confusion.fn);
    assert.equal(cell('churns', 'churns'), confusion.tp);
  });

  it('writes each count, with its share, at its cell', () => {
    const figure = confusionMatrixFigure(confusion, ['stays', 'churns']);
    const heatmap = figure.data[0] as Trace & { z: number[][] };
    const annotations = figure.layout.annotations as { x: number; y: number; text: string }[];

    assert.equal(annotations.length, 4);
    for (const { x, y, text } of annotations) {
      assert.ok(text.startsWith(`${heatmap.z[y][x]}<br>`), `${text} at (${x}, ${y})`);
    }
    assert.ok(annotations.some((a) => a.text === '40<br>(40.0%)'));
  });

  it('escapes class names, shortening them on the axes only', () => {
    const figure = confusionMatrixFigure(confusion, [HOSTILE, 'ok']);
    const heatmap = figure.data[0] as Trace & { text: string[][] };

    assert.deepEqual((figure.layout.xaxis as { ticktext: string[] }).ticktext, [
      '&lt;img src=x onerror=…',
      'ok',
    ]);
    assert.equal(heatmap.text[0][1], `actual ${escapePlotlyText(HOSTILE)}<br>predicted ok`);
    assert.ok(allStrings(figure).every((text) => !text.includes('<img')));
  });

  it('rejects a negative count', () => {
    assert.throws(
      () => confusionMatrixFigure({ ...confusion, fn: -1 }, ['a', 'b']),
      /confusion\.fn is -1/,
    );
  });

  it('takes numbers as class names', () => {
    const figure = confusionMatrixFigure(confusion, [0, 1]);

    assert.deepEqual((figure.layout.xaxis as { ticktext: string[] }).ticktext, ['0', '1']);
    assert.equal((figure.data[0].text as string[][])[1][0], 'actual 1<br>predicted 0');
  });

  it('rejects a confusion matrix, class names or options of the wrong kind', () => {
    assert.throws(
      () => confusionMatrixFigure(null as never, ['a', 'b']),
      /confusionMatrixFigure: confusion is null, expected \{ tp, fp, tn, fn \}/,
    );
    assert.throws(
      () => confusionMatrixFigure({ ...confusion, tp: '4' } as never, ['a', 'b']),
      /confusion\.tp is "4", expected a count >= 0/,
    );
    assert.throws(
      () => confusionMatrixFigure(confusion, ['a'] as never),
      /classNames is an array of 1 item \(\["a"\]\), expected two names/,
    );
    assert.throws(
      () => confusionMatrixFigure(confusion, undefined as never),
      /classNames is undefined, expected two names/,
    );
    assert.throws(
      () => confusionMatrixFigure(confusion, ['a', null] as never),
      /classNames\[1\] is null, expected a string or a number/,
    );
    assert.throws(
      () => confusionMatrixFigure(confusion, ['a', 'b'], null as never),
      /confusionMatrixFigure: options is null/,
    );
  });
});

describe('rocFigure', () => {
  const roc = { fpr: [0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1], thresholds: [Infinity, 0.9, 0.4, 0.1] };

  it('draws the curve with its AUC in the legend, and the chance diagonal', () => {
    const figure = rocFigure(roc, 0.875);

    assert.equal(figure.data.length, 2);
    const [curve, chance] = figure.data;
    assert.equal(curve.name, 'model (AUC = 0.875)');
    assert.deepEqual(curve.x, roc.fpr);
    assert.deepEqual(curve.y, roc.tpr);
    assert.match(chance.name ?? '', /chance/);
    assert.deepEqual(
      [chance.x, chance.y],
      [
        [0, 1],
        [0, 1],
      ],
    );
  });

  it('puts the legend in the bottom-right corner of the square plot area', () => {
    const { layout } = rocFigure(roc, 0.875);
    const legend = layout.legend as Record<string, unknown>;
    const xaxis = layout.xaxis as Record<string, unknown>;
    const yaxis = layout.yaxis as Record<string, unknown>;
    const margin = layout.margin as { t: number; r: number; b: number; l: number };

    assert.deepEqual(
      [legend.x, legend.xanchor, legend.y, legend.yanchor],
      [0.98, 'right', 0.02, 'bottom'],
    );
    // The legend's x and y are fractions of the whole plot area; an axis kept
    // to scale shrinks toward the legend's corner, so the corner stays at (1, 0).
    assert.equal(
      (layout.width as number) - margin.l - margin.r,
      (layout.height as number) - margin.t - margin.b,
      'plot area not square',
    );
    assert.equal(xaxis.constraintoward, 'right');
    assert.equal(yaxis.constraintoward, 'bottom');
  });

  it('marks the point of a decision threshold, predicting 1 for scores >= it', () => {
    // Thresholds fall from Infinity; each point predicts 1 for scores >= its own.
    const curve = {
      fpr: [0, 0, 0.25, 0.5, 1],
      tpr: [0, 0.4, 0.8, 1, 1],
      thresholds: [Infinity, 0.9, 0.7, 0.4, 0.2],
    };
    const marker = (threshold: number) => {
      const trace = rocFigure(curve, 0.9, { threshold }).data[2];
      return { name: trace.name, at: [(trace.x as number[])[0], (trace.y as number[])[0]] };
    };

    assert.deepEqual(marker(0.5), { name: 'threshold 0.5', at: [0.25, 0.8] });
    assert.deepEqual(marker(0.7).at, [0.25, 0.8], 'a threshold equal to a score');
    assert.deepEqual(marker(0.95).at, [0, 0], 'a threshold above every score');
    assert.deepEqual(marker(0).at, [1, 1], 'a threshold below every score');
    assert.equal(rocFigure(curve, 0.9).data.length, 2, 'a marker without a threshold');
  });

  it('marks the same point as the confusion matrix of evaluateBinary', () => {
    const yTrue = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0];
    const probabilities = [0.1, 0.55, 0.45, 0.8, 0.3, 0.62, 0.5, 0.7, 0.95, 0.2];
    const threshold = 0.5;
    const { confusion } = evaluateBinary(yTrue, probabilities, { threshold });
    const trace = rocFigure(rocCurve(yTrue, probabilities), 0.8, { threshold }).data[2];

    const fpr = confusion.fp / (confusion.fp + confusion.tn);
    const tpr = confusion.tp / (confusion.tp + confusion.fn);
    assert.deepEqual([trace.x, trace.y], [[fpr], [tpr]]);
  });

  it('escapes the model name and rejects mismatched points', () => {
    const figure = rocFigure(roc, 0.5, { name: HOSTILE });

    assert.equal(figure.data[0].name, `${escapePlotlyText(HOSTILE)} (AUC = 0.500)`);
    assert.throws(
      () => rocFigure({ fpr: [0, 1], tpr: [0], thresholds: [Infinity, 0] }, 0.5),
      /roc\.fpr has 2 points/,
    );
    assert.throws(() => rocFigure(roc, Number.NaN), /auc is NaN/);
  });

  it('rejects an AUC outside [0, 1]', () => {
    assert.throws(() => rocFigure(roc, 1.5), /auc is 1\.5, expected a number in \[0, 1\]/);
    assert.throws(() => rocFigure(roc, -0.1), /auc is -0\.1/);
    assert.throws(() => rocFigure(roc, Infinity), /auc is Infinity/);
    assert.equal(rocFigure(roc, 0).data.length, 2);
    assert.equal(rocFigure(roc, 1).data.length, 2);
  });

  it('rejects points that are not rates in [0, 1], naming the first', () => {
    const thresholds = [Infinity, 0.5, 0];

    assert.throws(() => rocFigure({ fpr: [0, Number.NaN, 1], tpr: [0, 0.5, 1], thresholds }, 0.5), {
      message: 'rocFigure: roc.fpr[1] is NaN, expected a rate in [0, 1]',
    });
    assert.throws(
      () => rocFigure({ fpr: [0, 0.5, 1], tpr: [0, 1.5, 1], thresholds }, 0.5),
      /roc\.tpr\[1\] is 1\.5, expected a rate in \[0, 1\]/,
    );
    assert.throws(
      () => rocFigure({ fpr: [0, 0.5, 1], tpr: [0, '1', 1], thresholds } as never, 0.5),
      /roc\.tpr\[1\] is "1"/,
    );
    assert.throws(
      () => rocFigure({ fpr: [], tpr: [], thresholds: [] }, 0.5),
      /roc\.fpr is an empty array, expected an array of rates in \[0, 1\], at least one/,
    );
    assert.throws(() => rocFigure(undefined as never, 0.5), /rocFigure: roc is undefined/);
    assert.throws(() => rocFigure({ tpr: [0] } as never, 0.5), /roc\.fpr is undefined/);
  });

  it('rejects an AUC, options or texts of the wrong kind', () => {
    assert.throws(() => rocFigure(roc, '0.5' as never), /auc is "0\.5", expected a number/);
    assert.throws(() => rocFigure(roc, 0.5, null as never), /rocFigure: options is null/);
    assert.throws(() => rocFigure(roc, 0.5, { name: 7 as never }), /options\.name is 7/);
    assert.throws(
      () => rocFigure(roc, 0.5, { threshold: '0.5' as never }),
      /options\.threshold is "0\.5", expected a finite number/,
    );
  });

  it('rejects a threshold it cannot place', () => {
    assert.throws(
      () => rocFigure(roc, 0.5, { threshold: Number.NaN }),
      /options\.threshold is NaN, expected a finite number/,
    );
    const noThresholds = { fpr: roc.fpr, tpr: roc.tpr } as typeof roc;
    assert.throws(
      () => rocFigure(noThresholds, 0.5, { threshold: 0.5 }),
      /roc\.thresholds has no values and roc\.fpr 4, expected one per point/,
    );
  });
});
