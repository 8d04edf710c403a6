/**
 * The project's kernel (tslab with patches/tslab+1.0.22.patch) speaks the
 * Jupyter protocol: it passes the kernel conformance suite
 * (`jupyter_kernel_test`) and the project's own protocol checks in
 * test/support/kernel_conformance.py, and a failing cell makes nbconvert
 * print the error's name and message.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import {
  INSTALL_HINT,
  ROOT,
  findJupyterPython,
  hasModules,
  registerKernel,
} from '../scripts/jupyter';

/** One test (or failing or skipped subtest) as kernel_conformance.py reports it. */
interface Outcome {
  test: string;
  subtest?: string;
  outcome: 'pass' | 'fail' | 'error' | 'skip';
  detail: string;
}

/** The suite's tests that apply to tslab; each must pass. */
const SUITE_TESTS = [
  'test_kernel_info',
  'test_execute_stdout',
  'test_execute_stderr',
  'test_completion',
  'test_is_complete',
  'test_error',
  'test_execute_result',
  'test_display_data',
  'test_history',
  'test_inspect',
];

/** The suite's tests that do not apply, and why; each must be skipped. */
const NOT_APPLICABLE: Record<string, string> = {
  test_pager: 'tslab has no pager (IPython-style `?` help)',
  test_clear_output: 'tslab has no clear_output call',
};

/** The project's own checks of what the patch promises. */
const PROJECT_TESTS = [
  'test_type_error_names_line_and_column',
  'test_runtime_error_has_name_message_and_cell_traceback',
  'test_thrown_non_error_is_reported',
  'test_promise_rejecting_while_an_async_cell_runs_is_its_error',
  'test_promise_rejecting_in_a_synchronous_cell_is_its_error',
  'test_rejection_handled_before_the_cell_ends_is_no_error',
  'test_the_cell_after_an_error_runs',
  'test_no_result_for_undefined_or_a_statement',
  'test_display_updates_in_place',
  'test_top_level_names_reach_the_next_cell',
  'test_a_local_module_and_its_imports_compile_and_run',
  'test_inspect_describes_the_symbol',
  'test_comm_info_reply',
];

const CONFORMANCE_HINT = [
  'The Jupyter kernel conformance suite was not found: no Python here can import jupyter_kernel_test.',
  'On Debian/Ubuntu:    sudo apt-get install python3-jupyter-kernel-test',
  'or with pip:         python3 -m pip install jupyter_kernel_test',
].join('\n');

/** The first Python that has the conformance suite, as findJupyterPython looks for Jupyter. */
function findSuitePython(): string | undefined {
  const candidates = process.env.JUPYTER_PYTHON
    ? [process.env.JUPYTER_PYTHON]
    : ['python3', '/usr/bin/python3'];
  return candidates.find((python) => hasModules(python, ['jupyter_kernel_test']));
}

describe('the kernel passes the Jupyter kernel conformance suite', () => {
  let outcomes: Outcome[] = [];
  let report = '';

  before(() => {
    const python = findSuitePython();
    if (python === undefined) assert.fail(CONFORMANCE_HINT);
    // Each reply is awaited for at most 10 s (REPLY_TIMEOUT in the script);
    // the whole run takes about 20 s.
    const result = spawnSync(
      python,
      [path.join(ROOT, 'test', 'support', 'kernel_conformance.py')],
      {
        cwd: ROOT,
        env: registerKernel(),
        encoding: 'utf8',
        timeout: 240_000,
      },
    );
    report = result.stderr;
    assert.equal(result.error, undefined, `the suite did not finish: ${result.error?.message}`);
    outcomes = (JSON.parse(result.stdout) as { results: Outcome[] }).results;
  });

  for (const name of [...SUITE_TESTS, ...PROJECT_TESTS]) {
    test(name, () => {
      const mine = outcomes.filter((o) => o.test === name);
      assert.ok(mine.length > 0, `${name} did not run:\n${report}`);
      const bad = mine.filter((o) => o.outcome !== 'pass');
      assert.deepEqual(
        bad.map((o) => `${o.subtest ?? ''} ${o.outcome}`.trim()),
        [],
        bad.map((o) => o.detail).join('\n'),
      );
    });
  }

  test('only the tests that do not apply are skipped', () => {
    const skipped = outcomes.filter((o) => o.outcome === 'skip').map((o) => o.test);
    assert.deepEqual(skipped.sort(), Object.keys(NOT_APPLICABLE).sort());
  });

  test('every test the suite ran is accounted for', () => {
    const known = new Set([...SUITE_TESTS, ...PROJECT_TESTS, ...Object.keys(NOT_APPLICABLE)]);
    assert.deepEqual(
      outcomes.map((o) => o.test).filter((name) => !known.has(name)),
      [],
    );
  });
});

describe('nbconvert names a failing cell’s error', () => {
  function nbconvert(notebook: string) {
    const python = findJupyterPython();
    if (python === undefined) assert.fail(INSTALL_HINT);
    const args = ['-m', 'nbconvert', '--to', 'notebook', '--execute', '--stdout', notebook];
    return spawnSync(python, args, {
      cwd: ROOT,
      env: registerKernel(),
      encoding: 'utf8',
      timeout: 120_000,
    });
  }

  test('a runtime error: its name, message and the cell’s stack', () => {
    const result = nbconvert('test/notebooks/fails-on-purpose.ipynb');
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^Error: deliberate failure: total is 6, not 7$/m);
    assert.match(result.stderr, /^ {4}at evalmachine\.<anonymous>:\d+:\d+$/m);
  });

  test('a type error: TSError with the line and column', () => {
    const result = nbconvert('test/notebooks/type-error.ipynb');
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /^TSError: 1:7 - Type 'string' is not assignable to type 'number'\.$/m,
    );
  });
});
