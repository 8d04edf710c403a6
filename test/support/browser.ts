/**
 * Test support: figures drawn on one page in headless Chromium, and the skip
 * reason shared by every browser test where Chromium is missing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CHROMIUM_HINT,
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
  chromium === undefined ? `${CHROMIUM_HINT}; the browser check is skipped` : false;

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
