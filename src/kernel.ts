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
  return displayBundle({ 'text/html': html });
}

/**
 * One output in several representations, keyed by mime type (`text/html`,
 * `text/plain`, `application/vnd.plotly.v1+json`, ...); the frontend shows
 * the richest it can render. Sent whole through the `bundle` method that the
 * project's tslab patch adds; with an unpatched tslab, only the HTML.
 */
export type MimeBundle = Record<string, unknown> & { 'text/html': string };

/** Sends `bundle` as one output of the current cell, reporting whether it was taken (see `displayHtml`). */
export function displayBundle(bundle: MimeBundle): boolean {
  const display = kernelDisplay();
  return display !== undefined && send(display, bundle);
}

/**
 * Creates one output of the current cell that each `update` replaces in
 * place (Jupyter's update_display_data), for progress that redraws; the last
 * update is what a saved notebook keeps. Undefined outside a kernel.
 */
export function newLiveOutput(): { update(bundle: MimeBundle): boolean } | undefined {
  const tslab = kernelTslab();
  if (tslab?.newDisplay === undefined) return undefined;
  const display = tslab.newDisplay();
  return { update: (bundle) => send(display, bundle) };
}

function send(display: Display, bundle: MimeBundle): boolean {
  try {
    const withBundles = display as Display & { bundle?: (data: Record<string, unknown>) => void };
    if (typeof withBundles.bundle === 'function') withBundles.bundle(bundle);
    else display.html(bundle['text/html']);
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
  return kernelTslab()?.display;
}

function kernelTslab(): { display?: Display; newDisplay?: () => Display } | undefined {
  const hook = (globalThis as { __tslab__?: TslabHook }).__tslab__;
  if (hook === undefined || typeof hook.require !== 'function') return undefined;
  try {
    return (hook.require as (id: string) => { display?: Display; newDisplay?: () => Display })(
      'tslab',
    );
  } catch {
    return undefined;
  }
}
