import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTROLS } from '../../../functions/core/compliance/controls';
import type { ControlId } from '../../../functions/core/compliance/model';

/**
 * The README's control table is what a security engineer reads before a finding: each row says what the
 * finding's title says (the table may add remarks in parentheses), with the same severity and resource
 * type, and every control has a row.
 */

/** The rows of the README's control table: control, finding, severity, resource (remarks removed). */
function readmeControls(): { control: string; finding: string; severity: string; resource: string }[] {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('| control ');
  expect(start).toBeGreaterThan(0);
  const rows = readme.slice(start, readme.indexOf('\n\n', start)).split('\n').slice(2);
  const plain = (cell: string) =>
    cell
      .replace(/\s*\([^)]*\)/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  return rows.map((row) => {
    const [control, finding, severity, resource] = row.split('|').slice(1, 5).map(plain);
    return { control: control!, finding: finding!, severity: severity!, resource: resource! };
  });
}

describe("the README's control table and controls.ts", () => {
  test('GIVEN the README THEN every control has one row, with its title, severity and resource type', () => {
    expect(readmeControls()).toEqual(
      (Object.keys(CONTROLS) as ControlId[]).map((control) => ({
        control,
        finding: CONTROLS[control].title,
        severity: CONTROLS[control].severity,
        resource: CONTROLS[control].resourceType,
      })),
    );
  });
});
