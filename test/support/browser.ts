/**
 * Test support: figures drawn on one page in headless Chromium, and the skip
 * reason shared by every browser test where Chromium is missing.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  chromiumHint,
  findChromium,
  inspectPage,
  withBrowser,
  type PageReport,
} from '../../scripts/browser';
import type { Figure } from '../../src/plot';
import { figureHtml } from '../../src/show';

/** The Chromium executable, or undefined where there is none. */
export const chromium = findChromium();

/** `false` where Chromium is installed, else the reason browser tests are skipped. */
export const browserSkip: string | false =
  chromium === undefined ? `${chromiumHint()}; the browser check is skipped` : false;

/** Draws `figures` on one page in headless Chromium and reports what it shows. */
export async function renderFigures(figures: Figure[]): Promise<PageReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-workbook-figures-'));
  const page = path.join(dir, 'page.html');
  const charts = figures.map((figure, i) => figureHtml(figure, { includePlotly: i === 0 }));
  fs.writeFileSync(page, `<!doctype html><meta charset="utf-8">\n${charts.join('\n')}\n`);
  try {
    return await withBrowser(chromium!, (browser) => inspectPage(browser, page));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Asserts that a page drew `count` charts, each with all its traces, that
 * each chart shows `text` literally (not as an entity, not as markup), and
 * that no script ran and the console stayed clean.
 */
export function assertDrawnWithText(report: PageReport, count: number, text: string): void {
  assert.deepEqual(report.errors, [], 'no alert, no console error');
  assert.equal(report.plots.length, count);
  for (const plot of report.plots) {
    assert.equal(plot.drawnTraces, plot.traces, `${plot.id}: drawn traces`);
    assert.ok(plot.text.includes(text), `${plot.id}: ${plot.text.slice(0, 200)}`);
    assert.ok(!/&(lt|gt|amp);/.test(plot.text), `${plot.id} shows an entity: ${plot.text}`);
  }
}
