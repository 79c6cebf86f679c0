// The context fields a node can read, from the store: its upstream nodes and the last run seen.
// Subscribes to what the fields depend on (ids, types, names, edges), not to positions, so
// dragging a node never recomputes them nor re-renders the form.
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { describe } from '../store/catalogue.js';
import { useEditor, useEditorStoreApi } from '../store/editor-store.js';
import { contextFields, type FieldSuggestion } from './completions.js';

export function useContextFields(nodeId: string): FieldSuggestion[] {
  const store = useEditorStoreApi();
  const nodesKey = useEditor(useShallow((s) => s.workflow.nodes.map((n) => `${n.id}\u0000${n.type}\u0000${n.version}\u0000${n.name ?? ''}`)));
  const edges = useEditor((s) => s.workflow.edges);
  const lastOutputs = useEditor((s) => s.lastOutputs);
  const lastTrigger = useEditor((s) => s.lastTrigger);
  const nodeTypeIndex = useEditor((s) => s.nodeTypeIndex);
  return useMemo(() => {
    const { nodes } = store.getState().workflow;
    return contextFields({ workflow: { nodes, edges }, lastOutputs, lastTrigger, describe: (n) => describe({ nodeTypeIndex }, n) }, nodeId);
    // nodesKey stands for the parts of the nodes read here.
  }, [store, nodesKey, edges, lastOutputs, lastTrigger, nodeTypeIndex, nodeId]); // eslint-disable-line react-hooks/exhaustive-deps
}
