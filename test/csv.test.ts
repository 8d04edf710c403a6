import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describeLabels, loadCsv } from '../src/csv';

const projectRoot = path.join(__dirname, '..');
const realData = path.join(projectRoot, 'data', 'breast-cancer-wisconsin.csv');

function fixture(name: string): string {
  return path.join(__dirname, 'fixtures', name);
}

/** Asserts that loading `name` fails fast, naming the file, with a message matching `problem`. */
async function assertLoadFails(
  name: string,
  options: Parameters<typeof loadCsv>[1],
  problem: RegExp,
): Promise<void> {
  const file = fixture(name);
  const started = Date.now();
  await assert.rejects(loadCsv(file, options), (error: Error) => {
    assert.ok(error.message.startsWith(`${file}: `), `no file name in: ${error.message}`);
    assert.match(error.message, problem);
    return true;
  });
  assert.ok(Date.now() - started < 1000, `${name} took ${Date.now() - started} ms to fail`);
}

/** Runs `action` with console.warn captured; returns its result and each warning's text. */
async function captureWarnings<T>(
  action: () => Promise<T>,
): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
  };
  try {
    return { result: await action(), warnings };
  } finally {
    console.warn = original;
  }
}

test('importing the data modules prints nothing and does not load danfojs-node', () => {
  const script =
    "require('./src/data');" +
    "const loaded = Object.keys(require.cache).some((file) => file.includes('danfojs-node'));" +
    "process.stderr.write(loaded ? 'danfo loaded' : '');";
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, '');
  assert.equal(child.stderr, '');
});

test('loadCsv reads the breast cancer data', async () => {
  const backendBefore = tf.engine().backendName;
  const { result: data, warnings } = await captureWarnings(() =>
    loadCsv(realData, { label: 'diagnosis' }),
  );
  // No column of the real data looks like an id, so loading it prints nothing.
  assert.deepEqual(warnings, []);

  assert.equal(data.path, realData);
  assert.equal(data.features.length, 569);
  assert.ok(data.features.every((row) => row.length === 30));
  assert.equal(data.featureNames.length, 30);
  assert.equal(data.featureNames[0], 'radius_mean');
  assert.ok(!data.featureNames.includes('diagnosis'));
  assert.deepEqual(data.classes, ['benign', 'malignant']);
  assert.equal(data.labels.length, 569);
  assert.equal(data.labels.filter((label) => label === 1).length, 212);
  assert.ok(data.labels.every((label) => label === 0 || label === 1));
  // The first line of data: 17.99,10.38,...,0.1189,malignant
  assert.equal(data.features[0][0], 17.99);
  assert.equal(data.features[0][1], 10.38);
  assert.equal(data.features[0][29], 0.1189);
  assert.equal(data.labels[0], 1);

  assert.deepEqual(data.frame.shape, [569, 31]);
  assert.equal(data.frame.columns[30], 'diagnosis');
  // Building the frame must not pick or initialise a tfjs backend (nor print its banner).
  assert.equal(tf.engine().backendName, backendBefore);
});

test('describeLabels shows which class each label stands for, with row counts', async () => {
  const data = await loadCsv(realData, { label: 'diagnosis' });
  assert.equal(
    describeLabels(data),
    'label 0 = benign (357 rows), label 1 = malignant (212 rows)',
  );

  const pets = await loadCsv(fixture('pets.csv'), {
    label: 'species',
    exclude: ['id', 'comment'],
    positiveClass: 'cat',
  });
  assert.equal(describeLabels(pets), 'label 0 = dog (2 rows), label 1 = cat (2 rows)');
  // Some rows only, such as a split's labels: one row is "row", none is "rows".
  assert.equal(
    describeLabels({ classes: pets.classes, labels: [1] }),
    'label 0 = dog (0 rows), label 1 = cat (1 row)',
  );
  assert.throws(
    () => describeLabels({ classes: pets.classes, labels: [0, 1, 2] }),
    /^Error: describeLabels: labels\[2\] is 2, expected 0 or 1$/,
  );
});

test('loadCsv encodes classes in sorted order unless positiveClass is given', async () => {
  const pets = await loadCsv(fixture('pets.csv'), { label: 'species', exclude: ['id', 'comment'] });
  assert.deepEqual(pets.classes, ['cat', 'dog']);
  assert.deepEqual(pets.labels, [0, 1, 0, 1]);
  assert.deepEqual(pets.featureNames, ['x1', 'x2']);
  assert.deepEqual(pets.features, [[0.5, 10], [1.5, 20], [2.5, 30], [3.5, 40]]);
  // Excluded columns stay in the frame, the quoted comma intact.
  assert.deepEqual(pets.frame.columns, ['id', 'x1', 'x2', 'comment', 'species']);
  assert.equal(pets.frame.column('comment').values[1], 'barks, loudly');

  const catPositive = await loadCsv(fixture('pets.csv'), {
    label: 'species',
    exclude: ['id', 'comment'],
    positiveClass: 'cat',
  });
  assert.deepEqual(catPositive.classes, ['dog', 'cat']);
  assert.deepEqual(catPositive.labels, [1, 0, 1, 0]);
});

