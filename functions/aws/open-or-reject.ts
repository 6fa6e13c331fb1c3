import type { StepResult } from '../core/actions';
import type { Log } from './log';
import { openMemberAccount, type MemberAccount, type MemberAccountDeps } from './member-account';
import { rejectionOf } from './rejection';

/** A step's target and its opened member account, or the step's reasoned rejection. */
export type OpenedOrRejected<T, X> =
  | {
      readonly rejected?: undefined;
      readonly target: T;
      readonly account: MemberAccount;
      readonly alongside: X;
    }
  | { readonly rejected: StepResult };

/** What {@link openOrReject} is asked to open. */
export interface OpenRequest<T, X> {
  /** The step's raw input. */
  readonly input: unknown;
  /** Reads and checks the input (throws InvalidEventError for a bad one). */
  readonly read: (input: unknown) => T;
  /** The session name's suffix, so CloudTrail tells the steps apart. */
  readonly purpose: string;
  /** The step's name in the rejection's log line. */
  readonly step: string;
  /** Work to run concurrently with the membership gate (e.g. the account's OU ancestry). */
  readonly alongside?: (target: T) => Promise<X>;
}

/**
 * Every action step's start: read its input, then open the member account through the membership gate.
 * A malformed input or an account that is not an ACTIVE member becomes the step's "Rejected" result
 * (logged with the reason); any other error is rethrown for the workflow's Retry and Catch.
 */
export async function openOrReject<T extends { readonly accountId: string }, X = undefined>(
  deps: MemberAccountDeps & { readonly log: Log },
  request: OpenRequest<T, X>,
): Promise<OpenedOrRejected<T, X>> {
  try {
    const target = request.read(request.input);
    const [account, alongside] = await Promise.all([
      openMemberAccount(deps, target.accountId, request.purpose),
      request.alongside?.(target) ?? Promise.resolve(undefined as X),
    ]);
    return { target, account, alongside };
  } catch (error) {
    const rejected = rejectionOf(error, deps.log, request.step);
    if (rejected === undefined) throw error;
    return { rejected };
  }
}
