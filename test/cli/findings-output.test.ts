import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS } from '../../functions/core/report/csv';
import { complianceOrg, MGMT, NO_SECURITY_HUB, PROD } from '../helpers/compliance-org';
import { ocsfErrors } from '../helpers/ocsf-validator';
import { orgmfa } from './helpers/cli-harness';
import { endOperatorSession, operatorSession } from './helpers/operator-session';
import { plainText } from './helpers/terminal';

/**
 * `orgmfa audit` and `orgmfa local sweep` in every output format, on an organization where every
 * control fails somewhere and passes somewhere, with an exemption in force (test/helpers/compliance-org.ts).
 */

const dir = mkdtempSync(join(tmpdir(), 'orgmfa-findings-output-'));

interface Row {
  severity: string;
  control: string;
  accountId: string;
  accountName: string | null;
  resource: string;
  findingId: string;
  status: string;
  remediationUrl: string;
}

const line = (r: Row) => `${r.severity} ${r.control} ${r.accountId} ${r.resource} ${r.status}`;

/** The audit's rows: severity first, then account, then resource; the exemption last (INFORMATIONAL). */
const AUDIT_ROWS = [
  `CRITICAL ORGMFA.5 ${MGMT} root FAILED`,
  `HIGH ORGMFA.1 ${PROD} alice FAILED`,
  `HIGH ORGMFA.1 ${PROD} frank FAILED`,
  `HIGH ORGMFA.1 ${NO_SECURITY_HUB} henry FAILED`,
  `MEDIUM ORGMFA.2 ${PROD} dave FAILED`,
  `MEDIUM ORGMFA.4 ${PROD} seed:gina FAILED`,
  `LOW ORGMFA.3 ${PROD} mfa/old-orphan FAILED`,
  `INFORMATIONAL ORGMFA.6 ${PROD} erin EXEMPT`,
];

afterEach(() => {
  endOperatorSession();
  delete process.env.NO_COLOR;
});

