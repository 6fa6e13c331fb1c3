import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderCsv } from '../functions/core/report/csv';
import { renderHtml } from '../functions/core/report/html-page';
import { renderJson } from '../functions/core/report/json-document';
import { renderOcsf } from '../functions/core/report/ocsf';
import { buildReport } from '../functions/core/report/report';
import { chromiumInstalled, launchChromium } from '../test/helpers/chromium';
import { syntheticReportInput } from './synthetic-report';

const ACCOUNTS = 10_000;
const USERS = 50;

function mb(text: string): string {
  return `${(Buffer.byteLength(text) / 1_048_576).toFixed(1)} MB`;
}

function timed<T>(work: () => T): [T, number] {
  const began = performance.now();
  const result = work();
  return [result, performance.now() - began];
}

/** An expression for the page: runs `action` (synchronous handlers) and returns how long it took, in ms. */
function timedInPage(action: string): string {
  return `(() => { const began = performance.now(); ${action}; return performance.now() - began; })()`;
}

/**
 * The report at 10,000 accounts × 50 users: rows built directly from a synthetic input (no sweep), each
 * rendering's size and time, and the HTML page in headless Chromium (load to interactive table, a sort,
 * a filter, the DOM rows and the JS heap).
 */
export async function benchReport(): Promise<string[]> {
  const input = syntheticReportInput(ACCOUNTS, USERS, new Date('2026-11-21T09:00:00Z'));
  const [report, buildMs] = timed(() => buildReport(input));
  const [html, htmlMs] = timed(() => renderHtml(report));
  const [json, jsonMs] = timed(() => renderJson(report));
  const [csv, csvMs] = timed(() => renderCsv(report.rows));
  const [ocsf, ocsfMs] = timed(() =>
    renderOcsf(report.rows, {
      generatedAt: input.generatedAt,
      partition: 'aws',
      region: 'us-east-1',
      productVersion: 'bench',
    }),
  );
  const lines = [
    `Report over ${ACCOUNTS.toLocaleString('en-US')} accounts × ${USERS} users (rows built directly from a synthetic input, no sweep)`,
    `  rows: ${report.rows.length.toLocaleString('en-US')} (${report.summary.failing.total.toLocaleString('en-US')} failing, ${report.summary.exemptions.total.toLocaleString('en-US')} exemptions); built and summarized in ${buildMs.toFixed(0)} ms`,
    `  HTML ${mb(html)} in ${htmlMs.toFixed(0)} ms; JSON ${mb(json)} in ${jsonMs.toFixed(0)} ms; CSV ${mb(csv)} in ${csvMs.toFixed(0)} ms; OCSF ${mb(ocsf)} in ${ocsfMs.toFixed(0)} ms`,
  ];
  if (!chromiumInstalled())
    return [...lines, '  Chromium: not installed (apt-get install chromium), page not measured'];
  const dir = mkdtempSync(join(tmpdir(), 'orgmfa-bench-report-'));
  const browser = await launchChromium();
  try {
    const path = join(dir, 'report.html');
    writeFileSync(path, html);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    let requests = 0;
    page.on('request', () => (requests += 1));
    const began = performance.now();
    await page.goto(pathToFileURL(path).href);
    const loadedMs = performance.now() - began;
    await page.waitForSelector('html[data-table="ready"]', { timeout: 120_000 });
    const readyMs = performance.now() - began;
    const sortMs = await page.evaluate<number>(
      timedInPage(`document.querySelector('#findings-head button[data-sort="resource"]').click()`),
    );
    const filterMs = await page.evaluate<number>(
      timedInPage(
        `const select = document.querySelector('#filter-severity'); select.value = '0'; select.dispatchEvent(new Event('change'))`,
      ),
    );
    const domRows = await page.locator('#findings-body .trow').count();
    const heap = await page.evaluate<number>('performance.memory.usedJSHeapSize');
    lines.push(
      `  Chromium (headless, ${await browser.version()}): load event ${loadedMs.toFixed(0)} ms, interactive table ${readyMs.toFixed(0)} ms after navigation; sort by resource ${sortMs.toFixed(0)} ms, filter by severity ${filterMs.toFixed(0)} ms`,
      `  ${domRows} row elements in the DOM for ${report.rows.length.toLocaleString('en-US')} rows; JS heap ${(heap / 1_048_576).toFixed(0)} MB; requests: ${requests} (the page itself)`,
    );
    return lines;
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
