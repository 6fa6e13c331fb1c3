import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { syntheticReportInput } from '../../bench/synthetic-report';
import { renderHtml } from '../../functions/core/report/html-page';
import { toReportDocument } from '../../functions/core/report/json-document';
import { buildReport } from '../../functions/core/report/report';
import type { Report } from '../../functions/core/report/report';
import { everyControlInput, HOSTILE, NOW } from '../core/report/report-input';
import { launchChromium } from '../helpers/chromium';
import { simulatedBackend } from '../../local/runner/backend';
import { runSweepWorkflow } from '../../local/runner/sweep-run';
import { readOrganizationFixture } from '../../local/sim/fixture';
import { EXAMPLES, projectConfig } from '../helpers/simulated-org';

/**
 * The HTML report in headless Chromium (Debian's package, driven by playwright-core): it renders without
 * console errors or any network request, shows the JSON document's counts, sorts and filters its table,
 * shows hostile text as text, and keeps DOM only for the rows in view.
 */

jest.setTimeout(120_000);

const OUTPUT = join(__dirname, '..', '..', 'test-output', 'report');

interface Opened {
  readonly page: Page;
  readonly requests: string[];
  readonly problems: string[];
  readonly url: string;
}

let browser: Browser;
beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Opens `report` (rendered here), or a page rendered elsewhere (its HTML text), in a new tab. */
async function open(report: Report | string, name: string): Promise<Opened> {
  const path = join(OUTPUT, `${name}.html`);
  writeFileSync(path, typeof report === 'string' ? report : renderHtml(report));
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  const url = pathToFileURL(path).href;
  await page.goto(url);
  await page.waitForSelector('html[data-table="ready"]', { timeout: 60_000 });
  return { page, requests, problems, url };
}

const COLUMNS = 7;

/** The text of the cells of the rows in view, in screen order. */
async function visibleRows(page: Page): Promise<string[][]> {
  const cells = await page.locator('#findings-body .trow:not([hidden]) > span').allTextContents();
  return Array.from({ length: cells.length / COLUMNS }, (_, i) =>
    cells.slice(i * COLUMNS, (i + 1) * COLUMNS),
  );
}

/** Whether the page ran the script a hostile string carries (it sets window.__pwned). */
function pwned(page: Page): Promise<unknown> {
  return page.evaluate('window.__pwned');
}

async function count(page: Page, key: string): Promise<string> {
  return (await page.textContent(`[data-count="${key}"]`)) ?? '';
}

describe('HTML report in Chromium', () => {
  const report = buildReport(everyControlInput());
  const document = toReportDocument(report);
  let opened: Opened;
  beforeAll(async () => {
    opened = await open(report, 'every-control');
  });
  afterAll(async () => {
    await opened.page.close();
  });

  test('renders without console errors and fetches nothing but itself', async () => {
    expect(opened.problems).toEqual([]);
    expect(opened.requests).toEqual([opened.url]);
  });

  test('the counts shown are the JSON document’s', async () => {
    const { page } = opened;
    const { summary } = document;
    const expected: Record<string, number> = {
      'accounts-total': summary.accounts.total,
      'accounts-assessed': summary.accounts.assessed,
      'accounts-not-assessed': summary.accounts.notAssessed,
      'users-evaluated': summary.users.evaluated,
      'users-with-mfa': summary.users.withMfa,
      'failing-total': summary.failing.total,
      'exemptions-total': summary.exemptions.total,
      'exemptions-expiring-soon': summary.exemptions.expiringSoon,
      'rows-total': document.rows.length,
      'severity-CRITICAL': summary.failing.bySeverity.CRITICAL,
      'severity-HIGH': summary.failing.bySeverity.HIGH,
      'severity-MEDIUM': summary.failing.bySeverity.MEDIUM,
      'severity-LOW': summary.failing.bySeverity.LOW,
      'control-ORGMFA.1': summary.failing.byControl['ORGMFA.1'],
      'control-ORGMFA.2': summary.failing.byControl['ORGMFA.2'],
      'control-ORGMFA.3': summary.failing.byControl['ORGMFA.3'],
      'control-ORGMFA.4': summary.failing.byControl['ORGMFA.4'],
      'control-ORGMFA.5': summary.failing.byControl['ORGMFA.5'],
    };
    const shown: Record<string, number> = {};
    for (const key of Object.keys(expected)) shown[key] = Number(await count(page, key));
    expect(shown).toEqual(expected);
    expect(await count(page, 'mfa-share')).toBe('44.4%');
    expect(await page.textContent('#findings-shown')).toBe(String(document.rows.length));
    // The table holds the rows in the document's order.
    expect((await visibleRows(page)).map((cells) => [cells[0], cells[2], cells[4]])).toEqual(
      document.rows.map((row) => [row.severity, row.accountId, row.resource]),
    );
  });

  test('attacker-controlled text is shown as text and never runs', async () => {
    const { page } = opened;
    expect(await pwned(page)).toBeUndefined();
    expect(await page.$$('img')).toHaveLength(0);
    const reasons = await page.locator('#exemptions td').allTextContents();
    expect(reasons).toContain(HOSTILE);
    // The detail pane of the exempt user shows the reason as text too.
    const frank = (await visibleRows(page)).findIndex((cells) => cells[4] === 'frank');
    await page.locator('#findings-body .trow:not([hidden])').nth(frank).click();
    const terms = await page.locator('#finding-detail dd').allTextContents();
    expect(terms).toContain(HOSTILE);
    expect(terms).toContain(document.rows.find((row) => row.resource === 'frank')!.findingId);
    expect(await pwned(page)).toBeUndefined();
  });

  test('the table sorts by a column, both ways', async () => {
    const { page } = opened;
    const resource = page.locator('#findings-head button[data-sort="resource"]');
    await resource.click();
    const ascending = (await visibleRows(page)).map((cells) => cells[4]!);
    expect(ascending).toEqual([...ascending].sort());
    expect(await resource.getAttribute('aria-sort')).toBe('ascending');
    await resource.click();
    const descending = (await visibleRows(page)).map((cells) => cells[4]!);
    expect(descending).toEqual([...ascending].reverse().sort().reverse());
    await page.locator('#findings-head button[data-sort="severity"]').click();
    expect((await visibleRows(page)).map((cells) => cells[0])).toEqual(
      document.rows.map((row) => row.severity),
    );
  });

  test('the table filters by severity, control, status and text', async () => {
    const { page } = opened;
    await page.selectOption('#filter-severity', { label: 'HIGH' });
    expect(await page.textContent('#findings-shown')).toBe('2');
    expect((await visibleRows(page)).map((cells) => [cells[0], cells[4]])).toEqual([
      ['HIGH', 'carol'],
      ['HIGH', 'dave'],
    ]);
    await page.fill('#filter-text', 'DAVE');
    expect((await visibleRows(page)).map((cells) => cells[4])).toEqual(['dave']);
    await page.selectOption('#filter-severity', { label: 'all' });
    await page.fill('#filter-text', '');
    await page.selectOption('#filter-status', { label: 'EXEMPT' });
    expect((await visibleRows(page)).map((cells) => cells[4])).toEqual(['svc-ci', 'frank', 'grace']);
    await page.selectOption('#filter-status', { label: 'all' });
    await page.selectOption('#filter-control', { label: 'ORGMFA.2' });
    expect((await visibleRows(page)).map((cells) => cells[4])).toEqual(['bob', 'carol']);
    await page.selectOption('#filter-control', { label: 'all' });
    await page.fill('#filter-text', 'workloads/prod');
    expect(await page.textContent('#findings-shown')).toBe('6');
    await page.fill('#filter-text', '');
    await page.screenshot({ path: join(OUTPUT, 'every-control.png'), fullPage: true });
  });

  test('without JavaScript the summary still reads and the table says what it needs', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(opened.url);
    expect(await page.textContent('[data-count="failing-total"]')).toBe('7');
    expect(await page.isVisible('#findings-interactive')).toBe(false);
    expect(await page.textContent('#findings')).toContain('The findings table needs JavaScript');
    await context.close();
  });
});

