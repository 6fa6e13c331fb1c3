import {
  CredentialReportFormatError,
  parseCredentialReport,
  skippedLineWarnings,
  type CredentialReport,
} from '../../../functions/core/compliance/credential-report';
import { ACCOUNT, userArn } from './fixtures';

/** IAM's columns, in the order IAM writes them. */
const HEADER = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
];

/** Rows as IAM writes them: root's password columns not_supported, N/A where a credential is absent. */
const ROWS = [
  `<root_account>,arn:aws:iam::${ACCOUNT}:root,2019-03-01T09:12:44+00:00,not_supported,2025-05-02T17:40:03+00:00,not_supported,not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  `alice,${userArn('alice')},2021-02-03T10:00:00+00:00,true,2025-05-30T08:15:00+00:00,2024-11-01T09:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  `bob,${userArn('bob')},2022-07-19T14:30:12+00:00,true,no_information,2022-07-19T14:31:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  `ci-deploy,arn:aws:iam::${ACCOUNT}:user/service/ci-deploy,2020-01-08T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2024-01-01T00:00:00+00:00,2025-05-31T23:00:00+00:00,us-east-1,s3,true,2025-03-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A`,
  `carol,${userArn('carol')},2023-09-09T09:09:09+00:00,false,N/A,N/A,N/A,false,false,2023-09-09T09:10:00+00:00,2023-10-01T00:00:00+00:00,eu-west-1,ec2,false,N/A,N/A,N/A,N/A,true,2023-09-09T09:11:00+00:00,false,N/A`,
];

/** What `run` throws; fails the test when it does not. */
function thrownBy(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

const REPORT = [HEADER.join(','), ...ROWS].join('\n');

const EXPECTED: CredentialReport = {
  skipped: [],
  users: [
    {
      userName: 'alice',
      arn: userArn('alice'),
      passwordEnabled: true,
      mfaActive: true,
      activeAccessKeys: 0,
      createdAt: '2021-02-03T10:00:00+00:00',
    },
    {
      userName: 'bob',
      arn: userArn('bob'),
      passwordEnabled: true,
      mfaActive: false,
      activeAccessKeys: 0,
      createdAt: '2022-07-19T14:30:12+00:00',
    },
    {
      userName: 'ci-deploy',
      arn: `arn:aws:iam::${ACCOUNT}:user/service/ci-deploy`,
      passwordEnabled: false,
      mfaActive: false,
      activeAccessKeys: 2,
      createdAt: '2020-01-08T00:00:00+00:00',
    },
    // An inactive key still has dates; only access_key_<n>_active counts.
    {
      userName: 'carol',
      arn: userArn('carol'),
      passwordEnabled: false,
      mfaActive: false,
      activeAccessKeys: 0,
      createdAt: '2023-09-09T09:09:09+00:00',
    },
  ],
};

/** The report with its columns in another order (and the rows likewise), as CSV lines. */
function reordered(order: readonly number[]): string {
  return [HEADER, ...ROWS.map((row) => row.split(','))]
    .map((fields) => order.map((i) => fields[i]).join(','))
    .join('\n');
}

describe('parseCredentialReport: IAM’s CSV, columns found by name', () => {
  test('GIVEN a realistic report THEN the users are read (the root row is not a user), N/A and not_supported as false', () => {
    expect(parseCredentialReport(REPORT)).toEqual(EXPECTED);
  });

  test('GIVEN the columns in another order THEN the same report is read', () => {
    const order = HEADER.map((_, i) => i).reverse();

    expect(parseCredentialReport(reordered(order))).toEqual(EXPECTED);
  });

  test('GIVEN CRLF line endings, a byte-order mark, a trailing newline and a blank line THEN the same report is read', () => {
    const text = `\uFEFF${[HEADER.join(','), ...ROWS.slice(0, 2), '', ...ROWS.slice(2)].join('\r\n')}\r\n`;

    expect(parseCredentialReport(text)).toEqual(EXPECTED);
  });

  test('GIVEN booleans in capitals (as the documentation writes them) THEN they are read the same', () => {
    expect(
      parseCredentialReport(REPORT.replaceAll(',true,', ',TRUE,').replaceAll(',false,', ',FALSE,')),
    ).toEqual(EXPECTED);
  });

  test('GIVEN no <root_account> row THEN the users are read all the same', () => {
    expect(parseCredentialReport([HEADER.join(','), ROWS[1]].join('\n'))).toEqual({
      users: [EXPECTED.users[0]],
      skipped: [],
    });
  });

  test('GIVEN a header only THEN there are no users', () => {
    expect(parseCredentialReport(HEADER.join(','))).toEqual({ users: [], skipped: [] });
  });
});

describe('parseCredentialReport: names with commas (IAM allows , in user names and paths)', () => {
  const name = 'smith,john';
  const arn = `arn:aws:iam::${ACCOUNT}:user/team,a/${name}`;
  const expected = {
    userName: name,
    arn,
    passwordEnabled: true,
    mfaActive: false,
    activeAccessKeys: 1,
    createdAt: '2021-02-03T10:00:00+00:00',
  };
  const rest =
    '2021-02-03T10:00:00+00:00,true,N/A,N/A,N/A,false,true,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';

  test('GIVEN the name and ARN unquoted THEN the extra fields are given back to them', () => {
    const report = parseCredentialReport([HEADER.join(','), `${name},${arn},${rest}`].join('\n'));

    expect(report.users).toEqual([expected]);
  });

  test('GIVEN the name and ARN quoted (RFC 4180) THEN they are read whole', () => {
    const report = parseCredentialReport([HEADER.join(','), `"${name}","${arn}",${rest}`].join('\n'));

    expect(report.users).toEqual([expected]);
  });

  test('GIVEN a quoted path with an escaped quote and a comma THEN it is unescaped', () => {
    const quoted = `arn:aws:iam::${ACCOUNT}:user/we""ird,path/alice`;
    const report = parseCredentialReport([HEADER.join(','), `alice,"${quoted}",${rest}`].join('\n'));

    expect(report).toEqual({
      users: [{ ...expected, userName: 'alice', arn: `arn:aws:iam::${ACCOUNT}:user/we"ird,path/alice` }],
      skipped: [],
    });
  });

  test('GIVEN an unquoted path with a comma and a quote that opens a field THEN the row is read as plain fields', () => {
    // IAM allows any printable ASCII in a path; unquoted, `,"b` starts what a CSV reader takes for a
    // quoted field that never ends.
    const path = '/a,"b/';
    const row = `bob,arn:aws:iam::${ACCOUNT}:user${path}bob,${rest}`;

    expect(parseCredentialReport([HEADER.join(','), row, ROWS[1]].join('\n'))).toEqual({
      users: [
        { ...expected, userName: 'bob', arn: `arn:aws:iam::${ACCOUNT}:user${path}bob` },
        EXPECTED.users[0],
      ],
      skipped: [],
    });
  });

  test('GIVEN an unquoted path such as /a,"b",c/ that also reads as RFC 4180 CSV THEN both readings are kept, the quoted one first', () => {
    // As CSV, "b" is a quoted field: the ARN loses its quotes and still ends in the user name.
    const path = '/a,"b",c/';
    const row = `mallory,arn:aws:iam::${ACCOUNT}:user${path}mallory,${rest}`;

    const report = parseCredentialReport([HEADER.join(','), row].join('\n'));

    expect(report).toEqual({
      users: [
        {
          ...expected,
          userName: 'mallory',
          arn: `arn:aws:iam::${ACCOUNT}:user/a,b,c/mallory`,
          otherReading: {
            ...expected,
            userName: 'mallory',
            arn: `arn:aws:iam::${ACCOUNT}:user${path}mallory`,
          },
        },
      ],
      skipped: [],
    });
  });
});

