import { ListParentsCommand } from '@aws-sdk/client-organizations';
import { rethrowThrottling } from './aws-errors';
import type { AwsClients, ClientScope } from './clients';

/** Organizations nests OUs at most five levels below the root. */
const MAX_DEPTH = 6;

/**
 * The ids of an account's ancestors, from its parent OU up towards the root, with Organizations
 * ListParents (one call per level). The walk stops early at the first ancestor `until` accepts, so an
 * account directly inside an enabled OU costs one call.
 */
export async function accountAncestors(
  clients: AwsClients,
  hub: ClientScope,
  accountId: string,
  until: (ancestorId: string) => boolean = () => false,
): Promise<string[]> {
  const organizations = clients.organizations(hub);
  const ancestors: string[] = [];
  let child = accountId;
  try {
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const { Parents } = await organizations.send(new ListParentsCommand({ ChildId: child }));
      const parent = Parents?.[0];
      if (parent?.Id === undefined) break;
      ancestors.push(parent.Id);
      if (parent.Type === 'ROOT' || until(parent.Id)) break;
      child = parent.Id;
    }
  } catch (error) {
    return rethrowThrottling(error, `organizations:ListParents for ${accountId}`);
  }
  return ancestors;
}