describe('orgmfa audit: one row per finding, in every format', () => {
  const audit = async (args: string[], terminals?: { stdout?: boolean }) => {
    const session = operatorSession();
    const run = await orgmfa(['audit', '--region', 'us-east-1', ...args], {
      decorateClient: session.decorateClient,
      ...(terminals === undefined ? {} : { terminals }),
    });
    return { ...run, calls: session.org.sim.calls };
  };

  test('on a terminal: the summary, then one coloured row per failing finding (severity, control, account and name, resource, title, remediation), exemptions apart', async () => {
    const run = await audit([], { stdout: true });

    expect(run.stdout).toContain('\u001b[1;31mCRITICAL');
    const screen = plainText(run.stdout).split('\n');
    expect(screen.slice(1, 4)).toEqual([
      'Accounts: 5 (3 assessed, 2 not assessed)',
      expect.stringMatching(/^ {2}not assessed: 333333333333 \(sandbox\): /),
      expect.stringMatching(/^ {2}not assessed: 444444444444 \(closing\): account 444444444444 is SUSPENDED/),
    ]);
    expect(screen).toContain('Failing findings: 7 (CRITICAL 1, HIGH 3, MEDIUM 2, LOW 1)');
    const header = screen.findIndex((l) => l.startsWith('SEVERITY'));
    expect(screen[header]).toMatch(/^SEVERITY +CONTROL +ACCOUNT +NAME +RESOURCE +TITLE +REMEDIATION$/);
    const rows = screen.slice(header + 1, header + 8).map((l) => l.split(/ {2,}/).slice(0, 5).join(' '));
    expect(rows).toEqual([
      `CRITICAL ORGMFA.5 ${MGMT} management root`,
      `HIGH ORGMFA.1 ${PROD} workloads-prod alice`,
      `HIGH ORGMFA.1 ${PROD} workloads-prod frank`,
      `HIGH ORGMFA.1 ${NO_SECURITY_HUB} legacy henry`,
      `MEDIUM ORGMFA.2 ${PROD} workloads-prod dave`,
      `MEDIUM ORGMFA.4 ${PROD} workloads-prod seed:gina`,
      `LOW ORGMFA.3 ${PROD} workloads-prod mfa/old-orphan`,
    ]);
    expect(screen[header + 1]).toMatch(
      / Root user has a credential and no MFA device +Sign in as the root user and assign an MFA device/,
    );
    expect(screen.slice(header + 8)).toEqual(
      expect.arrayContaining([
        'Exemptions (ORGMFA.6, informational)',
        expect.stringMatching(
          /^no end +222222222222 +workloads-prod +erin +break-glass account, in the safe$/,
        ),
      ]),
    );
  });

  test('NO_COLOR, or output that is not a terminal: no escape sequence at all', async () => {
    process.env.NO_COLOR = '1';
    const onTerminal = await audit([], { stdout: true });
    delete process.env.NO_COLOR;
    const piped = await audit([]);

    expect(onTerminal.stdout).not.toContain('\u001b[');
    expect(piped.stdout).not.toContain('\u001b[');
    // The same text either way (the first line names the run's time).
    expect(piped.stdout.split('\n').slice(1)).toEqual(onTerminal.stdout.split('\n').slice(1));
  });

  test('json, csv and ocsf carry the same rows in the same order, with the finding id and the remediation URL', async () => {
    const json = await audit(['--output', 'json']);
    const csv = await audit(['--output', 'csv']);
    const ocsf = await audit(['--output', 'ocsf']);

    const rows: Row[] = JSON.parse(json.stdout).rows;
    expect(rows.map(line)).toEqual(AUDIT_ROWS);
    expect(rows.every((r) => r.remediationUrl.startsWith('https://docs.aws.amazon.com/'))).toBe(true);
    expect(rows[0]!.findingId).toMatch(new RegExp(`^orgmfa/${MGMT}/ORGMFA\\.5/`));

    const records: string[][] = parse(csv.stdout);
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    const column = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(
      records
        .slice(1)
        .map((r) =>
          [
            r[column('severity')],
            r[column('control')],
            r[column('account_id')],
            r[column('resource')],
            r[column('status')],
          ].join(' '),
        ),
    ).toEqual(AUDIT_ROWS);
    expect(records.slice(1).map((r) => r[column('finding_id')])).toEqual(rows.map((r) => r.findingId));

    const findings = ocsf.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (const finding of findings) expect(ocsfErrors(finding)).toEqual([]);
    expect(findings.map((f) => f.finding_info.uid)).toEqual(rows.map((r) => r.findingId));
    expect(findings[1]).toMatchObject({ cloud: { account: { uid: PROD, name: 'workloads-prod' } } });
    // Each is a complete run with unreadable accounts: exit 3, whatever the format.
    expect([json.code, csv.code, ocsf.code]).toEqual([3, 3, 3]);
  });

  test('--severity and --control keep only those rows; the summary still counts every finding', async () => {
    const run = await audit(['--output', 'json', '--severity', 'critical,HIGH', '--control', '1,ORGMFA.5']);

    const document = JSON.parse(run.stdout);
    expect(document.filter).toEqual({ severities: ['CRITICAL', 'HIGH'], controls: ['ORGMFA.1', 'ORGMFA.5'] });
    expect(document.rows.map(line)).toEqual(AUDIT_ROWS.slice(0, 4));
    expect(document.summary.failing.total).toBe(7);
  });

  test('--output html needs --out; with it the page is written, self-contained, with the JSON document’s counts', async () => {
    const out = join(dir, 'audit.html');

    const refused = await audit(['--output', 'html']);
    const written = await audit(['--output', 'html', '--out', out]);
    const json = await audit(['--output', 'json']);

    expect(refused).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'orgmfa: --output html writes a page to a file: add --out <file>, e.g. --out report.html\n',
      calls: [],
    });
    expect(written.stdout).toBe('');
    expect(written.stderr).toBe(
      `orgmfa: html report written to ${out}\norgmfa: incomplete: 2 account(s) not assessed (333333333333, 444444444444)\n`,
    );
    const html = readFileSync(out, 'utf8');
    const summary = JSON.parse(json.stdout).summary;
    const count = (key: string) => new RegExp(`data-count="${key}">([^<]*)<`).exec(html)?.[1];
    expect(count('failing-total')).toBe(String(summary.failing.total));
    expect(count('exemptions-total')).toBe(String(summary.exemptions.total));
    expect(count('accounts-not-assessed')).toBe(String(summary.accounts.notAssessed));
    expect(count('users-with-mfa')).toBe(String(summary.users.withMfa));
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
  });

  test.each([
    [
      ['--severity', 'urgent'],
      /^error: option '--severity <list>' argument 'urgent' is invalid\. --severity takes CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL/,
    ],
    [
      ['--control', 'ORGMFA.7'],
      /^error: option '--control <list>' argument 'ORGMFA\.7' is invalid\. --control takes ORGMFA\.1/,
    ],
    [
      ['--concurrency', '0'],
      /^error: option '--concurrency <n>' argument '0' is invalid\. It must be a whole number from 1 to 64\./,
    ],
    [['--concurrency', '2x'], /^error: option '--concurrency <n>' argument '2x' is invalid\./],
    [
      ['--output', 'xml'],
      /^error: option '--output <format>' argument 'xml' is invalid\. Allowed choices are table, json, csv, html, ocsf\./,
    ],
    [
      ['--out', join(dir, 'missing', 'report.csv')],
      /^orgmfa: cannot write --out .*report\.csv: its folder .*missing is missing$/m,
    ],
  ])('%j is refused by the option parser before anything runs: exit 2, one line', async (args, message) => {
    const run = await audit(args);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.calls).toEqual([]);
  });
});

