// The trigger nodes a test run can start at, and which one it starts at.
import type { TriggerKind } from '@tern/shared';
import { useMemo } from 'react';
import { nodeLabel } from '../editor-page/problem-text.js';
import { describe } from '../store/catalogue.js';
import { useEditor } from '../store/editor-store.js';

export interface TriggerChoice {
  id: string;
  label: string;
  kind: TriggerKind;
  params: Record<string, unknown>;
}

/** The trigger nodes of the workflow, in order. */
export function useTriggers(): TriggerChoice[] {
  const nodes = useEditor((s) => s.workflow.nodes);
  const index = useEditor((s) => s.nodeTypeIndex);
  return useMemo(() => {
    const out: TriggerChoice[] = [];
    for (const node of nodes) {
      const kind = describe({ nodeTypeIndex: index }, node)?.trigger;
      if (kind) out.push({ id: node.id, label: nodeLabel({ nodes }, node.id), kind, params: node.params });
    }
    return out;
  }, [nodes, index]);
}

/** The trigger a test run enters at: the one picked, else a manual trigger, else the first. */
export function chosenTrigger(triggers: TriggerChoice[], picked: string | null): TriggerChoice | null {
  return triggers.find((t) => t.id === picked) ?? triggers.find((t) => t.kind === 'manual') ?? triggers[0] ?? null;
}
