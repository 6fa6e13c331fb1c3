import { IniEditError, parseIni, sectionsNamed, upsertSection, valuesOf } from '../../cli/aws-files/ini';
import {
  CONFIG_WITH_SSO,
  CREDENTIALS_CRLF_NO_FINAL_NEWLINE,
  CREDENTIALS_LF,
  sectionBounds,
} from './helpers/aws-files';

const OWNED = new Set([
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'aws_security_token',
  'x_expires',
]);
const SESSION: [string, string][] = [
  ['aws_access_key_id', 'ASIANEW'],
  ['aws_secret_access_key', 'newsecret'],
  ['aws_session_token', 'newtoken'],
  ['x_expires', '2030-01-01T00:00:00.000Z'],
];

describe('parseIni reads what the AWS SDK reads', () => {
  test('sections, values without comments, sub-properties apart, a BOM ignored', () => {
    const doc = parseIni(Buffer.from(CONFIG_WITH_SSO, 'utf8'));

    expect(doc.sections.map((s) => s.name)).toEqual([
      'default',
      'sso-session corp',
      'profile sso-admin',
      'profile work',
      'services local',
    ]);
    expect(Object.fromEntries(valuesOf(doc, 'profile work')!)).toEqual({
      region: 'eu-central-1',
      mfa_serial: 'arn:aws:iam::222222222222:mfa/alice-phone',
    });
    // `s3 =` opens sub-properties; its indented lines are not top-level keys.
    expect([...valuesOf(doc, 'profile sso-admin')!.keys()]).toEqual([
      'sso_session',
      'sso_account_id',
      'sso_role_name',
      's3',
    ]);
    expect(valuesOf(doc, 'default')!.get('region')).toBe('us-east-1');
  });

  test('each section knows its byte range; ranges tile the file after the preamble', () => {
    const bytes = Buffer.from(CREDENTIALS_LF, 'utf8');
    const doc = parseIni(bytes);
    const work = sectionsNamed(doc, 'work')[0]!;

    expect(bytes.subarray(work.start, work.bodyStart).toString()).toBe('[work]\n');
    expect(bytes.subarray(work.bodyStart, work.end).toString()).toBe(
      'aws_access_key_id=AKIAI44QH8DHBEXAMPLE\naws_secret_access_key=je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY   # rotated in March\n\n',
    );
    for (let i = 1; i < doc.sections.length; i++)
      expect(doc.sections[i]!.start).toBe(doc.sections[i - 1]!.end);
    expect(doc.sections.at(-1)!.end).toBe(bytes.length);
    expect(doc.eol).toBe('\n');
    expect(parseIni(CREDENTIALS_CRLF_NO_FINAL_NEWLINE).eol).toBe('\r\n');
  });

  test('a repeated section is seen as its merged values, as the SDKs merge them', () => {
    const doc = parseIni('[a]\nx = 1\ny = 2\n[b]\nz = 3\n[a]\ny = 9\n');
    expect(sectionsNamed(doc, 'a')).toHaveLength(2);
    expect(Object.fromEntries(valuesOf(doc, 'a')!)).toEqual({ x: '1', y: '9' });
  });
});

