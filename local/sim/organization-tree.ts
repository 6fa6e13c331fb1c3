import type { AccountFixture, OrganizationFixture, OrganizationalUnitFixture } from './fixture';

/** The root's name, as Organizations names every root. */
export const ROOT_NAME = 'Root';

/** The tree's lookups, built from one version of the fixture's arrays. */
interface Built {
  readonly accounts: readonly AccountFixture[];
  readonly accountCount: number;
  readonly units: readonly OrganizationalUnitFixture[] | undefined;
  readonly unitCount: number;
  readonly rootId: string;
  readonly unitsById: ReadonlyMap<string, OrganizationalUnitFixture>;
  readonly accountsByParent: ReadonlyMap<string, AccountFixture[]>;
  readonly unitsByParent: ReadonlyMap<string, OrganizationalUnitFixture[]>;
}

/**
 * The organization's tree (root, OUs, accounts) indexed by parent, so that listing the children of a
 * parent costs the size of the answer, not of the organization. Rebuilt whenever the fixture's account
 * or OU arrays change (replaced, or their length); an account's `parentId` changed in place is not
 * noticed (nothing in the simulation moves accounts).
 *
 * An OU that an account names as its parent but `organizationalUnits` does not list is taken as a
 * child of the root (a fixture's shorthand), so that every account is reachable from the root.
 */
export class OrganizationTree {
  private built: Built | undefined;

  constructor(private readonly state: OrganizationFixture) {}

  /** The organization's root id (`r-…`): the one the fixture's parents name. */
  get rootId(): string {
    return this.current().rootId;
  }

  /** The OU with `id`, if the organization has it. */
  unit(id: string): OrganizationalUnitFixture | undefined {
    return this.current().unitsById.get(id);
  }

  /** Whether `id` is the root or an OU of the organization. */
  isParent(id: string): boolean {
    return id === this.rootId || this.unit(id) !== undefined;
  }

  /** The accounts directly under `parentId`, in the fixture's order. */
  accountsUnder(parentId: string): readonly AccountFixture[] {
    return this.current().accountsByParent.get(parentId) ?? [];
  }

  /** The OUs directly under `parentId`, in the fixture's order. */
  unitsUnder(parentId: string): readonly OrganizationalUnitFixture[] {
    return this.current().unitsByParent.get(parentId) ?? [];
  }

  private current(): Built {
    const { accounts, organizationalUnits: units } = this.state;
    const built = this.built;
    if (
      built !== undefined &&
      built.accounts === accounts &&
      built.accountCount === accounts.length &&
      built.units === units &&
      built.unitCount === (units?.length ?? 0)
    )
      return built;
    this.built = build(accounts, units);
    return this.built;
  }
}

function build(
  accounts: readonly AccountFixture[],
  units: readonly OrganizationalUnitFixture[] | undefined,
): Built {
  const parents = [...(units ?? []).map((u) => u.parentId), ...accounts.map((a) => a.parentId)];
  const rootId = parents.find((id) => id.startsWith('r-')) ?? 'r-0000';
  const byId = new Map<string, OrganizationalUnitFixture>();
  for (const unit of units ?? []) if (!byId.has(unit.id)) byId.set(unit.id, unit);
  for (const account of accounts) {
    if (account.parentId.startsWith('ou-') && !byId.has(account.parentId))
      byId.set(account.parentId, { id: account.parentId, parentId: rootId });
  }
  const group = <T>(items: Iterable<T>, parentOf: (item: T) => string) => {
    const groups = new Map<string, T[]>();
    for (const item of items) {
      const parent = parentOf(item);
      const list = groups.get(parent);
      if (list === undefined) groups.set(parent, [item]);
      else list.push(item);
    }
    return groups;
  };
  return {
    accounts,
    accountCount: accounts.length,
    units,
    unitCount: units?.length ?? 0,
    rootId,
    unitsById: byId,
    accountsByParent: group(accounts, (a) => a.parentId),
    unitsByParent: group(byId.values(), (u) => u.parentId),
  };
}
