import { createHash } from 'node:crypto';
import { CONTROLS } from '../compliance/controls';
import type { ControlId } from '../compliance/model';
import { SEVERITIES } from './finding-rows';
import { barChart, columnChart, shareBar, type Bar } from './html-charts';
import { escapeHtml, jsonForScript } from './html-escape';
import { REPORT_CSS } from './html-style';
import { packRows } from './html-table-data';
import { TABLE_SCRIPT } from './html-table-script';
import type { FindingRow } from './report-model';
import type { Report } from './report';
import { EXPIRING_SOON_DAYS, expiresSoon, mfaShare, worstAccounts, type MfaCoverage } from './summary';

/**
 * `--output html`: one self-contained page. Styles, data and script are inline and the page's
 * Content-Security-Policy (`default-src 'none'`, the style and the script allowed by their SHA-256)
 * forbids every fetch, so opening it contacts nobody and an injected script would not run even if
 * escaping failed. Everything except the interactive findings table reads without JavaScript.
 */

/** Lists are cut here (the JSON and CSV outputs and the findings table have everything). */
const LIST_LIMIT = 500;
const OU_LIMIT = 200;
const NOT_ASSESSED_LIMIT = 1000;
const TOP = 10;

const h = escapeHtml;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function percent(coverage: MfaCoverage): string {
  return coverage.usersEvaluated === 0 ? 'no users' : `${(mfaShare(coverage) * 100).toFixed(1)}%`;
}

function tile(key: string, value: number, what: string): string {
  return `<div class="tile"><span class="value" data-count="${h(key)}">${value}</span><span class="what">${h(what)}</span></div>`;
}

