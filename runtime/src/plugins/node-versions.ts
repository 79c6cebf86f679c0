// Versions of one node type: a workflow keeps the version its node was placed with; "upgrade
// node" moves it to the newest by chaining each newer version's `migrate(params, fromVersion)`.
import type { NodeCatalogue } from '@tern/shared';

export interface UpgradeInfo {
  latestVersion: number;
  /** Whether every version above this one declares a migration. */
  canUpgrade: boolean;
}

export class UpgradeError extends Error {
  override name = 'UpgradeError';
  constructor(readonly code: 'unknown_type' | 'cannot_upgrade' | 'migration_failed', readonly field: string, message: string) {
    super(message);
  }
}

/** The versions a node at `version` would pass through to reach the newest, oldest first. */
const versionsAbove = (catalogue: NodeCatalogue, type: string, version: number) =>
  catalogue.versionsOf(type).filter((v) => v > version);

export function upgradeInfo(catalogue: NodeCatalogue, type: string, version: number): UpgradeInfo {
  const above = versionsAbove(catalogue, type, version);
  return {
    latestVersion: above.at(-1) ?? version,
    canUpgrade: above.length > 0 && above.every((v) => typeof catalogue.get(type, v)?.migrate === 'function'),
  };
}

/** The params of a node at `fromVersion`, migrated to the newest version of its type. */
export function upgradeParams(
  catalogue: NodeCatalogue,
  type: string,
  fromVersion: number,
  params: Record<string, unknown>,
): { version: number; params: Record<string, unknown> } {
  if (!catalogue.hasType(type)) throw new UpgradeError('unknown_type', 'type', `there is no node type "${type}" in the catalogue`);
  const above = versionsAbove(catalogue, type, fromVersion);
  if (above.length === 0) throw new UpgradeError('cannot_upgrade', 'fromVersion', `${type} version ${fromVersion} is the newest there is`);
  let current = structuredClone(params);
  let from = fromVersion;
  for (const version of above) {
    const migrate = catalogue.get(type, version)!.migrate;
    if (!migrate) {
      throw new UpgradeError('cannot_upgrade', 'fromVersion', `${type} version ${version} declares no migration from version ${from}; the node has to be replaced by hand`);
    }
    let next: unknown;
    try {
      next = migrate(current, from);
    } catch (err) {
      throw new UpgradeError('migration_failed', 'params', `the migration of ${type} to version ${version} failed: ${(err as Error)?.message ?? String(err)}`);
    }
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      throw new UpgradeError('migration_failed', 'params', `the migration of ${type} to version ${version} returned no params object`);
    }
    current = next as Record<string, unknown>;
    from = version;
  }
  return { version: from, params: current };
}
