// What one node component shows, read from the store with a single selector that answers the
// same object until something of *this* node changes (its params, its run step, its problems).
// A drag or a validation answer then re-renders only the nodes it concerns, even among 500.
import type { NodeDescription, Problem } from '@tern/shared';
import { useMemo } from 'react';
import type { StepView } from '../api/types.js';
import { outputsOfNode, typeKey } from '../store/catalogue.js';
import { type EditorState, useEditor } from '../store/editor-store.js';
import { problemsOfNode } from '../store/ui.js';
import { nodeById } from './flow-model.js';

export interface NodeView {
  description: NodeDescription | undefined;
  ports: string[];
  disabled: boolean;
  step: StepView | undefined;
  problems: Problem[];
}

const NO_PROBLEMS: Problem[] = [];

/** The ports an unknown node's edges use, so its connections still show. */
const portsUsedBy = (edges: EditorState['workflow']['edges'], id: string) => {
  const ports = [...new Set(edges.filter((e) => e.source === id).map((e) => e.sourcePort))];
  return ports.length ? ports : ['out'];
};

const sameList = <T>(a: readonly T[], b: readonly T[], key: (x: T) => unknown = (x) => x) =>
  a.length === b.length && a.every((x, i) => key(x) === key(b[i]!));
const problemKey = (p: Problem) => `${p.field}\u0000${p.message}`;

export function nodeViewSelector(id: string, type: string, version: number): (s: EditorState) => NodeView {
  let inputs: unknown[] = [];
  let view: NodeView | null = null;
  return (s) => {
    const node = nodeById(s).get(id);
    const description = s.nodeTypeIndex.get(typeKey(type, version));
    const next = [description, node?.params, node?.disabled, s.stepsByNode[id], s.problems, description ? null : s.workflow.edges];
    if (view && next.every((v, i) => v === inputs[i])) return view;
    inputs = next;
    const ports = description ? outputsOfNode(description, node?.params ?? {}) : portsUsedBy(s.workflow.edges, id);
    const own = problemsOfNode(s.problems, id);
    const candidate: NodeView = {
      description,
      ports: view && sameList(view.ports, ports) ? view.ports : ports,
      disabled: node?.disabled === true,
      step: s.stepsByNode[id],
      problems: own.length === 0 ? NO_PROBLEMS : view && sameList(view.problems, own, problemKey) ? view.problems : own,
    };
    // Unchanged in substance (e.g. the workflow was validated again and this node's problems
    // are the same): keep the old object so the node does not re-render.
    const same =
      view &&
      view.description === candidate.description &&
      view.ports === candidate.ports &&
      view.disabled === candidate.disabled &&
      view.step === candidate.step &&
      view.problems === candidate.problems;
    if (!same) view = candidate;
    return view!;
  };
}

export function useNodeView(id: string, type: string, version: number): NodeView {
  const selector = useMemo(() => nodeViewSelector(id, type, version), [id, type, version]);
  return useEditor(selector);
}
