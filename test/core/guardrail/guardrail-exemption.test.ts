import { guardrailExemptionOf } from '../../../functions/core/guardrail/guardrail-exemption';

const NOW = new Date('2025-06-13T10:00:00Z');

describe("guardrailExemptionOf: a user's exemption as the guardrail's SCPs read it", () => {
  test('no orgmfa:exempt tag: no exemption, whatever else is tagged', () => {
    expect(guardrailExemptionOf({ team: 'ci', 'orgmfa:exempt-until': '2025-12-31' }, NOW)).toEqual({
      state: 'none',
    });
  });

  test.each([
    [{ 'orgmfa:exempt': 'CI user, ticket SEC-12' }, { reason: 'CI user, ticket SEC-12' }],
    [
      { 'orgmfa:exempt': 'migration', 'orgmfa:exempt-until': '2025-06-13' },
      { reason: 'migration', until: '2025-06-13' },
    ],
    [
      { 'orgmfa:exempt': 'migration', 'orgmfa:exempt-until': '2026-06-30T12:00:00Z' },
      { reason: 'migration', until: '2026-06-30' },
    ],
    // IAM matches the tag key of aws:PrincipalTag/<key> in any case.
    [{ 'ORGMFA:Exempt': 'legacy' }, { reason: 'legacy' }],
  ])('%j is honoured', (tags, expected) => {
    expect(guardrailExemptionOf(tags, NOW)).toEqual({ state: 'honoured', ...expected });
  });

  test.each([
    [{ 'orgmfa:exempt': '' }, 'the orgmfa:exempt tag gives no reason'],
    [{ 'orgmfa:exempt': '\u3000' }, 'the orgmfa:exempt tag gives no reason'],
    [{ 'orgmfa:exempt': ' legacy' }, 'the orgmfa:exempt tag gives no reason'],
    [
      { 'orgmfa:exempt': 'migration', 'orgmfa:exempt-until': '2025-06-12' },
      'the orgmfa:exempt-until tag "2025-06-12" ended on 2025-06-12',
    ],
    [
      { 'orgmfa:exempt': 'migration', 'orgmfa:exempt-until': '2026-07-01' },
      'the orgmfa:exempt-until tag "2026-07-01" is more than 12 months ahead',
    ],
    [
      { 'orgmfa:exempt': 'migration', 'orgmfa:exempt-until': 'next week' },
      'the orgmfa:exempt-until tag "next week" does not begin with a date the guardrail reads (YYYY-MM-DD)',
    ],
    [
      { 'orgmfa:exempt': 'migration', 'orgmfa:exempt-until': '2025-13-01' },
      'the orgmfa:exempt-until tag "2025-13-01" does not begin with a date',
    ],
    [
      { 'orgmfa:exempt': 'a', 'Orgmfa:Exempt': 'b' },
      'the exemption tags are set twice, with keys that differ only in case',
    ],
  ])('%j is not honoured: %s', (tags, problem) => {
    const exemption = guardrailExemptionOf(tags, NOW);
    expect(exemption.state).toBe('not-honoured');
    expect(exemption.state === 'not-honoured' && exemption.problem).toContain(problem);
  });

  test('an impossible day of a month still to come is honoured until that month ends (the patterns read no digits)', () => {
    const tags = { 'orgmfa:exempt': 'migration', 'orgmfa:exempt-until': '2025-07-35' };
    expect(guardrailExemptionOf(tags, NOW).state).toBe('honoured');
    expect(guardrailExemptionOf(tags, new Date('2025-07-30T23:59:59Z')).state).toBe('honoured');
    expect(guardrailExemptionOf(tags, new Date('2025-08-01T00:00:00Z'))).toEqual({
      state: 'not-honoured',
      problem:
        'the orgmfa:exempt-until tag "2025-07-35" does not begin with a date the guardrail reads (YYYY-MM-DD)',
    });
    // June has 30 days: the 31st is honoured while June lasts, no longer.
    const june31 = { 'orgmfa:exempt': 'migration', 'orgmfa:exempt-until': '2025-06-31' };
    expect(guardrailExemptionOf(june31, new Date('2025-06-30T23:59:59Z')).state).toBe('honoured');
    expect(guardrailExemptionOf(june31, new Date('2025-07-01T00:00:00Z')).state).toBe('not-honoured');
  });
});
