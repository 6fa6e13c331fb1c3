import {
  OCSF_VERSION,
  renderOcsf,
  toOcsfFinding,
  type OcsfContext,
} from '../../../functions/core/report/ocsf';
import { buildReport } from '../../../functions/core/report/report';
import { COMPLIANCE_FINDING_SCHEMA, ocsfErrors } from '../../helpers/ocsf-validator';
import { everyControlInput, NOW } from './report-input';

const CONTEXT: OcsfContext = {
  generatedAt: NOW,
  partition: 'aws',
  region: 'us-east-1',
  organizationId: 'o-a1b2c3d4e5',
  productVersion: '0.1.0',
};

describe('OCSF export', () => {
  const report = buildReport(everyControlInput());
  const lines = renderOcsf(report.rows, CONTEXT).split('\n');

  test('one JSON line per row, each a valid OCSF 1.6.0 Compliance Finding with the cloud profile', () => {
    expect(OCSF_VERSION).toBe(COMPLIANCE_FINDING_SCHEMA.version);
    expect(lines).toHaveLength(report.rows.length);
    for (const line of lines) expect(ocsfErrors(JSON.parse(line))).toEqual([]);
  });

  test('a failing finding: class, severity, compliance Fail, finding New, the account and the resource', () => {
    const root = JSON.parse(lines[0]!);
    expect(root).toMatchObject({
      class_uid: 2003,
      category_uid: 2,
      type_uid: 200301,
      severity_id: 5,
      severity: 'Critical',
      status_id: 1,
      time: NOW.getTime(),
      metadata: {
        version: '1.6.0',
        profiles: ['cloud'],
        product: { name: 'orgmfa', vendor_name: 'orgmfa', version: '0.1.0' },
      },
      finding_info: { uid: report.rows[0]!.findingId, title: 'Root user has a credential and no MFA device' },
      compliance: { control: 'ORGMFA.5', status_id: 3, status: 'Fail', standards: ['orgmfa'] },
      remediation: { references: [report.rows[0]!.remediationUrl] },
      resources: [
        { uid: 'AWS::::Account:111111111111', name: 'root', type: 'AwsAccount', cloud_partition: 'aws' },
      ],
      cloud: {
        provider: 'AWS',
        region: 'us-east-1',
        account: { uid: '111111111111', name: 'prod-payments', type_id: 10, type: 'AWS Account' },
        org: { uid: 'o-a1b2c3d4e5' },
      },
    });
  });

  test('an exemption is compliance Warning and finding Suppressed, with its reason and end, never Fail', () => {
    const exempt = lines
      .map((line) => JSON.parse(line))
      .filter((event) => event.compliance.control === 'ORGMFA.6');
    expect(exempt).toHaveLength(3);
    for (const event of exempt) {
      expect([event.compliance.status_id, event.status_id, event.severity_id]).toEqual([2, 3, 1]);
    }
    expect(exempt[0].compliance.status_details).toEqual(['Exempt from MFA until 2026-11-30: CI runner']);
  });

  describe('the validator fails what breaks the schema', () => {
    const valid = () => toOcsfFinding(report.rows[1]!, CONTEXT);
    /** Sets (or with `undefined`, deletes) the attribute at a dotted path. */
    const change = (path: string, value?: unknown) => (event: Record<string, unknown>) => {
      const names = path.split('.');
      const parent = names
        .slice(0, -1)
        .reduce((object, name) => object[name] as Record<string, unknown>, event);
      if (value === undefined) delete parent[names.at(-1)!];
      else parent[names.at(-1)!] = value;
    };
    const cases: [string, (event: Record<string, unknown>) => void, string][] = [
      ['a missing required attribute', change('finding_info'), 'finding_info is required'],
      [
        'a missing required attribute of an object',
        change('metadata.product.vendor_name'),
        'metadata.product.vendor_name is required',
      ],
      [
        'an enumeration value that does not exist',
        change('compliance.status_id', 4),
        'compliance.status_id 4 is not one of 0, 1, 2, 3, 99',
      ],
      [
        'a caption that does not match its id',
        change('severity', 'Medium'),
        'severity "Medium" is not the caption of severity_id ("High")',
      ],
      [
        'a wrong type',
        change('time', NOW.toISOString()),
        'time must be a timestamp in milliseconds since the epoch',
      ],
      [
        'seconds instead of milliseconds',
        change('time', Math.floor(NOW.getTime() / 1000)),
        'time must be a timestamp',
      ],
      [
        'an unknown attribute',
        change('finding_info.severity', 'HIGH'),
        'finding_info.severity is not an attribute of its object',
      ],
      [
        'a profile attribute without the profile',
        change('metadata.profiles', []),
        'cloud belongs to the cloud profile',
      ],
      ['the profile without its required attribute', change('cloud'), 'cloud is required'],
      ['a wrong type_uid', change('type_uid', 200302), 'type_uid must be class_uid × 100 + activity_id'],
      ['another schema version', change('metadata.version', '1.3.0'), 'metadata.version must be 1.6.0'],
      ['a non-array where an array belongs', change('resources', {}), 'resources must be an array'],
    ];
    test.each(cases)('%s', (_case, breakIt, error) => {
      const event = valid();
      expect(ocsfErrors(event)).toEqual([]);
      breakIt(event);
      expect(ocsfErrors(event).join('\n')).toContain(error);
    });
  });
});
