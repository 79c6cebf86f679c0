import { describe, expect, it } from 'vitest';
import { applyEdit, connectionProblem, copyFragment, freshId, parseFragment, pasteEdit, type PortInfo } from './edit.js';
import { portsOf } from './node-contract.js';
import { workflowSchema, type Workflow } from './workflow.js';

const workflow = (): Workflow =>
  workflowSchema.parse({
    name: 'Leads',
    nodes: [
      { id: 'hook', type: 'trigger.webhook', version: 1, params: { path: 'lead' } },
      { id: 'hot', type: 'logic.condition', version: 1, position: { x: 200, y: 0 }, params: { match: 'all', rules: [] } },
      { id: 'tag', type: 'data.set', version: 1, position: { x: 400, y: 0 } },
      { id: 'route', type: 'logic.switch', version: 1, params: { cases: [{ match: 'all', rules: [] }, { match: 'any', rules: [] }] } },
    ],
    edges: [{ id: 'e1', source: 'hook', target: 'hot' }],
  });

const ports: PortInfo = {
  outputs: (n) =>
    portsOf(
      n.type === 'logic.condition' ? ['true', 'false']
        : n.type === 'logic.switch' ? { param: 'cases', port: 'case_{index}', then: ['default'] }
          : ['out'],
      n.params,
    ),
  hasInput: (n) => !n.type.startsWith('trigger.'),
};

describe('connectionProblem', () => {
  it('allows a labelled port into an input', () => {
    expect(connectionProblem(workflow(), { source: 'hot', sourcePort: 'true', target: 'tag', targetPort: 'in' }, ports)).toBeNull();
  });

  it.each([
    [{ source: 'hot', sourcePort: 'true', target: 'hook', targetPort: 'in' }, 'a trigger has no input'],
    [{ source: 'tag', sourcePort: 'out', target: 'tag', targetPort: 'in' }, 'cannot connect to itself'],
    [{ source: 'hot', sourcePort: 'maybe', target: 'tag', targetPort: 'in' }, 'no output "maybe"'],
    [{ source: 'hook', sourcePort: 'out', target: 'hot', targetPort: 'in' }, 'connected already'],
    [{ source: 'hook', sourcePort: 'out', target: 'ghost', targetPort: 'in' }, 'both ends'],
  ])('refuses %o', (edge, reason) => {
    expect(connectionProblem(workflow(), edge, ports)).toContain(reason);
  });

  it('knows the ports a switch derives from its cases', () => {
    expect(connectionProblem(workflow(), { source: 'route', sourcePort: 'case_1', target: 'tag', targetPort: 'in' }, ports)).toBeNull();
    expect(connectionProblem(workflow(), { source: 'route', sourcePort: 'case_2', target: 'tag', targetPort: 'in' }, ports)).toContain('case_2');
  });
});

describe('portsOf', () => {
  it('names ports by index or by a field of each item', () => {
    expect(portsOf({ param: 'variants', port: '{name}' }, { variants: [{ name: 'a' }, { name: 'b' }] })).toEqual(['a', 'b']);
    expect(portsOf({ param: 'cases', port: 'case_{index}', then: ['default'] }, {})).toEqual(['default']);
  });
});

describe('applyEdit', () => {
  it('removes a node with every edge that touches it, leaving the input unchanged', () => {
    const before = workflow();
    const after = applyEdit(before, { op: 'remove', nodeIds: ['hot'] });
    expect(after.nodes.map((n) => n.id)).toEqual(['hook', 'tag', 'route']);
    expect(after.edges).toEqual([]);
    expect(before.edges).toHaveLength(1);
  });

  it('moves nodes and keeps the identity of the others', () => {
    const before = workflow();
    const after = applyEdit(before, { op: 'move', positions: { tag: { x: 10, y: 20 } } });
    expect(after.nodes[2]!.position).toEqual({ x: 10, y: 20 });
    expect(after.nodes[0]).toBe(before.nodes[0]);
  });

  it('sets params and node fields, and clears a field patched to undefined', () => {
    let wf = applyEdit(workflow(), { op: 'setParams', nodeId: 'tag', params: { values: { a: 1 } } });
    wf = applyEdit(wf, { op: 'updateNode', nodeId: 'tag', patch: { name: 'Tag it', disabled: true } });
    wf = applyEdit(wf, { op: 'updateNode', nodeId: 'tag', patch: { disabled: undefined } });
    expect(wf.nodes[2]).toMatchObject({ params: { values: { a: 1 } }, name: 'Tag it' });
    expect(wf.nodes[2]).not.toHaveProperty('disabled');
  });

  it('refuses an edit of a node that does not exist, or an id that is taken', () => {
    expect(() => applyEdit(workflow(), { op: 'setParams', nodeId: 'ghost', params: {} })).toThrow('no node "ghost"');
    expect(() => applyEdit(workflow(), { op: 'add', nodes: [workflow().nodes[1]!] })).toThrow('"hot" is used already');
  });

  it('sets and removes the description', () => {
    const described = applyEdit(workflow(), { op: 'describe', description: 'Routes new leads' });
    expect(described.description).toBe('Routes new leads');
    expect(applyEdit(described, { op: 'describe', description: '' })).not.toHaveProperty('description');
  });

  it('adds, edits and removes sticky notes', () => {
    let wf = applyEdit(workflow(), { op: 'add', nodes: [], notes: [{ id: 'n1', text: 'hi', position: { x: 0, y: 0 }, width: 240, height: 140, color: 'yellow' }] });
    wf = applyEdit(wf, { op: 'updateNote', noteId: 'n1', patch: { text: 'Why this flow exists' } });
    expect(wf.stickyNotes).toMatchObject([{ id: 'n1', text: 'Why this flow exists' }]);
    expect(applyEdit(wf, { op: 'remove', noteIds: ['n1'] }).stickyNotes).toEqual([]);
  });
});

describe('copy and paste', () => {
  it('pastes a copy with fresh ids, its inner edges renamed, moved by the offset', () => {
    const wf = workflow();
    const fragment = parseFragment(JSON.stringify(copyFragment(wf, ['hook', 'hot'])))!;
    const edit = pasteEdit(wf, fragment, { x: 40, y: 40 });
    expect(edit.nodes.map((n) => n.id)).toEqual(['hook_2', 'hot_2']);
    expect(edit.edges).toEqual([{ id: 'e1_2', source: 'hook_2', sourcePort: 'out', target: 'hot_2', targetPort: 'in' }]);
    expect(edit.nodes[1]!.position).toEqual({ x: 240, y: 40 });
    const after = applyEdit(wf, edit);
    expect(after.nodes).toHaveLength(6);
    expect(after.edges).toHaveLength(2);
  });

  it('reads a whole exported workflow as a fragment, and ignores text that is not one', () => {
    expect(parseFragment(JSON.stringify({ name: 'x', nodes: [{ id: 'a', type: 'data.set', version: 1 }] }))?.nodes).toHaveLength(1);
    expect(parseFragment('hello')).toBeNull();
    expect(parseFragment('{"nodes": 3}')).toBeNull();
  });

  it('makes ids that are free and valid', () => {
    expect(freshId(workflow(), 'hot')).toBe('hot_2');
    expect(freshId(workflow(), 'Send email!')).toBe('Send_email');
  });
});
