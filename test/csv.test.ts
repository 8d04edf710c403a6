import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describeLabels, loadCsv, MAX_CSV_BYTES } from '../src/csv';

const projectRoot = path.join(__dirname, '..');
const realData = path.join(projectRoot, 'data', 'breast-cancer-wisconsin.csv');

function fixture(name: string): string {
  return path.join(__dirname, 'fixtures', name);
}

/** A folder for generated files (large, binary, exact line ends), removed at the end. */
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-test-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Writes `content` to a file of the scratch folder and returns its path. */
function scratchFile(name: string, content: string | Buffer): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Asserts that loading fixture `name` fails fast, naming the file, matching `problem`. */
async function assertLoadFails(
  name: string,
  options: Parameters<typeof loadCsv>[1],
  problem: RegExp,
): Promise<void> {
  await assertFileFails(fixture(name), options, problem);
}

/**
 * Asserts that loading `file` fails within a second, with a message that
 * starts with the file's name, matches `problem` and is at most `maxLength`
 * characters long. Returns the message.
 */
async function assertFileFails(
  file: string,
  options: Parameters<typeof loadCsv>[1],
  problem: RegExp,
  maxLength = 1000,
): Promise<string> {
  const started = Date.now();
  let message = '';
  await assert.rejects(loadCsv(file, options), (error: Error) => {
    message = error.message;
    assert.ok(message.startsWith(`${file}: `), `no file name in: ${message.slice(0, 300)}`);
    assert.match(message, problem);
    return true;
  });
  assert.ok(message.length <= maxLength, `message of ${message.length} characters`);
  assert.ok(Date.now() - started < 1000, `${file} took ${Date.now() - started} ms to fail`);
  return message;
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
  assert.equal(describeLabels(data), 'label 0 = benign (357 rows), label 1 = malignant (212 rows)');

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
  assert.deepEqual(pets.features, [
    [0.5, 10],
    [1.5, 20],
    [2.5, 30],
    [3.5, 40],
  ]);
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
  assert.deepEqual(data.features, [
    [1, 2],
    [3, 4],
  ]);
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
  const { result: data, warnings } = await captureWarnings(() => loadCsv(file, { label: 'label' }));
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
      'looks like an id rather than a feature; if it is one, leave it out with ' +
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

test('loadCsv cuts long values in its messages to about 60 characters', async () => {
  const field = 'x'.repeat(5_000_000);
  const bigField = scratchFile('big-field.csv', `a,y\n1,p\n${field},q\n`);
  await assertFileFails(
    bigField,
    { label: 'y' },
    /column "a" is not numeric: data row 2 \(line 3\) holds "x{60}"… \(5000000 characters\)$/,
    200,
  );

  // Three classes with 5 MB names: each name cut, the message a few hundred characters.
  const bigClasses = scratchFile(
    'big-classes.csv',
    `a,y\n0.5,${field}a\n1.5,${field}b\n2.5,${field}c\n`,
  );
  await assertFileFails(
    bigClasses,
    { label: 'y' },
    /found 3: "x{60}"… \(5000001 characters\), "x{60}"… \(5000001 characters\), "x{60}"…/,
    400,
  );

  // 100000 columns and no label: the first ten are listed, then how many more.
  const names = Array.from({ length: 100_000 }, (_, j) => `c${j}`);
  const wide = scratchFile('wide.csv', `${names.join(',')}\n${names.map(() => 1).join(',')}\n`);
  await assertFileFails(
    wide,
    { label: 'y' },
    /no label column "y"; columns found: "c0", "c1", .*, "c9" and 99990 more$/,
    300,
  );

  // A 5 MB label option, and a 5 MB excluded name.
  await assertFileFails(
    fixture('pets.csv'),
    { label: field },
    /no label column "x{60}"… \(5000000 characters\); columns found: "id"/,
  );
  await assertFileFails(
    fixture('pets.csv'),
    { label: 'species', exclude: [field] },
    /excluded column "x{60}"… \(5000000 characters\) is not in the file/,
  );

  // The id-column warning quotes a 200000-character name twice, both times cut.
  const longName = `${'n'.repeat(200_000)}_id`;
  const idLike = scratchFile('long-id.csv', `${longName},x1,y\n4,0.5,p\n9,1.5,q\n`);
  const { warnings } = await captureWarnings(() => loadCsv(idLike, { label: 'y' }));
  assert.equal(warnings.length, 1);
  assert.ok(warnings[0].length < 400, `warning of ${warnings[0].length} characters`);
  assert.match(warnings[0], /column "n{60}"… \(200003 characters\) \(its name\) looks like/);
  assert.match(warnings[0], /exclude: \['n{60}…'\]$/);
});

test('loadCsv reads a file that mixes CRLF and LF line ends, CRLF first', async () => {
  const mixed = scratchFile('mixed.csv', 'a,b,y\r\n1,2,x\n3,4,z\r\n5,6,x\n7,8,z\r\n');
  const data = await loadCsv(mixed, { label: 'y' });
  assert.deepEqual(data.features, [
    [1, 2],
    [3, 4],
    [5, 6],
    [7, 8],
  ]);
  assert.deepEqual(data.classes, ['x', 'z']);
  assert.deepEqual(data.labels, [0, 1, 0, 1]);

  // Rows and lines are still counted right, whichever line end came before.
  const bad = scratchFile('mixed-bad.csv', 'a,b,y\r\n1,2,x\n3,oops,z\r\n5,6,x\n');
  await assertFileFails(bad, { label: 'y' }, /column "b" is not numeric: data row 2 \(line 3\)/);
  const lone = scratchFile('lone-cr.csv', 'a,b,y\r1,2,x\r3,4,z\n');
  assert.deepEqual((await loadCsv(lone, { label: 'y' })).features, [
    [1, 2],
    [3, 4],
  ]);
});

test('loadCsv takes numeric labels written differently as one class', async () => {
  // 0 and -0 are one class, 1, 1.0 and 1e0 another, each named as first written.
  const data = await loadCsv(fixture('numeric-spellings.csv'), { label: 'y' });
  assert.deepEqual(data.classes, ['0', '1']);
  assert.deepEqual(data.labels, [0, 0, 1, 1, 1]);

  await assertLoadFails(
    'one-numeric-class.csv',
    { label: 'y' },
    /label column "y" must hold exactly two classes, found 1: "1" \(also written "1\.0"\)$/,
  );
});

test('loadCsv accepts a number as positiveClass for numeric labels', async () => {
  const zeroPositive = await loadCsv(fixture('zero-one.csv'), { label: 'label', positiveClass: 0 });
  assert.deepEqual(zeroPositive.classes, ['1', '0']);
  assert.deepEqual(zeroPositive.labels, [0, 1, 0]);
  // A numeric string matches by value too.
  const spelt = await loadCsv(fixture('zero-one.csv'), { label: 'label', positiveClass: '0.0' });
  assert.deepEqual(spelt.classes, ['1', '0']);
  const spellings = await loadCsv(fixture('numeric-spellings.csv'), {
    label: 'y',
    positiveClass: -0,
  });
  assert.deepEqual(spellings.labels, [1, 1, 0, 0, 0]);

  await assertLoadFails(
    'zero-one.csv',
    { label: 'label', positiveClass: 2 },
    /positiveClass 2 is not a class of column "label"; classes found: "1", "0"$/,
  );
  await assertLoadFails(
    'pets.csv',
    { label: 'species', exclude: ['id', 'comment'], positiveClass: 0 },
    /positiveClass 0 is not a class of column "species"; classes found: "cat", "dog"$/,
  );
  await assertLoadFails(
    'zero-one.csv',
    { label: 'label', positiveClass: true as never },
    /options\.positiveClass must be a class name \(a string, or a number .*\), got true$/,
  );
});

test('loadCsv requires options, and exclude as an array of names', async () => {
  await assertLoadFails(
    'pets.csv',
    undefined as never,
    /options must be an object such as \{ label: 'diagnosis' \}, got undefined$/,
  );
  await assertLoadFails(
    'pets.csv',
    { label: 'species', exclude: 'id' as never },
    /options\.exclude must be an array of column names such as \['id'\], got "id"$/,
  );
  await assertLoadFails(
    'pets.csv',
    { label: 'species', exclude: ['id', 3 as never] },
    /options\.exclude\[1\] must be a column name \(a string\), got 3$/,
  );
  await assertLoadFails(
    'pets.csv',
    { label: 42 as never },
    /options\.label must name the label column, got 42$/,
  );
});

test('loadCsv says when a file is not UTF-8 text, and what it looks like', async () => {
  const text = 'a,y\n1,p\n2,q\n';
  const cases: [string, Buffer, RegExp][] = [
    [
      'utf16le-bom.csv',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      /starts with the byte-order mark of UTF-16 \(little-endian\)/,
    ],
    [
      'utf16be-bom.csv',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
      /starts with the byte-order mark of UTF-16 \(big-endian\)/,
    ],
    [
      'utf16le.csv',
      Buffer.from(text, 'utf16le'),
      /looks like UTF-16 \(little-endian\) without a byte-order mark/,
    ],
    ['binary.csv', Buffer.from([7, 1, 0, 200, 13, 0, 0, 9]), /looks like a binary file \(byte 2/],
    [
      'workbook.csv',
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0]), Buffer.alloc(40)]),
      /looks like a ZIP archive, such as an Excel \.xlsx workbook/,
    ],
    [
      'latin1.csv',
      Buffer.from('a,y\n1,caf\u00e9\n2,th\u00e9\n', 'latin1'),
      /line 2 holds bytes that are not valid UTF-8 \(Latin-1/,
    ],
  ];
  for (const [name, bytes, what] of cases) {
    const message = await assertFileFails(scratchFile(name, bytes), { label: 'y' }, what);
    assert.match(message, /: the file is not UTF-8 text: .*; save it as CSV in UTF-8$/);
  }
});