describe('HTML report at scale in Chromium', () => {
  test('only the rows in view have DOM, and scrolling reaches the last row', async () => {
    const report = buildReport(syntheticReportInput(1_000, 50, NOW));
    const { page, problems, requests, url } = await open(report, 'synthetic-1000');
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    expect(await page.textContent('#findings-shown')).toBe(String(report.rows.length));
    const domRows = await page.locator('#findings-body .trow').count();
    expect(report.rows.length).toBeGreaterThan(10_000);
    expect(domRows).toBeLessThan(40);
    await page.locator('#findings-viewport').hover();
    await page.mouse.wheel(0, report.rows.length * 28);
    const last = report.rows.at(-1)!.resource;
    // A locator, not waitForFunction: the page's CSP (no unsafe-eval) refuses evaluated strings.
    await page
      .locator('#findings-body .trow:not([hidden]) > span:nth-child(5)')
      .filter({ hasText: new RegExp(`^${last}$`) })
      .first()
      .waitFor();
    expect(await page.locator('#findings-body .trow').count()).toBe(domRows);
    await page.close();
  });
});

describe('the sweep’s own HTML report (written to S3 by SummarizeSweep) in Chromium', () => {
  test('renders cleanly, shows the counts of `orgmfa local sweep --output json`, and its table filters', async () => {
    // GIVEN a sweep of the shipped example organization, through the real ASL and handlers
    const backend = simulatedBackend(
      readOrganizationFixture(JSON.parse(readFileSync(join(EXAMPLES, 'organization.json'), 'utf8'))),
      projectConfig(),
    );
    const run = await runSweepWorkflow(backend, { sweepId: 'chromium' });
    const bucket = backend
      .sim!.account(backend.settings.hubAccountId)!
      .s3!.buckets.find((b) => b.name === backend.stateBucket)!;
    const html = bucket.objects.find((o) => o.key === run.summary!.report.html)!.body;
    const document = toReportDocument(buildReport(run.findingsReport!));

    // WHEN
    const opened = await open(html, 'sweep-example');
    const { page } = opened;
    try {
      // THEN
      expect(opened.problems).toEqual([]);
      expect(opened.requests).toEqual([opened.url]);
      const { summary } = document;
      expect({
        accounts: Number(await count(page, 'accounts-total')),
        failing: Number(await count(page, 'failing-total')),
        exemptions: Number(await count(page, 'exemptions-total')),
        users: Number(await count(page, 'users-evaluated')),
        rows: Number(await count(page, 'rows-total')),
      }).toEqual({
        accounts: summary.accounts.total,
        failing: summary.failing.total,
        exemptions: summary.exemptions.total,
        users: summary.users.evaluated,
        rows: document.rows.length,
      });
      expect(summary.failing.total).toBe(run.summary!.findings.active);
      await page.selectOption('#filter-severity', { label: 'CRITICAL' });
      expect((await visibleRows(page)).map((cells) => [cells[1], cells[3], cells[4]])).toEqual([
        ['ORGMFA.5', 'management', 'root'],
      ]);
      await page.selectOption('#filter-severity', { label: 'all' });
      await page.screenshot({ path: join(OUTPUT, 'sweep-example.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });
});
