// What the palette lists: the newest version of each node type, filtered by a search and grouped
// by category in the order a workflow is built (triggers first), unknown categories last.
import type { NodeDescription } from '@tern/shared';

const ORDER = ['trigger', 'logic', 'flow', 'data', 'http', 'email', 'sms', 'crm'];
const LABELS: Record<string, string> = {
  trigger: 'Triggers',
  logic: 'Logic',
  flow: 'Flow',
  data: 'Data',
  http: 'HTTP',
  email: 'Email',
  sms: 'SMS',
  crm: 'CRM',
};

export interface PaletteGroup {
  category: string;
  label: string;
  items: NodeDescription[];
}

const labelOf = (category: string) => LABELS[category] ?? category.charAt(0).toUpperCase() + category.slice(1);

/** Whether every word of the query appears in the node's title, type or description. */
export function matchesQuery(d: NodeDescription, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = `${d.title} ${d.type} ${d.description}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

export function groupCatalogue(catalogue: readonly NodeDescription[], query = ''): PaletteGroup[] {
  const newest = new Map<string, NodeDescription>();
  for (const d of catalogue) if ((newest.get(d.type)?.version ?? -1) < d.version) newest.set(d.type, d);
  const byCategory = new Map<string, NodeDescription[]>();
  for (const d of newest.values()) {
    if (!matchesQuery(d, query)) continue;
    const list = byCategory.get(d.category) ?? [];
    list.push(d);
    byCategory.set(d.category, list);
  }
  const rank = (c: string) => (ORDER.includes(c) ? ORDER.indexOf(c) : ORDER.length);
  return [...byCategory.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([category, items]) => ({ category, label: labelOf(category), items }));
}