test('loadCsv keeps 0/1 labels and orders numeric classes numerically', async () => {
  const zeroOne = await loadCsv(fixture('zero-one.csv'), { label: 'label' });
  assert.deepEqual(zeroOne.classes, ['0', '1']);
  assert.deepEqual(zeroOne.labels, [1, 0, 1]);

  // As strings "10" < "9"; as numbers 9 < 10, so 10 is the positive class.
  const grades = await loadCsv(fixture('numeric-classes.csv'), { label: 'grade' });
  assert.deepEqual(grades.classes, ['9', '10']);
  assert.deepEqual(grades.labels, [1, 0, 1]);
});

test('loadCsv handles a byte-order mark and CRLF line ends', async () => {
  const data = await loadCsv(fixture('bom-crlf.csv'), { label: 'label' });
  assert.deepEqual(data.featureNames, ['x1', 'x2']);
  assert.deepEqual(data.classes, ['no', 'yes']);
  assert.deepEqual(data.features, [[1, 2], [3, 4]]);
});

test('loadCsv rejects a missing file, saying where it looked', async () => {
  await assertLoadFails(
    'no-such-file.csv',
    { label: 'label' },
    /file not found \(looked for \/.*no-such-file\.csv\)/,
  );
});

test('loadCsv rejects an empty file and a header without rows', async () => {
  await assertLoadFails('empty.csv', { label: 'label' }, /the file is empty/);
  await assertLoadFails('header-only.csv', { label: 'label' }, /has a header but no data rows/);
});

test('loadCsv rejects a missing label column, listing the columns', async () => {
  await assertLoadFails(
    'pets.csv',
    { label: 'class' },
    /no label column "class"; columns found: "id", "x1", "x2", "comment", "species"$/,
  );
});

test('loadCsv rejects an excluded name that is not a column', async () => {
  await assertLoadFails(
    'pets.csv',
    { label: 'species', exclude: ['id', 'notes'] },
    /excluded column "notes" is not in the file; columns found: "id", "x1"/,
  );
});

test('loadCsv rejects a ragged row with its row, line and field counts', async () => {
  // Line 3 is blank, so data row 3 is on line 5.
  await assertLoadFails(
    'ragged.csv',
    { label: 'label' },
    /data row 3 \(line 5\) has 2 fields, expected 3/,
  );
});

test('loadCsv rejects a non-numeric feature with column, first bad row and value', async () => {
  await assertLoadFails(
    'non-numeric.csv',
    { label: 'label' },
    /column "x2" is not numeric: data row 2 \(line 3\) holds "abc"$/,
  );
  // Without excluding it, the free-text column is a feature and fails on its first row.
  await assertLoadFails(
    'pets.csv',
    { label: 'species', exclude: ['id'] },
    /column "comment" is not numeric: data row 1 \(line 2\) holds "friendly"/,
  );
  // 1e400 overflows to Infinity, which no model can use.
  await assertLoadFails(
    'infinite.csv',
    { label: 'label' },
    /column "x1" is not numeric: data row 3 \(line 4\) holds "1e400"/,
  );
});

test('loadCsv counts lines inside quoted multi-line fields', async () => {
  // Rows 1 and 3 hold quoted notes spanning two and three lines.
  await assertLoadFails(
    'multiline.csv',
    { label: 'label', exclude: ['note'] },
    /column "x1" is not numeric: data row 4 \(line 8\) holds "oops"/,
  );
});

test('loadCsv rejects missing values with column and first row', async () => {
  // Row 4 holds "NA" too, but the first gap is the one reported.
  await assertLoadFails(
    'missing-value.csv',
    { label: 'label' },
    /column "x1" has a missing value at data row 3 \(line 4\): ""; .* pass missing: 'keep'$/,
  );
  await assertLoadFails(
    'missing-value.csv',
    { label: 'label', missing: 'error' },
    /column "x1" has a missing value at data row 3 \(line 4\)/,
  );
  await assertLoadFails(
    'missing-label.csv',
    { label: 'label' },
    /label column "label" has a missing value at data row 2 \(line 3\)/,
  );
});

