import { buildReport } from '../../../functions/core/report/report';
import { renderTerminal } from '../../../functions/core/report/terminal';
import { colourEnabled, printable } from '../../../functions/core/report/terminal-text';
import { everyControlInput } from './report-input';

const ESC = '\u001b';

describe('terminal rendering', () => {
  test('the summary, then one line per failing finding in order, then the exemptions apart', () => {
    const lines = renderTerminal(buildReport(everyControlInput()), { colour: false }).split('\n');
    expect(lines.slice(0, 7)).toEqual([
      'orgmfa audit, 2026-11-21T09:00:00.000Z',
      'Accounts: 4 (3 assessed, 1 not assessed)',
      '  not assessed: 444444444444 (legacy): AccessDenied: the member role cannot be assumed',
      'IAM users: 9 evaluated, 4 with MFA (44.4%)',
      'Failing findings: 7 (CRITICAL 1, HIGH 2, MEDIUM 3, LOW 1)',
      '  by control: ORGMFA.1 2, ORGMFA.2 2, ORGMFA.3 1, ORGMFA.4 1, ORGMFA.5 1',
      'Exemptions in force: 3 (1 ending within 14 days); informational, never failing',
    ]);
    const header = lines[8]!;
    expect(header.split(/ {2,}/)).toEqual([
      'SEVERITY',
      'CONTROL',
      'ACCOUNT',
      'NAME',
      'RESOURCE',
      'TITLE',
      'REMEDIATION',
    ]);
    const findings = lines.slice(9, 16).map((line) => line.split(/ {2,}/));
    expect(findings.map((cells) => cells.slice(0, 5))).toEqual([
      ['CRITICAL', 'ORGMFA.5', '111111111111', 'prod-payments', 'root'],
      ['HIGH', 'ORGMFA.1', '111111111111', 'prod-payments', 'carol'],
      ['HIGH', 'ORGMFA.1', '222222222222', '=HYPERLINK("http://evil.examp…', 'dave'],
      ['MEDIUM', 'ORGMFA.2', '111111111111', 'prod-payments', 'bob'],
      ['MEDIUM', 'ORGMFA.2', '111111111111', 'prod-payments', 'carol'],
      ['MEDIUM', 'ORGMFA.4', '222222222222', '=HYPERLINK("http://evil.examp…', 'seed:erin'],
      ['LOW', 'ORGMFA.3', '111111111111', 'prod-payments', 'mfa/old-phone'],
    ]);
    expect(findings[0]!.slice(5)).toEqual([
      'Root user has a credential and no MFA device',
      'Sign in as the root user and assign an MFA device on the Security credentials page (root MFA can be enabled only in the AWS Management Console), or remove the root credentials of a member account through centralized root access in AWS Organizations.',
    ]);
    // Columns line up: every finding's control starts where the header's does.
    for (const line of lines.slice(9, 16)) expect(line.indexOf('ORGMFA.')).toBe(header.indexOf('CONTROL'));
    expect(lines.slice(16)).toEqual([
      '',
      'Exemptions (ORGMFA.6, informational)',
      expect.stringMatching(/^UNTIL +ACCOUNT +NAME +USER +REASON$/),
      expect.stringMatching(/^2026-11-30 \(soon\) +111111111111 +prod-payments +svc-ci +CI runner$/),
      expect.stringMatching(/^no end +222222222222 .+ frank +<\/script><script>/),
      expect.stringMatching(/^2027-06-30 +222222222222 .+ grace +vendor appliance$/),
    ]);
    expect(lines.join('\n')).not.toContain(ESC);
  });

  test('filters are said, and exemptions go with the filter', () => {
    const text = renderTerminal(
      buildReport(everyControlInput(), { severities: ['CRITICAL'], controls: ['ORGMFA.5'] }),
      {
        colour: false,
      },
    );
    const lines = text.split('\n');
    expect(lines.slice(9)).toEqual([
      expect.stringMatching(/^CRITICAL +ORGMFA\.5 +111111111111 /),
      '(1 failing findings shown with --severity CRITICAL --control ORGMFA.5)',
    ]);
  });

  test('no failing findings is said plainly', () => {
    const input = everyControlInput();
    const passing = { ...input, results: input.results.filter((r) => r.verdict === 'PASSED') };
    const lines = renderTerminal(buildReport(passing), { colour: false }).split('\n');
    expect(lines).toContain('No failing findings.');
    expect(lines).toContain('Failing findings: 0');
  });

  test('with colour, the severity cell is coloured after padding, so columns still line up', () => {
    const text = renderTerminal(buildReport(everyControlInput()), { colour: true });
    const lines = text.split('\n');
    expect(lines[9]).toMatch(new RegExp(`^${ESC}\\[1;31mCRITICAL${ESC}\\[0m  ORGMFA\\.5`));
    expect(lines[10]).toMatch(new RegExp(`^${ESC}\\[31mHIGH    ${ESC}\\[0m  ORGMFA\\.1`));
    const strip = (line: string) => line.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');
    expect(lines.map(strip)).toEqual(
      renderTerminal(buildReport(everyControlInput()), { colour: false }).split('\n'),
    );
  });

  test('a name with escape sequences or a bidirectional override is shown, not obeyed', () => {
    const input = everyControlInput();
    const hostile = {
      ...input,
      accounts: input.accounts.map((a) =>
        a.accountId === '111111111111' ? { ...a, name: `p${ESC}]0;x\u0007\u202eq` } : a,
      ),
    };
    const text = renderTerminal(buildReport(hostile), { colour: false });
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('\u202e');
    expect(text).toContain('p\\u{1b}]0;x\\u{7}\\u{202e}q');
    expect(printable('tab\there')).toBe('tab\\u{9}here');
  });

  test.each([
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true],
    [true, { TERM: 'dumb' }, false],
    [false, { FORCE: '1' }, false],
  ])('colour on a TTY %s with %j: %s', (isTty, env, expected) => {
    expect(colourEnabled({ isTty }, env)).toBe(expected);
  });
});
