/**
 * The tslab kernel's output, shared by `show` (charts) and `showTable`
 * (tables): whether code runs in a kernel, and sending HTML to the cell.
 */
import type { Display } from 'tslab';

/** What the tslab kernel puts on `globalThis.__tslab__` before running cells. */
interface TslabHook {
  require?: unknown;
}

/** Whether this code runs inside a tslab kernel, where `show` can draw. */
export function isTslabKernel(): boolean {
  return kernelDisplay() !== undefined;
}

/**
 * Sends `html` as one output of the current cell, reporting whether it was
 * taken. It is not outside a kernel, nor when tslab's `display` throws
 * "Not ready" because no cell is running; the caller then prints text rather
 * than lose the output.
 */
export function displayHtml(html: string): boolean {
  const display = kernelDisplay();
  if (display === undefined) return false;
  try {
    display.html(html);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns tslab's `display` when running in a tslab kernel. The kernel sets
 * `globalThis.__tslab__` before it runs any cell; its `require` returns the
 * kernel's own tslab module. A plain `require('tslab')` could load a second
 * copy (say, a global kernel and a project install), whose `display` throws
 * "Not ready" because only the kernel's copy is wired to the cell. Checking
 * the hook first also keeps scripts from loading tslab's TypeScript compiler.
 */
function kernelDisplay(): Display | undefined {
  const hook = (globalThis as { __tslab__?: TslabHook }).__tslab__;
  if (hook === undefined || typeof hook.require !== 'function') return undefined;
  try {
    const tslab = (hook.require as (id: string) => { display?: Display })('tslab');
    return tslab.display;
  } catch {
    return undefined;
  }
}
