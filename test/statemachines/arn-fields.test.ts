import { readDefinitionText, type WorkflowName } from '../../local/runner/definition';

/**
 * cfn-lint (the template linter AWS users run, not installable from this project's registries) checks
 * each Step Functions `Resource` against an ARN pattern and skips only a value that is one whole
 * `${Substitution}`: `arn:${Partition}:states:::lambda:invoke` is an error for it (E3601). This keeps
 * the definitions linter-clean: every ARN-valued field is a literal ARN or one whole substitution.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const WHOLE_SUBSTITUTION = /^\$\{\w+\}$/;
const LITERAL_ARN = /^arn:aws[\w-]*:[\w-]+:[\w-]*:(\d{12})?:[^${}]+$/;

/** Every string of a definition that is an ARN field or mentions a substitution, with where it is. */
function arnValued(value: Json, path: string, found: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') {
    const key = path.slice(path.lastIndexOf('.') + 1);
    if (key === 'Resource' || key.endsWith('Arn') || key === 'FunctionName' || value.includes('${')) {
      found.push([path, value]);
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => arnValued(item, `${path}[${i}]`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) arnValued(item, `${path}.${key}`, found);
  }
  return found;
}

describe.each<WorkflowName>(['event-workflow', 'sweep-workflow'])('%s.asl.json', (name) => {
  const fields = arnValued(JSON.parse(readDefinitionText(name)) as Json, '$');

  test('has Resource fields to check', () => {
    expect(fields.filter(([path]) => path.endsWith('.Resource')).length).toBeGreaterThan(0);
  });

  test('every ARN-valued field is a literal ARN or one whole ${Substitution}', () => {
    const partial = fields.filter(([, value]) => !WHOLE_SUBSTITUTION.test(value) && !LITERAL_ARN.test(value));
    expect(partial).toEqual([]);
  });
});

test('the check catches the partial substitution cfn-lint reports', () => {
  const fields = arnValued({ States: { A: { Resource: 'arn:${Partition}:states:::lambda:invoke' } } }, '$');
  expect(fields.filter(([, v]) => !WHOLE_SUBSTITUTION.test(v) && !LITERAL_ARN.test(v))).toEqual([
    ['$.States.A.Resource', 'arn:${Partition}:states:::lambda:invoke'],
  ]);
});