describe('orgmfa local sweep: the same rows, after the sweep', () => {
  const org = join(dir, 'org.json');
  writeFileSync(org, JSON.stringify(complianceOrg(new Date())));
  const sweep = (args: string[]) => orgmfa(['local', 'sweep', '--org', org, ...args]);
  // The sweep deletes the old orphan instead of reporting it (ORGMFA.3 passes afterwards).
  const SWEEP_ROWS = AUDIT_ROWS.filter((r) => !r.includes('ORGMFA.3'));

  test('--output json: the run’s contract with the report document under "report"; --json is the same', async () => {
    const output = await sweep(['--output', 'json']);
    const json = await sweep(['--json']);

    for (const run of [output, json]) {
      const document = JSON.parse(run.stdout);
      expect(document).toMatchObject({ status: 'SUCCEEDED', findings: { active: 6, exempt: 1 } });
      expect(document.report).toMatchObject({ format: 'orgmfa-report', version: 1 });
      expect(document.report.rows.map(line)).toEqual(SWEEP_ROWS);
      expect(run.code).toBe(3);
    }
  });

  test('--output csv and ocsf: the same rows, round-tripping through a CSV parser, each OCSF line valid', async () => {
    // Both filters at once: MEDIUM ORGMFA.2 passes --severity but not --control, CRITICAL ORGMFA.5 neither.
    const csv = await sweep(['--output', 'csv', '--severity', 'high,medium', '--control', '1,ORGMFA.4']);
    const ocsf = await sweep(['--output', 'ocsf']);

    const records: string[][] = parse(csv.stdout);
    expect(records.slice(1).map((r) => `${r[0]} ${r[1]} ${r[2]} ${r[5]} ${r[12]}`)).toEqual([
      `HIGH ORGMFA.1 ${PROD} alice FAILED`,
      `HIGH ORGMFA.1 ${PROD} frank FAILED`,
      `HIGH ORGMFA.1 ${NO_SECURITY_HUB} henry FAILED`,
      `MEDIUM ORGMFA.4 ${PROD} seed:gina FAILED`,
    ]);
    const lines = ocsf.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(SWEEP_ROWS.length);
    for (const finding of lines) expect(ocsfErrors(finding)).toEqual([]);
  });

  test('--output html --out: the page here, and the sweep’s own page in the state bucket (--state-out)', async () => {
    const out = join(dir, 'sweep.html');
    const state = join(dir, 'after.json');

    const run = await sweep(['--output', 'html', '--out', out, '--state-out', state]);

    expect(run.stderr).toMatch(new RegExp(`^orgmfa: html report written to ${out}\n`));
    expect(readFileSync(out, 'utf8')).toContain('data-count="failing-total">6<');
    const hub = JSON.parse(readFileSync(state, 'utf8')).accounts.find((a: { id: string }) => a.id === MGMT);
    const keys: string[] = hub.s3.buckets[0].objects.map((o: { key: string }) => o.key);
    expect(keys.filter((k) => /format=(html|ocsf)\//.test(k))).toEqual([
      expect.stringMatching(/^reports\/sweep=[^/]+\/format=html\/report\.html$/),
      expect.stringMatching(/^reports\/sweep=[^/]+\/format=ocsf\/findings-00000\.ocsf\.jsonl$/),
    ]);
  });

  test('the table: the report’s summary and rows, then what the sweep changed and where its HTML report is', async () => {
    const run = await sweep([]);

    const text = run.stdout;
    expect(text).toMatch(/^status: SUCCEEDED\n\norgmfa sweep sweep-/);
    expect(text).toMatch(
      /\nCRITICAL +ORGMFA\.5 +111111111111 +management +root +Root user has a credential and no MFA device/,
    );
    expect(text).toContain('findings: 6 new, 0 resolved, 6 active, 1 exempt; orphaned devices deleted: 1');
    expect(text).toMatch(
      /\nthe sweep's HTML report: s3:\/\/orgmfa-state-111111111111\/reports\/sweep=[^/]+\/format=html\/report\.html\n$/,
    );
  });

  test('a workflow that FAILED has no findings: --output csv --out writes nothing, and exit 1 says why', async () => {
    const fixture = complianceOrg(new Date());
    delete fixture.accounts.find((a) => a.id === MGMT)!.s3;
    const { decorateClient } = operatorSession(fixture, { stateBucket: false });
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        orgmfa: {
          organizationId: 'o-a1b2c3d4e5',
          managementAccountId: MGMT,
          hubRegion: 'us-east-1',
          targetOrganizationalUnitIds: ['r-a1b2'],
        },
      }),
    );
    const out = join(dir, 'failed.csv');

    const run = await orgmfa(
      ['local', 'sweep', '--backend', 'aws', '--config', config, '--output', 'csv', '--out', out],
      {
        decorateClient,
      },
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^orgmfa: the sweep workflow FAILED: .*NoSuchBucket/);
    expect(existsSync(out)).toBe(false);
  });

  test('--json with another --output is refused: exit 2, nothing run', async () => {
    const run = await sweep(['--json', '--output', 'csv', '--state-out', join(dir, 'never.json')]);

    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'orgmfa: --json is --output json: it cannot be combined with --output csv\n',
    });
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });
});