test('loadCsv compares column and class names in Unicode NFC', async () => {
  // The file spells é as e + combining accent (NFD), as macOS may save it; the
  // options use the one-character é (NFC), as most keyboards type it.
  const data = await loadCsv(fixture('nfd-names.csv'), {
    label: '\u00e9tiquette',
    exclude: ['poids_\u00e9'],
  });
  assert.deepEqual(data.featureNames, ['x1']);
  assert.deepEqual(data.frame.columns, ['x1', 'poids_\u00e9', '\u00e9tiquette']);
  // "café" written both ways is one class.
  assert.deepEqual(data.classes, ['caf\u00e9', 'th\u00e9']);
  assert.deepEqual(data.labels, [0, 0, 1]);

  const nfdOption = await loadCsv(fixture('nfd-names.csv'), {
    label: 'e\u0301tiquette',
    exclude: ['poids_e\u0301'],
    positiveClass: 'cafe\u0301',
  });
  assert.deepEqual(nfdOption.labels, [1, 1, 0]);
});

test('loadCsv refuses devices, pipes, folders and files over its size limit, at once', async () => {
  await assertFileFails(
    path.join(__dirname, 'fixtures'),
    { label: 'y' },
    /: not a regular file but a directory; expected a CSV file$/,
  );
  if (fs.existsSync('/dev/zero')) {
    await assertFileFails(
      '/dev/zero',
      { label: 'y' },
      /^\/dev\/zero: not a regular file but a character device/,
    );
  }
  const fifo = path.join(scratch, 'pipe.csv');
  if (spawnSync('mkfifo', [fifo]).status === 0) {
    // Opening a pipe with no writer would wait forever.
    await assertFileFails(fifo, { label: 'y' }, /not a regular file but a named pipe \(FIFO\)/);
  }

  // A sparse file: its size is over the limit without using the disk space.
  const huge = path.join(scratch, 'huge.csv');
  const handle = fs.openSync(huge, 'w');
  fs.ftruncateSync(handle, MAX_CSV_BYTES + 1);
  fs.closeSync(handle);
  await assertFileFails(
    huge,
    { label: 'y' },
    /the file is 128\.0 MB \(134217729 bytes\), over the 128\.0 MB \(134217728 bytes\)/,
  );
  fs.rmSync(huge);
});

test('describeLabels rejects what is not a data set and accepts typed-array labels', async () => {
  for (const bad of [undefined, null, {}, { classes: ['a', 'b'] }]) {
    assert.throws(
      () => describeLabels(bad as never),
      /^Error: describeLabels: expected \{ classes, labels \} such as a data set from loadCsv/,
    );
  }
  assert.equal(
    describeLabels({ classes: ['no', 'yes'], labels: new Float32Array([1, 0, 1]) }),
    'label 0 = no (1 row), label 1 = yes (2 rows)',
  );
  assert.throws(
    () => describeLabels({ classes: ['no', 'yes'], labels: ['1' as never] }),
    /^Error: describeLabels: labels\[0\] is "1", expected 0 or 1$/,
  );
});