function table(headers: readonly string[], rows: readonly string[], numeric: readonly number[] = []): string {
  const th = headers.map((title, i) => `<th${numeric.includes(i) ? ' class="num"' : ''}>${h(title)}</th>`);
  return `<table class="list"><thead><tr>${th.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function cells(values: readonly (string | number)[], numeric: readonly number[] = []): string {
  return values
    .map(
      (value, i) =>
        `<td${numeric.includes(i) ? ' class="num"' : ''}>${typeof value === 'number' ? value : h(value)}</td>`,
    )
    .join('');
}

function more(total: number, limit: number, where: string): string {
  return total > limit ? `<p class="note">${total - limit} more not listed here: ${h(where)}.</p>` : '';
}

function glance(report: Report): string {
  const { summary } = report;
  const users = { usersEvaluated: summary.users.evaluated, usersWithMfa: summary.users.withMfa };
  return `<section id="glance"><h2>Compliance at a glance</h2>
<p><span class="big" data-count="mfa-share">${h(percent(users))}</span> of IAM users have MFA ${shareBar('IAM users with MFA', mfaShare(users), 240)}</p>
<div class="tiles">
${tile('accounts-total', summary.accounts.total, 'accounts')}
${tile('accounts-assessed', summary.accounts.assessed, 'assessed')}
${tile('accounts-not-assessed', summary.accounts.notAssessed, 'not assessed')}
${tile('users-evaluated', summary.users.evaluated, 'IAM users evaluated')}
${tile('users-with-mfa', summary.users.withMfa, 'with MFA')}
${tile('failing-total', summary.failing.total, 'failing findings')}
${tile('exemptions-total', summary.exemptions.total, 'exemptions in force')}
${tile('exemptions-expiring-soon', summary.exemptions.expiringSoon, `ending within ${EXPIRING_SOON_DAYS} days`)}
</div></section>`;
}

function charts(report: Report): string {
  const { failing } = report.summary;
  const severity: Bar[] = SEVERITIES.filter((s) => s !== 'INFORMATIONAL').map((s) => ({
    label: s,
    value: failing.bySeverity[s],
    className: `bar-${s}`,
    key: `severity-${s}`,
  }));
  const control: Bar[] = (Object.keys(CONTROLS) as ControlId[])
    .filter((id) => id !== 'ORGMFA.6')
    .map((id) => ({
      label: `${id} ${CONTROLS[id].severity}`,
      value: failing.byControl[id],
      className: 'bar-control',
      key: `control-${id}`,
    }));
  const legend = (Object.keys(CONTROLS) as ControlId[])
    .filter((id) => id !== 'ORGMFA.6')
    .map((id) => `<li>${h(id)}: ${h(CONTROLS[id].title)}</li>`)
    .join('');
  return `<section id="charts"><h2>Failing findings by severity and by control</h2><div class="grid2">
<div>${barChart('Failing findings by severity', severity)}</div>
<div>${barChart('Failing findings by control', control)}<ul class="note">${legend}</ul></div></div>
<p class="note">Exemptions (ORGMFA.6, informational) are counted apart and never fail.</p></section>`;
}

function byOu(report: Report): string {
  const ous = [...report.summary.byOu].sort((a, b) => mfaShare(a) - mfaShare(b));
  const rows = ous
    .slice(0, OU_LIMIT)
    .map(
      (ou) =>
        `<tr>${cells([ou.ouPath ?? '(OU unknown)', ou.accounts, ou.usersEvaluated, ou.usersWithMfa], [1, 2, 3])}<td>${shareBar(`${ou.ouPath ?? 'OU unknown'}: users with MFA`, mfaShare(ou))} ${h(percent(ou))}</td>${cells([ou.failing], [0])}</tr>`,
    );
  return `<section id="by-ou"><h2>Users with MFA by OU</h2><p class="note">Lowest share first.</p>
${table(['OU', 'accounts', 'IAM users', 'with MFA', 'share with MFA', 'failing'], rows, [1, 2, 3, 5])}
${more(ous.length, OU_LIMIT, 'see the JSON output')}</section>`;
}

function byAccount(report: Report): string {
  const accounts = report.summary.byAccount;
  const buckets = Array.from({ length: 11 }, (_, i) => ({
    label: i === 10 ? '100%' : `${i * 10}–${i * 10 + 9}%`,
    value: 0,
    className: i === 10 ? 'bar-share' : 'bar-share-low',
  }));
  for (const account of accounts) {
    const share = mfaShare(account);
    buckets[share === 1 ? 10 : Math.min(9, Math.floor(share * 10))]!.value += 1;
  }
  const lowest = [...accounts]
    .filter((account) => account.usersEvaluated > 0)
    .sort((a, b) => mfaShare(a) - mfaShare(b) || b.usersEvaluated - a.usersEvaluated)
    .slice(0, TOP)
    .map(
      (a) =>
        `<tr>${cells([a.accountId, a.accountName ?? '', a.ouPath ?? '', a.usersEvaluated, a.usersWithMfa], [3, 4])}<td>${shareBar(`${a.accountId}: users with MFA`, mfaShare(a))} ${h(percent(a))}</td></tr>`,
    );
  return `<section id="by-account"><h2>Users with MFA by account</h2>
<p class="note">Assessed accounts by their share of IAM users with MFA.</p>
${columnChart('Accounts by share of IAM users with MFA', buckets, 640)}
<h3>Lowest shares</h3>${table(['account', 'name', 'OU', 'IAM users', 'with MFA', 'share'], lowest, [3, 4])}</section>`;
}

function worst(report: Report): string {
  const rows = worstAccounts(report.summary, TOP).map(
    (a) =>
      `<tr>${cells(
        [
          a.accountId,
          a.accountName ?? '',
          a.ouPath ?? '',
          a.failingBySeverity.CRITICAL,
          a.failingBySeverity.HIGH,
          a.failingBySeverity.MEDIUM,
          a.failingBySeverity.LOW,
          a.failing,
          percent(a),
        ],
        [3, 4, 5, 6, 7, 8],
      )}</tr>`,
  );
  return `<section id="worst"><h2>Worst accounts</h2><p class="note">Ranked by their most severe failing findings.</p>
${rows.length === 0 ? '<p>No account has failing findings.</p>' : table(['account', 'name', 'OU', 'CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'failing', 'users with MFA'], rows, [3, 4, 5, 6, 7, 8])}</section>`;
}

function exemptions(report: Report): string {
  const now = new Date(report.summary.generatedAt);
  const exempt = report.rows
    .filter((row) => row.status === 'EXEMPT')
    .sort((a, b) =>
      a.exemptUntil === b.exemptUntil
        ? 0
        : a.exemptUntil === null
          ? 1
          : b.exemptUntil === null
            ? -1
            : a.exemptUntil < b.exemptUntil
              ? -1
              : 1,
    );
  const rows = exempt.slice(0, LIST_LIMIT).map((row) => {
    const soon = expiresSoon(row.exemptUntil, now);
    const until = `${row.exemptUntil ?? 'no end date'}${soon ? ' (ends soon)' : ''}`;
    return `<tr${soon ? ' class="soon"' : ''}>${cells([until, row.accountId, row.accountName ?? '', row.resource, row.exemptionReason ?? ''])}</tr>`;
  });
  return `<section id="exemptions"><h2>Exemptions in force</h2>
<p class="note">Users tagged <code>orgmfa:exempt</code>: informational, never failing. Highlighted: the exemption ends within ${EXPIRING_SOON_DAYS} days.</p>
${rows.length === 0 ? '<p>No exemptions in force.</p>' : table(['until (UTC, inclusive)', 'account', 'name', 'user', 'reason'], rows)}
${more(exempt.length, LIST_LIMIT, 'filter the findings table on ORGMFA.6')}</section>`;
}

function controlList(report: Report, control: ControlId, heading: string, what: string): string {
  const found = report.rows.filter((row) => row.control === control);
  const rows = found
    .slice(0, LIST_LIMIT)
    .map(
      (row: FindingRow) =>
        `<tr>${cells([row.accountId, row.accountName ?? '', row.resource, row.detail])}</tr>`,
    );
  return `<h3>${h(heading)}</h3>${rows.length === 0 ? `<p>None.</p>` : table(['account', 'name', what, 'detail'], rows)}
${more(found.length, LIST_LIMIT, `filter the findings table on ${control}`)}`;
}

function orphansAndSeeds(report: Report): string {
  return `<section id="orphans-seeds"><h2>Orphaned devices and uncollected seeds</h2>
${controlList(report, 'ORGMFA.3', 'Unassigned virtual MFA devices older than the grace period (ORGMFA.3)', 'device')}
${controlList(report, 'ORGMFA.4', 'Provisioned seeds that expired uncollected (ORGMFA.4)', 'seed')}</section>`;
}

function notAssessed(report: Report): string {
  const accounts = report.summary.notAssessed;
  const rows = accounts
    .slice(0, NOT_ASSESSED_LIMIT)
    .map((a) => `<tr>${cells([a.accountId, a.accountName ?? '', a.ouPath ?? '', a.reason])}</tr>`);
  const warnings = report.summary.warnings.flatMap((a) =>
    a.warnings.map(
      (warning) => `<tr>${cells([a.accountId, a.accountName ?? '', a.ouPath ?? '', warning])}</tr>`,
    ),
  );
  return `<section id="not-assessed"><h2>Accounts not assessed</h2>
${rows.length === 0 ? '<p>Every account was assessed.</p>' : table(['account', 'name', 'OU', 'why'], rows)}
${more(accounts.length, NOT_ASSESSED_LIMIT, 'see the JSON output')}
${warnings.length === 0 ? '' : `<h3>Assessed with warnings (not completely)</h3>${table(['account', 'name', 'OU', 'warning'], warnings.slice(0, NOT_ASSESSED_LIMIT))}${more(warnings.length, NOT_ASSESSED_LIMIT, 'see the JSON output')}`}</section>`;
}

function options(values: readonly string[]): string {
  return values.map((value, i) => `<option value="${i}">${h(value)}</option>`).join('');
}

function findingsTable(report: Report): string {
  const header = [
    ['severity', 'Severity'],
    ['control', 'Control'],
    ['account', 'Account'],
    ['name', 'Name'],
    ['resource', 'Resource'],
    ['title', 'Title'],
    ['status', 'Status'],
  ]
    .map(
      ([key, title]) =>
        `<span role="columnheader"><button type="button" data-sort="${key}">${title}</button></span>`,
    )
    .join('');
  return `<section id="findings"><h2>Every finding (<span data-count="rows-total">${report.rows.length}</span>)</h2>
<noscript><p>The findings table needs JavaScript; the same rows are in the JSON and CSV outputs.</p></noscript>
<div id="findings-interactive" hidden>
<div class="controls">
<label>Severity<select id="filter-severity"><option value="">all</option>${options(SEVERITIES)}</select></label>
<label>Control<select id="filter-control"><option value="">all</option>${options(Object.keys(CONTROLS))}</select></label>
<label>Status<select id="filter-status"><option value="">all</option>${options(['FAILED', 'EXEMPT'])}</select></label>
<label>Account, name, OU or resource<input id="filter-text" type="search" autocomplete="off"></label>
<p><span id="findings-shown">0</span> of ${report.rows.length} shown. Click a column to sort, a row for its detail.</p>
</div>
<div class="table" role="table" aria-rowcount="${report.rows.length + 1}">
<div id="findings-head" class="trow thead" role="row">${header}</div>
<div id="findings-viewport" class="viewport"><div id="findings-body" class="spacer tbody" role="rowgroup"></div></div>
</div>
<div id="finding-detail" hidden></div>
</div></section>`;
}

/** The HTML report of `report`: one self-contained page. */
export function renderHtml(report: Report): string {
  const { summary } = report;
  const csp = [
    "default-src 'none'",
    `style-src ${sha256(REPORT_CSS)}`,
    `script-src ${sha256(TABLE_SCRIPT)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const source =
    summary.source.id === undefined ? summary.source.kind : `${summary.source.kind} ${summary.source.id}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>orgmfa report, ${h(summary.generatedAt)}</title>
<style>${REPORT_CSS}</style>
</head><body>
<header><h1>orgmfa: MFA compliance of IAM users</h1><p>${h(source)}, ${h(summary.generatedAt)}</p></header>
<main>
${glance(report)}
${charts(report)}
${worst(report)}
${byOu(report)}
${byAccount(report)}
${exemptions(report)}
${orphansAndSeeds(report)}
${notAssessed(report)}
${findingsTable(report)}
</main>
<script type="application/json" id="report-data">${jsonForScript(packRows(report.rows))}</script>
<script>${TABLE_SCRIPT}</script>
</body></html>
`;
}
