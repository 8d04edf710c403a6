/// <reference lib="dom" />
/**
 * The docs in a real browser: headless Chromium (Debian's, driven by
 * playwright-core, which downloads no browser of its own) opens a built page,
 * reports whether every chart drew and what the console said, and exports
 * each chart as a PNG for places where scripts do not run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Where Chromium is looked for, after the `CHROMIUM_PATH` environment variable. */
const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** The flags a sandboxed, offline machine needs (no background network, no GPU). */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The message shown where Chromium is missing, naming a CHROMIUM_PATH that points nowhere. */
export function chromiumHint(): string {
  const given = process.env.CHROMIUM_PATH;
  return given
    ? `Chromium was not found at CHROMIUM_PATH=${given} (no such file)`
    : 'Chromium was not found (set CHROMIUM_PATH, or on Debian/Ubuntu: sudo apt-get install chromium)';
}

/** One chart on a page, as the browser drew it. */
export interface RenderedPlot {
  id: string;
  /** Traces in the figure handed to plotly. */
  traces: number;
  /** Trace groups plotly drew into the chart's SVG. */
  drawnTraces: number;
  /** The text of the chart's SVG (titles, axes, legend), to check escaping. */
  text: string;
}

/** What a page showed. */
export interface PageReport {
  plots: RenderedPlot[];
  /** Console errors, uncaught exceptions and dialogs (an `alert` means a script ran that should not). */
  errors: string[];
  /** The page's visible text. */
  text: string;
}

/** Returns the Chromium executable to use, or undefined when there is none. */
export function findChromium(): string | undefined {
  const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : CHROMIUM_CANDIDATES;
  return candidates.find((candidate) => fs.existsSync(candidate));
}

/** Runs `work` with a headless Chromium and closes it afterwards. */
export async function withBrowser<T>(
  executable: string,
  work: (browser: Browser) => Promise<T>,
): Promise<T> {
  const browser = await chromium.launch({ executablePath: executable, args: CHROMIUM_FLAGS });
  try {
    return await work(browser);
  } finally {
    await browser.close();
  }
}

/**
 * Opens the HTML file `page`, waits until every chart drew (or `timeoutMs`
 * passed) and reports what it shows. Requests leaving the machine are refused,
 * so a page that needs the network shows it as errors.
 */
export async function inspectPage(
  browser: Browser,
  file: string,
  timeoutMs = 20_000,
): Promise<PageReport> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.type()} "${dialog.message()}"`);
    void dialog.dismiss();
  });
  await page.route(/^https?:/, (route) => {
    errors.push(`network request: ${route.request().url()}`);
    void route.abort();
  });
  try {
    await page.goto(`file://${path.resolve(file)}`, { waitUntil: 'load' });
    await page
      .waitForFunction(
        () =>
          Array.from(document.querySelectorAll('.dl-workbook-plot')).every((div) =>
            div.querySelector('.main-svg'),
          ),
        null,
        { timeout: timeoutMs },
      )
      .catch(() => errors.push(`not every chart drew within ${timeoutMs} ms`));
    const plots = await page.evaluate(() =>
      Array.from(
        document.querySelectorAll<HTMLElement & { data?: unknown[] }>('.dl-workbook-plot'),
      ).map((div) => ({
        id: div.id,
        traces: Array.isArray(div.data) ? div.data.length : 0,
        // A trace with a zorder goes into a layer of its own, "scatterlayer2" and so on.
        drawnTraces: div.querySelectorAll(
          'g[class^="scatterlayer"] .trace, g[class^="barlayer"] .trace, .heatmaplayer .hm, ' +
            '.contourlayer .contour, .parcoords',
        ).length,
        text: div.querySelector('.main-svg')?.parentElement?.textContent ?? '',
      })),
    );
    const text = await page.evaluate(() => document.body.innerText);
    return { plots, errors, text };
  } finally {
    await page.close();
  }
}

/**
 * Exports every chart of the HTML file `file` as a PNG into `imageDir`, and
 * rewrites the page so that each chart carries a `<noscript>` image: readers
 * without scripts (feed readers, some previews) still see the figures.
 * Returns the image paths.
 */
export async function exportFigures(
  browser: Browser,
  file: string,
  imageDir: string,
): Promise<string[]> {
  const report = await inspectPage(browser, file);
  if (report.errors.length > 0) {
    throw new Error(`${file}: the page did not render cleanly:\n  ${report.errors.join('\n  ')}`);
  }
  const page = await browser.newPage({ deviceScaleFactor: 2 });
  try {
    await page.goto(`file://${path.resolve(file)}`, { waitUntil: 'load' });
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('.dl-workbook-plot')).every((div) =>
        div.querySelector('.main-svg'),
      ),
    );
    fs.mkdirSync(imageDir, { recursive: true });
    const images: string[] = [];
    let html = fs.readFileSync(file, 'utf8');
    for (const [i, plot] of report.plots.entries()) {
      const image = path.join(imageDir, `figure-${i + 1}.png`);
      await page.locator(`#${plot.id}`).screenshot({ path: image });
      images.push(image);
      const src = path.relative(path.dirname(file), image).split(path.sep).join('/');
      const fallback = `<noscript><img src="${src}" alt="figure ${i + 1}" style="max-width:100%"></noscript>`;
      html = html.replace(
        `<div id="${plot.id}" class="dl-workbook-plot"></div>`,
        (div) => div + fallback,
      );
    }
    fs.writeFileSync(file, html);
    return images;
  } finally {
    await page.close();
  }
}
