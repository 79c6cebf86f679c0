import { afterEach, describe, expect, it, vi } from 'vitest';
import { clipboardMemory, copySelection, cutSelection, pasteText, readClipboard, rememberClipboard } from '../src/canvas/clipboard.js';
import { node, storeWith } from './canvas-fixtures.js';

const chain = () =>
  storeWith({
    nodes: [node('hook', 'trigger.webhook', 0, 0, { path: 'in' }), node('check', 'logic.condition', 300, 0, { match: 'all', rules: [] }), node('tag', 'data.set', 600, 0, { values: {} })],
    edges: [
      { id: 'e1', source: 'hook', sourcePort: 'out', target: 'check', targetPort: 'in' },
      { id: 'e2', source: 'check', sourcePort: 'true', target: 'tag', targetPort: 'in' },
    ],
    stickyNotes: [{ id: 'note', text: 'Why', position: { x: 0, y: -200 }, width: 240, height: 140, color: 'yellow' }],
  });

/** A clipboard API that refuses, as browsers do without permission. */
function refuseClipboard() {
  vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: () => Promise.reject(new Error('denied')), readText: () => Promise.reject(new Error('denied')) } });
}

afterEach(() => {
  vi.unstubAllGlobals();
  rememberClipboard(null);
});

describe('copy and paste', () => {
  it('pastes copies with fresh ids, connected among themselves, offset, and selected', async () => {
    refuseClipboard();
    const store = chain();
    store.getState().select({ nodes: ['check', 'tag'], notes: ['note'] });
    expect(await copySelection(store)).toBe(3);

    const text = await readClipboard();
    expect(text).not.toBeNull();
    expect(pasteText(store, text!)).toBe(3);

    const { workflow, selectedNodes, selectedNotes } = store.getState();
    expect(workflow.nodes.map((n) => n.id)).toEqual(['hook', 'check', 'tag', 'check_2', 'tag_2']);
    const copy = workflow.nodes.find((n) => n.id === 'check_2')!;
    expect(copy.position).not.toEqual({ x: 300, y: 0 });
    expect(copy.params).toEqual({ match: 'all', rules: [] });
    // Only the edge between the copied nodes comes along, pointing at the copies.
    const pastedEdges = workflow.edges.slice(2);
    expect(pastedEdges).toEqual([{ id: expect.not.stringMatching(/^e2$/), source: 'check_2', sourcePort: 'true', target: 'tag_2', targetPort: 'in' }]);
    expect([...selectedNodes]).toEqual(['check_2', 'tag_2']);
    expect([...selectedNotes]).toEqual(['note_2']);
  });

  it('pasting twice gives two copies that do not cover each other', () => {
    const store = chain();
    store.getState().select({ nodes: ['tag'] });
    const text = JSON.stringify({ tern: 'fragment', nodes: [store.getState().workflow.nodes[2]], edges: [] });
    pasteText(store, text);
    pasteText(store, text);
    const positions = store.getState().workflow.nodes.map((n) => `${n.position.x},${n.position.y}`);
    expect(new Set(positions).size).toBe(positions.length);
  });

  it('pastes into another workflow, and from an exported workflow file', () => {
    const source = chain();
    const exported = JSON.stringify({ ...source.getState().workflow, id: 'wf_1', active: true });
    const target = storeWith({ nodes: [node('hook', 'trigger.manual')] });
    expect(pasteText(target, exported)).toBe(4);
    const ids = target.getState().workflow.nodes.map((n) => n.id);
    expect(ids).toEqual(['hook', 'hook_2', 'check', 'tag']);
    expect(target.getState().workflow.edges.map((e) => `${e.source}->${e.target}`)).toEqual(['hook_2->check', 'check->tag']);
  });

  it('moves a fragment that would land out of view into the middle of the view', () => {
    const store = storeWith();
    const text = JSON.stringify({ tern: 'fragment', nodes: [node('far', 'data.set', 5000, 5000)], edges: [] });
    pasteText(store, text, { x: 0, y: 0, width: 1000, height: 600 });
    const { x, y } = store.getState().workflow.nodes[0]!.position;
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x).toBeLessThan(1000);
    expect(y).toBeGreaterThanOrEqual(0);
    expect(y).toBeLessThan(600);
  });

  it('refuses text that holds no nodes, changing nothing', () => {
    const store = chain();
    const before = store.getState().workflow;
    expect(pasteText(store, 'hello')).toBe(0);
    expect(pasteText(store, '{"nodes": []}')).toBe(0);
    expect(store.getState().workflow).toBe(before);
  });

  it('writes to the system clipboard when it is allowed', async () => {
    const writeText = vi.fn((_text: string) => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText, readText: () => Promise.resolve('') } });
    const store = chain();
    store.getState().select({ nodes: ['hook'] });
    await copySelection(store);
    expect(JSON.parse(writeText.mock.calls[0]![0])).toMatchObject({ tern: 'fragment', nodes: [{ id: 'hook' }] });
  });
});

describe('cut', () => {
  it('removes the selection with its edges as one undo step, and keeps it for pasting', async () => {
    refuseClipboard();
    const store = chain();
    store.getState().select({ nodes: ['check'] });
    expect(await cutSelection(store)).toBe(1);
    expect(store.getState().workflow.nodes.map((n) => n.id)).toEqual(['hook', 'tag']);
    expect(store.getState().workflow.edges).toEqual([]);
    expect(store.getState().selectedNodes.size).toBe(0);

    expect(pasteText(store, clipboardMemory()!)).toBe(1);
    // Pasted where it was: nothing covers that spot any more.
    expect(store.getState().workflow.nodes.find((n) => n.id === 'check')!.position).toEqual({ x: 300, y: 0 });

    store.getState().undo();
    store.getState().undo();
    expect(store.getState().workflow.nodes.map((n) => n.id)).toEqual(['hook', 'check', 'tag']);
    expect(store.getState().workflow.edges).toHaveLength(2);
  });

  it('does nothing with an empty selection', async () => {
    const store = chain();
    expect(await cutSelection(store)).toBe(0);
    expect(store.getState().workflow.nodes).toHaveLength(3);
  });
});
