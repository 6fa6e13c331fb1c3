import {
  FindingsRecordFormatError,
  formatFindingsRecord,
  parseFindingsRecord,
} from '../../../functions/core/compliance/findings-record-format';
import type { FindingRecord } from '../../../functions/core/compliance/model';
import { userArn } from './fixtures';

const RECORD: FindingRecord = {
  id: 'orgmfa/111122223333/ORGMFA.1/abc',
  control: 'ORGMFA.1',
  resourceId: userArn('bob'),
  status: 'PASSED',
  since: '2025-06-15T09:00:00.000Z',
  updatedAt: '2025-06-15T10:00:00.000Z',
  digest: 'd',
  evidenceAt: '2025-06-15T10:00:00.000Z',
};

describe('the findings record as stored in S3', () => {
  test('GIVEN a record THEN it is stored as version 2 and read back unchanged', () => {
    const text = formatFindingsRecord('111122223333', [RECORD]);

    expect(JSON.parse(text)).toEqual({ version: 2, accountId: '111122223333', findings: [RECORD] });
    expect(parseFindingsRecord(text)).toEqual([RECORD]);
  });

  test('GIVEN a version-1 record (deployed hubs have them) THEN its active findings migrate, their evidence time their last import', () => {
    const v1 = JSON.stringify({
      accountId: '111122223333',
      active: [
        { id: 'a', control: 'ORGMFA.2', resourceId: userArn('bob'), since: '2025-06-01T00:00:00.000Z' },
        {
          id: 'b',
          control: 'ORGMFA.6',
          resourceId: userArn('erin'),
          since: '2025-06-01T00:00:00.000Z',
          updatedAt: '2025-06-10T00:00:00.000Z',
          digest: 'x',
        },
      ],
    });

    expect(parseFindingsRecord(v1)).toEqual([
      {
        id: 'a',
        control: 'ORGMFA.2',
        resourceId: userArn('bob'),
        since: '2025-06-01T00:00:00.000Z',
        status: 'FAILED',
        evidenceAt: '2025-06-01T00:00:00.000Z',
      },
      {
        id: 'b',
        control: 'ORGMFA.6',
        resourceId: userArn('erin'),
        since: '2025-06-01T00:00:00.000Z',
        updatedAt: '2025-06-10T00:00:00.000Z',
        digest: 'x',
        status: 'EXEMPT',
        evidenceAt: '2025-06-10T00:00:00.000Z',
      },
    ]);
  });

  test.each([
    ['not JSON', 'nope', 'the findings record is not JSON'],
    ['not an object', '[]', 'the findings record is not a JSON object'],
    [
      'a newer format',
      '{"version":3,"findings":[]}',
      'the findings record has format version 3, which this version of orgmfa cannot read',
    ],
  ])('GIVEN %s THEN FindingsRecordFormatError says so', (_label, text, message) => {
    expect(() => parseFindingsRecord(text)).toThrow(FindingsRecordFormatError);
    expect(() => parseFindingsRecord(text)).toThrow(message);
  });
});