describe('upsertSection changes one section and keeps every other byte', () => {
  test('a new section is appended after a blank line; the file before it is untouched', () => {
    const before = Buffer.from(CREDENTIALS_LF, 'utf8');
    const after = upsertSection(parseIni(before), 'work-mfa', SESSION, OWNED);

    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(after.subarray(before.length).toString()).toBe(
      '\n[work-mfa]\naws_access_key_id = ASIANEW\naws_secret_access_key = newsecret\naws_session_token = newtoken\nx_expires = 2030-01-01T00:00:00.000Z\n',
    );
  });

  test('CRLF without a final line ending: the section is rewritten in place, in CRLF, and the rest is byte-identical', () => {
    const text = CREDENTIALS_CRLF_NO_FINAL_NEWLINE;
    const { start, end } = sectionBounds(text, '[work-mfa]');
    const after = upsertSection(parseIni(text), 'work-mfa', SESSION, OWNED).toString('latin1');

    expect(after.startsWith(text.slice(0, start))).toBe(true);
    expect(after.endsWith(text.slice(end))).toBe(true);
    expect(after.endsWith('EXAMPLEKEY')).toBe(true);
    expect(after.slice(start, after.length - (text.length - end))).toBe(
      [
        '[work-mfa]',
        '# written by orgmfa; region kept by hand',
        'region = us-west-2',
        'aws_access_key_id = ASIANEW',
        'aws_secret_access_key = newsecret',
        'aws_session_token = newtoken',
        // aws_security_token is owned but not written now: removed, not left stale.
        'x_security_token_expires = 2020-01-01T00:00:00.000Z',
        'x_orgmfa_source_profile = work',
        'x_expires = 2030-01-01T00:00:00.000Z',
        '',
        '',
      ].join('\r\n'),
    );
  });

  test('a new section at the end of a file without a final line ending keeps it without one', () => {
    const text = CREDENTIALS_CRLF_NO_FINAL_NEWLINE;
    const after = upsertSection(parseIni(text), 'other', [['aws_access_key_id', 'ASIA1']], OWNED).toString(
      'latin1',
    );
    expect(after).toBe(`${text}\r\n\r\n[other]\r\naws_access_key_id = ASIA1`);
  });

  test('keys added to the last section of a file without a final line ending', () => {
    const text = '[a]\r\nregion = x';
    const after = upsertSection(parseIni(text), 'a', [['aws_access_key_id', 'K']], OWNED).toString('latin1');
    expect(after).toBe('[a]\r\nregion = x\r\naws_access_key_id = K');
  });

  test('new keys go after sub-properties, not between a key and its indented lines', () => {
    const text = '[a]\ns3 =\n  max_concurrent_requests = 20\n\n# next\n[b]\n';
    const after = upsertSection(parseIni(text), 'a', [['aws_access_key_id', 'K']], OWNED).toString();
    expect(after).toBe('[a]\ns3 =\n  max_concurrent_requests = 20\naws_access_key_id = K\n\n# next\n[b]\n');
  });

  test('indentation of a rewritten key and inline comments of other keys are kept', () => {
    const text = '[p]\n  aws_access_key_id = OLD ; old key\n  region = eu-west-1 # home\n';
    const after = upsertSection(parseIni(text), 'p', [['aws_access_key_id', 'NEW']], OWNED).toString();
    expect(after).toBe('[p]\n  aws_access_key_id = NEW\n  region = eu-west-1 # home\n');
  });

  test('bytes that are not UTF-8 survive outside the section', () => {
    const before = Buffer.concat([
      Buffer.from('# caf'),
      Buffer.from([0xe9, 0xff]),
      Buffer.from('\n[x]\ny = 1\n'),
    ]);
    const after = upsertSection(parseIni(before), 'z', [['aws_access_key_id', 'K']], OWNED);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
  });

  test('an empty file gets just the section', () => {
    expect(upsertSection(parseIni(''), 'p', [['aws_access_key_id', 'K']], OWNED).toString()).toBe(
      '[p]\naws_access_key_id = K\n',
    );
  });

  test('a repeated section, a header-breaking name or a value with a line break is refused', () => {
    const repeated = parseIni('[a]\nx = 1\n[a]\ny = 2\n');
    expect(() => upsertSection(repeated, 'a', SESSION, OWNED)).toThrow(
      new IniEditError('section [a] appears 2 times; merge the copies by hand first'),
    );
    expect(() => upsertSection(parseIni(''), 'a]\n[b', SESSION, OWNED)).toThrow(IniEditError);
    expect(() => upsertSection(parseIni(''), 'a', [['aws_session_token', 'x\ny']], OWNED)).toThrow(
      IniEditError,
    );
    expect(() => upsertSection(parseIni(''), 'a', [['region', 'x']], OWNED)).toThrow(IniEditError);
  });
});