describe('parseCredentialReport: a row that cannot be read is skipped and said, the others are read', () => {
  test.each([
    ['a short row', `alice,${userArn('alice')},true`, 'it has 3 fields, the header 22'],
    ['extra fields that are no ARN', `alice,x,${'y,'.repeat(20)}z`, 'it has 23 fields, the header 22'],
    ['an unterminated quote', `"alice,${userArn('alice')}`, 'unterminated quoted field at column 1'],
    ['text after a quote', `"alice"x,${userArn('alice')}`, 'text after a closing quote at column 8'],
    [
      'a user whose ARN does not end in its name',
      ROWS[1]!.replace('alice,', 'mallory,'),
      'its user and ARN columns do not match (an unusual character in the user name or path?)',
    ],
  ])(
    'GIVEN %s THEN that line is skipped with the reason, and the rows around it are read',
    (_, bad, reason) => {
      const report = parseCredentialReport([HEADER.join(','), ROWS[0], bad, ...ROWS.slice(1)].join('\n'));

      expect(report).toEqual({ users: EXPECTED.users, skipped: [{ line: 3, reason }] });
    },
  );

  test('skipped lines become account warnings: a few with their line, then a count', () => {
    const skipped = Array.from({ length: 7 }, (_, i) => ({
      line: i + 2,
      reason: 'it has 3 fields, the header 22',
    }));

    expect(skippedLineWarnings(skipped)).toEqual([
      ...[2, 3, 4, 5, 6].map(
        (line) =>
          `credential report line ${line} skipped (its user was not evaluated): it has 3 fields, the header 22`,
      ),
      'credential report: 2 more lines skipped',
    ]);
  });
});

describe('parseCredentialReport: a report without a usable header is refused, with why', () => {
  test.each([
    ['an empty text', '', 'the credential report is empty (no header row)'],
    [
      'no mfa_active column',
      HEADER.filter((c) => c !== 'mfa_active').join(','),
      'the credential report has no "mfa_active" column',
    ],
    [
      'no user_creation_time column',
      HEADER.filter((c) => c !== 'user_creation_time').join(','),
      'the credential report has no "user_creation_time" column',
    ],
    [
      'no access key columns',
      HEADER.filter((c) => !c.startsWith('access_key')).join(','),
      'the credential report has no access_key_<n>_active column',
    ],
    [
      'a header that is not CSV',
      `"user,${HEADER.slice(1).join(',')}`,
      "the credential report's header: unterminated quoted field at column 1",
    ],
  ])('GIVEN %s THEN CredentialReportFormatError says so', (_, text, message) => {
    const error = thrownBy(() => parseCredentialReport(text));

    expect(error).toBeInstanceOf(CredentialReportFormatError);
    expect([error.name, error.message]).toEqual(['CredentialReportFormat', message]);
  });
});
