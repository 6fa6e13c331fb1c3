import type { MfaKind, UserFacts } from '../../../functions/core/compliance/model';
import { blockReasons, previewGuardrail } from '../../../functions/core/guardrail/guardrail-preview';

const NOW = new Date('2025-06-13T10:00:00Z');

function user(
  userName: string,
  facts: { console?: boolean; keys?: number; mfa?: MfaKind; tags?: Record<string, string> } = {},
): UserFacts {
  return {
    userName,
    arn: `arn:aws:iam::222222222222:user/${userName}`,
    consolePassword: facts.console ?? false,
    activeAccessKeys: facts.keys ?? 0,
    mfa: facts.mfa ?? 'none',
    tags: facts.tags ?? {},
    evidenceAt: NOW.toISOString(),
  };
}

describe('blockReasons: what the guardrail would stop working for a user', () => {
  test.each<[string, UserFacts, string[]]>([
    ['a console password, no MFA', user('a', { console: true }), ['a console password and no MFA device']],
    ['one key, no MFA', user('b', { keys: 1 }), ['1 active access key and no MFA device']],
    [
      'both, no MFA',
      user('c', { console: true, keys: 2 }),
      ['a console password and no MFA device', '2 active access keys and no MFA device'],
    ],
    [
      'keys and FIDO only',
      user('d', { keys: 1, mfa: 'fido-only' }),
      [
        '1 active access key and only FIDO security keys or passkeys, which GetSessionToken does not take: the keys could not get an MFA session',
      ],
    ],
    [
      'a console password and FIDO only (the console takes FIDO)',
      user('e', { console: true, mfa: 'fido-only' }),
      [],
    ],
    ['keys and a TOTP device', user('f', { keys: 1, mfa: 'otp' }), []],
    [
      'a console password and MFA of a kind not read (no keys)',
      user('g', { console: true, mfa: 'unclassified' }),
      [],
    ],
    ['no credential at all', user('h'), []],
  ])('%s', (_case, facts, reasons) => {
    expect(blockReasons(facts)).toEqual(reasons);
  });
});

describe('previewGuardrail: blocked, exempt, and keys that will need an MFA session', () => {
  test('sorts each user by what the guardrail would do to them today', () => {
    const preview = previewGuardrail(
      [
        user('alice', { console: true }),
        user('bob', { keys: 1, mfa: 'otp' }),
        user('erin', { console: true, tags: { 'orgmfa:exempt': 'break-glass' } }),
        user('liam', {
          keys: 1,
          tags: { 'orgmfa:exempt': 'migration', 'orgmfa:exempt-until': '2025-06-30' },
        }),
        user('frank', {
          console: true,
          tags: { 'orgmfa:exempt': 'contractor', 'orgmfa:exempt-until': '2025-06-12' },
        }),
        user('kate', { console: true, tags: { 'orgmfa:exempt': ' ' } }),
        // Exempt but with MFA on every credential: nothing to preview.
        user('oscar', { console: true, mfa: 'otp', tags: { 'orgmfa:exempt': 'svc' } }),
        // Exempt and using keys with a TOTP device: not told to use sessions (the guardrail lets the keys through).
        user('pat', { keys: 1, mfa: 'otp', tags: { 'orgmfa:exempt': 'svc' } }),
      ],
      NOW,
    );
    expect(preview).toEqual({
      blocked: [
        {
          userName: 'alice',
          arn: expect.stringMatching(/user\/alice$/),
          reasons: ['a console password and no MFA device'],
        },
        {
          userName: 'frank',
          arn: expect.stringMatching(/user\/frank$/),
          reasons: ['a console password and no MFA device'],
          exemptionProblem: 'the orgmfa:exempt-until tag "2025-06-12" ended on 2025-06-12',
        },
        {
          userName: 'kate',
          arn: expect.stringMatching(/user\/kate$/),
          reasons: ['a console password and no MFA device'],
          exemptionProblem: expect.stringContaining('gives no reason'),
        },
      ],
      exempt: [
        {
          userName: 'erin',
          arn: expect.stringMatching(/user\/erin$/),
          reasons: ['a console password and no MFA device'],
          exemption: 'break-glass',
        },
        {
          userName: 'liam',
          arn: expect.stringMatching(/user\/liam$/),
          reasons: ['1 active access key and no MFA device'],
          exemption: 'migration',
          until: '2025-06-30',
        },
      ],
      keysNeedMfaSession: ['bob'],
    });
  });
});