test('loadCsv rejects a label without exactly two classes, listing them', async () => {
  await assertLoadFails(
    'three-classes.csv',
    { label: 'label' },
    /label column "label" must hold exactly two classes, found 3: "red", "green", "blue"$/,
  );
  await assertLoadFails('one-class.csv', { label: 'label' }, /two classes, found 1: "red"$/);
  await assertLoadFails(
    'pets.csv',
    { label: 'species', exclude: ['id', 'comment'], positiveClass: 'bird' },
    /positiveClass "bird" is not a class of column "species"; classes found: "cat", "dog"$/,
  );
});

test('loadCsv rejects an unterminated quote instead of reading on to the end', async () => {
  await assertLoadFails(
    'unterminated-quote.csv',
    { label: 'label' },
    /cannot parse the file: Quoted field unterminated \(line 2\)$/,
  );
});

test("loadCsv with missing: 'keep' loads missing features as NaN", async () => {
  const data = await loadCsv(fixture('missing-value.csv'), { label: 'label', missing: 'keep' });
  // Row 3 has an empty x1, row 4 "NA" for x2.
  assert.deepEqual(data.features, [
    [1, 2],
    [3, 4],
    [Number.NaN, 6],
    [7, Number.NaN],
  ]);
  assert.deepEqual(data.labels, [0, 1, 0, 1]);
  // Number("") is 0: the frame must show the gap as missing, not as a zero.
  assert.deepEqual(data.frame.column('x1').values, [1, 3, Number.NaN, 7]);
  assert.deepEqual(data.frame.isNa().sum({ axis: 0 }).values, [1, 1, 0]);
});

test("loadCsv with missing: 'keep' still rejects missing labels and bad numbers", async () => {
  await assertLoadFails(
    'missing-label.csv',
    { label: 'label', missing: 'keep' },
    /label column "label" has a missing value at data row 2 \(line 3\)/,
  );
  await assertLoadFails(
    'non-numeric.csv',
    { label: 'label', missing: 'keep' },
    /column "x2" is not numeric: data row 2 \(line 3\) holds "abc"$/,
  );
  await assertLoadFails(
    'missing-value.csv',
    { label: 'label', missing: 'drop' as 'keep' },
    /options\.missing must be 'error' or 'keep', got "drop"$/,
  );
});

test('loadCsv warns once about feature columns that look like ids', async () => {
  const file = fixture('id-like.csv');
  const { result: data, warnings } = await captureWarnings(() =>
    loadCsv(file, { label: 'label' }),
  );
  // "paid" ends in "id" but not "_id" or "Id"; x1 counts up by 1 but not in integers.
  assert.deepEqual(warnings, [
    `${file}: columns "row" (its values count up by 1, from 3 to 6) and "sampleId" ` +
      '(its name) look like ids rather than features; ' +
      "if they are, leave them out with exclude: ['row', 'sampleId']",
  ]);
  // It is only a warning: the columns are still loaded as features.
  assert.deepEqual(data.featureNames, ['row', 'sampleId', 'paid', 'x1']);
  assert.deepEqual(data.features[0], [3, 101, 10, 0.5]);

  // The suggestion keeps what the caller already excluded.
  const partly = await captureWarnings(() => loadCsv(file, { label: 'label', exclude: ['row'] }));
  assert.deepEqual(partly.warnings, [
    `${file}: column "sampleId" (its name) looks like an id rather than a feature; ` +
      "if it is one, leave it out with exclude: ['row', 'sampleId']",
  ]);

  const pets = await captureWarnings(() =>
    loadCsv(fixture('pets.csv'), { label: 'species', exclude: ['comment'] }),
  );
  assert.deepEqual(pets.warnings, [
    `${fixture('pets.csv')}: column "id" (its name and its values count up by 1, from 1 to 4) ` +
      "looks like an id rather than a feature; if it is one, leave it out with " +
      "exclude: ['comment', 'id']",
  ]);
});

test('loadCsv does not warn about excluded columns, the label or a file it rejects', async () => {
  const excluded = await captureWarnings(() =>
    loadCsv(fixture('id-like.csv'), { label: 'label', exclude: ['row', 'sampleId'] }),
  );
  assert.deepEqual(excluded.warnings, []);
  assert.deepEqual(excluded.result.featureNames, ['paid', 'x1']);

  // The label "group_id" has an id-like name and counts 1, 2.
  const label = await captureWarnings(() =>
    loadCsv(fixture('label-named-id.csv'), { label: 'group_id' }),
  );
  assert.deepEqual(label.warnings, []);
  assert.deepEqual(label.result.classes, ['1', '2']);

  // x1 counts 1, 2, 3, 4, but the three classes reject the file before any warning.
  const rejected = await captureWarnings(() =>
    loadCsv(fixture('three-classes.csv'), { label: 'label' }).catch((error: Error) => error),
  );
  assert.ok(rejected.result instanceof Error);
  assert.deepEqual(rejected.warnings, []);
});
