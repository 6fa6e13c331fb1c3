/**
 * The part of the IAM policy language that the simulation evaluates for a role's trust policy
 * (`AssumeRolePolicyDocument`) when someone calls `sts:AssumeRole`: `Allow` and `Deny` statements,
 * `Principal` `"*"` or `{ "AWS": … }` (an account id, `arn:<p>:iam::<account>:root`, a user, a role or
 * an assumed-role session ARN), `Action` (`sts:AssumeRole`, `sts:*`, `*`), and the condition operators
 * `Bool`, `StringEquals`, `NumericLessThan[Equals]`, `NumericGreaterThan[Equals]` (each also with
 * `IfExists`) on the keys `aws:MultiFactorAuthPresent`, `aws:MultiFactorAuthAge` and `sts:ExternalId`.
 *
 * AWS's rules encoded here (IAM User Guide, "Policy evaluation logic" and "AWS global condition context
 * keys"): an explicit Deny wins over any Allow, and nothing is allowed without an Allow; several
 * values of one key match if any matches, several keys and several operators must all match; a key
 * that is absent from the request matches no operator, unless the operator ends in `IfExists`.
 * `aws:MultiFactorAuthPresent` is absent for a request signed with an IAM user's access keys, `false`
 * for temporary credentials obtained without MFA and `true` for credentials that carry MFA;
 * `aws:MultiFactorAuthAge` is present only with MFA, in seconds since the MFA check.
 *
 * Not simulated (a fixture that uses them is refused when it is read, never silently ignored):
 * `NotPrincipal`, `NotAction`, other principals (services, federated), other operators and keys.
 * The caller's own identity policies are not simulated either: a principal the trust policy admits
 * may assume the role.
 */

const OPERATORS = new Set([
  'Bool',
  'StringEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
]);
const KEYS = new Set(['aws:multifactorauthpresent', 'aws:multifactorauthage', 'sts:externalid']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'Action', 'Condition']);

/** What the trust policy sees of an AssumeRole request. */
export interface TrustRequest {
  /** The caller's account. */
  readonly accountId: string;
  /** ARNs that name the caller: the user's ARN (with its path), or the role's ARN and the session's. */
  readonly principalArns: readonly string[];
  /** The request's context keys, lower-cased names; a key that is absent is not in the map. */
  readonly context: ReadonlyMap<string, string>;
}

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function statementsOf(document: Json): unknown[] {
  return asList(document.Statement);
}

/** Why `document` is not a trust policy the simulation can evaluate, or undefined when it is. */
export function trustPolicyProblem(document: unknown): string | undefined {
  if (!isRecord(document)) return 'must be a policy document (an object)';
  if (document.Statement === undefined) return 'has no Statement';
  for (const [i, statement] of statementsOf(document).entries()) {
    const where = `Statement[${i}]`;
    if (!isRecord(statement)) return `${where} must be an object`;
    const unknown = Object.keys(statement).find((key) => !STATEMENT_KEYS.has(key));
    if (unknown !== undefined) return `${where}.${unknown} is not simulated`;
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny')
      return `${where}.Effect must be "Allow" or "Deny"`;
    const principal = statement.Principal;
    const principals = principal === '*' ? ['*'] : isRecord(principal) ? asList(principal.AWS) : [];
    if (
      principals.length === 0 ||
      (isRecord(principal) && Object.keys(principal).some((key) => key !== 'AWS')) ||
      principals.some((p) => typeof p !== 'string')
    ) {
      return `${where}.Principal must be "*" or {"AWS": …} (other principals are not simulated)`;
    }
    if (asList(statement.Action).some((action) => typeof action !== 'string'))
      return `${where}.Action must be a string or a list of strings`;
    const condition = statement.Condition ?? {};
    if (!isRecord(condition)) return `${where}.Condition must be an object`;
    for (const [operator, keys] of Object.entries(condition)) {
      if (!OPERATORS.has(operator.replace(/IfExists$/, '')))
        return `${where}.Condition operator ${operator} is not simulated`;
      if (!isRecord(keys)) return `${where}.Condition.${operator} must be an object`;
      for (const [key, values] of Object.entries(keys)) {
        if (!KEYS.has(key.toLowerCase())) return `${where}.Condition key ${key} is not simulated`;
        if (asList(values).some((v) => !['string', 'number', 'boolean'].includes(typeof v)))
          return `${where}.Condition.${operator}.${key} must hold strings`;
      }
    }
  }
  return undefined;
}

function principalMatches(principal: unknown, request: TrustRequest): boolean {
  if (principal === '*') return true;
  return asList((principal as Json).AWS).some((entry) => {
    const text = String(entry);
    if (text === '*') return true;
    const account = /^(\d{12})$|^arn:[\w-]+:iam::(\d{12}):root$/.exec(text);
    if (account !== null) return (account[1] ?? account[2]) === request.accountId;
    return request.principalArns.includes(text);
  });
}

function actionMatches(action: unknown): boolean {
  return asList(action).some((a) => ['sts:assumerole', 'sts:*', '*'].includes(String(a).toLowerCase()));
}

function operatorMatches(operator: string, actual: string, expected: string): boolean {
  switch (operator) {
    case 'Bool':
      return actual.toLowerCase() === expected.toLowerCase();
    case 'StringEquals':
      return actual === expected;
    case 'NumericLessThan':
      return Number(actual) < Number(expected);
    case 'NumericLessThanEquals':
      return Number(actual) <= Number(expected);
    case 'NumericGreaterThan':
      return Number(actual) > Number(expected);
    default:
      return Number(actual) >= Number(expected);
  }
}

function conditionsMatch(condition: unknown, request: TrustRequest): boolean {
  return Object.entries((condition ?? {}) as Json).every(([operator, keys]) => {
    const ifExists = operator.endsWith('IfExists');
    const base = operator.replace(/IfExists$/, '');
    return Object.entries(keys as Json).every(([key, values]) => {
      const actual = request.context.get(key.toLowerCase());
      if (actual === undefined) return ifExists;
      return asList(values).some((value) => operatorMatches(base, actual, String(value)));
    });
  });
}

/** Whether the trust policy `document` lets the caller described by `request` assume the role. */
export function trustPolicyAllows(document: unknown, request: TrustRequest): boolean {
  const matching = statementsOf(document as Json)
    .map((statement) => statement as Json)
    .filter(
      (s) =>
        principalMatches(s.Principal, request) &&
        actionMatches(s.Action) &&
        conditionsMatch(s.Condition, request),
    );
  return !matching.some((s) => s.Effect === 'Deny') && matching.some((s) => s.Effect === 'Allow');
}
