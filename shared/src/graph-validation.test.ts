import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { validateWorkflow } from './graph-validation.js';
import { defineNode, NodeCatalogue, next } from './node-contract.js';
import type { Problem } from './problems.js';
import type { WorkflowInput } from './workflow.js';

const base = { description: 'test node', icon: 'box', execute: () => next({}) };

const catalogue = new NodeCatalogue([
  defineNode({ ...base, type: 'test.start', version: 1, title: 'Start', category: 'trigger', trigger: 'manual', outputs: ['out'], params: z.object({}) }),
  defineNode({
    ...base, type: 'test.branch', version: 1, title: 'Branch', category: 'logic', outputs: ['true', 'false'],
    params: z.object({ label: z.string().optional() }),
  }),
  defineNode({ ...base, type: 'test.pause', version: 1, title: 'Pause', category: 'flow', waits: true, outputs: ['out'], params: z.object({}) }),
  defineNode({
    ...base, type: 'test.split', version: 1, title: 'Split', category: 'logic', outputs: ['out'],
    params: z.object({ variants: z.array(z.object({ name: z.string(), weight: z.number() })) }),
    check: (p) => (p.variants.reduce((sum, v) => sum + v.weight, 0) === 100 ? [] : [{ field: 'variants', message: 'weights must add up to 100' }]),
  }),
  ...[1, 2].map((version) =>
    defineNode({
      ...base, type: 'test.score', version, title: 'Score', category: 'crm', outputs: ['out'],
      params: z.object({ points: z.number(), note: z.string().optional() }),
      check: (p) => (p.points > 1000 ? [{ field: 'points', message: 'at most 1000 points at once' }] : []),
    }),
  ),
]);

type NodeInput = WorkflowInput['nodes'][number];
const node = (id: string, type: string, params: Record<string, unknown> = {}, version = 1): NodeInput => ({ id, type, version, params });
const edge = (id: string, source: string, target: string, sourcePort = 'out') => ({ id, source, sourcePort, target, targetPort: 'in' });

function problemsOf(workflow: Partial<WorkflowInput>): Problem[] {
  const result = validateWorkflow({ name: 'Test', nodes: [], edges: [], ...workflow }, catalogue);
  return result.ok ? [] : result.problems;
}

/** The problems as { nodeId, edgeId, field, code }, for comparing without messages. */
const located = (problems: Problem[]) => problems.map(({ nodeId, edgeId, field, code }) => ({ nodeId, edgeId, field, code }));

describe('a valid workflow', () => {
  it('passes and comes back with defaults applied', () => {
    const result = validateWorkflow(
      { name: 'Welcome', nodes: [node('start', 'test.start'), node('score', 'test.score', { points: 5 })], edges: [{ id: 'e1', source: 'start', target: 'score' }] },
      catalogue,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.workflow.edges[0]).toEqual({ id: 'e1', source: 'start', sourcePort: 'out', target: 'score', targetPort: 'in' });
    expect(result.workflow.settings.timezone).toBe('UTC');
  });

  it('accepts a template where a number is expected, since it is decided at run time', () => {
    expect(problemsOf({ nodes: [node('start', 'test.start'), node('score', 'test.score', { points: '{{ trigger.body.points }}' })] })).toEqual([]);
  });

  it("accepts a templated list even when the node's own check expects a real one", () => {
    const split = (variants: unknown) => problemsOf({ nodes: [node('start', 'test.start'), node('ab', 'test.split', { variants })] });
    expect(split('{{ trigger.body.variants }}')).toEqual([]);
    expect(located(split([{ name: 'a', weight: 40 }, { name: 'b', weight: 50 }]))).toEqual([
      { nodeId: 'ab', edgeId: undefined, field: 'params.variants', code: 'invalid_param' },
    ]);
  });

  it('accepts a loop that passes through a waiting node', () => {
    const nodes = [node('start', 'test.start'), node('check', 'test.branch'), node('pause', 'test.pause')];
    const edges = [edge('e1', 'start', 'check'), edge('e2', 'check', 'pause', 'false'), edge('e3', 'pause', 'check')];
    expect(problemsOf({ nodes, edges })).toEqual([]);
  });
});

describe('every problem at once', () => {
  const nodes = [
    node('start', 'test.start'),
    node('mystery', 'test.teleport'),
    node('future', 'test.score', { points: 1 }, 9),
    node('empty', 'test.score'),
    node('wordy', 'test.score', { points: 'lots' }),
    node('typo', 'test.score', { points: 1, note: 'Hi {{ contact.first_name ' }),
    node('templated', 'test.score', { points: '{{ trigger.body.points }}' }),
    node('greedy', 'test.score', { points: 5000 }),
    node('twin', 'test.score', { points: 1 }),
    node('twin', 'test.score', { points: 2 }),
    node('ping', 'test.score', { points: 1 }),
    node('pong', 'test.score', { points: 1 }),
    node('check', 'test.branch'),
  ];
  const edges = [
    edge('to-ghost', 'start', 'ghost'),
    edge('from-ghost', 'ghost', 'ping'),
    edge('bad-port', 'check', 'pong', 'maybe'),
    edge('into-trigger', 'pong', 'start'),
    edge('ping-pong', 'ping', 'pong'),
    edge('pong-ping', 'pong', 'ping'),
  ];
  const problems = problemsOf({ nodes, edges, settings: { timezone: 'Mars/Olympus_Mons' } });

  it('lists each problem with its node or edge and field', () => {
    expect(located(problems)).toEqual(
      expect.arrayContaining([
        { nodeId: undefined, edgeId: undefined, field: 'settings.timezone', code: 'invalid_timezone' },
        { nodeId: 'mystery', edgeId: undefined, field: 'type', code: 'unknown_type' },
        { nodeId: 'future', edgeId: undefined, field: 'version', code: 'unknown_version' },
        { nodeId: 'empty', edgeId: undefined, field: 'params.points', code: 'invalid_type' },
        { nodeId: 'wordy', edgeId: undefined, field: 'params.points', code: 'invalid_type' },
        { nodeId: 'typo', edgeId: undefined, field: 'params.note', code: 'template_syntax' },
        { nodeId: 'greedy', edgeId: undefined, field: 'params.points', code: 'invalid_param' },
        { nodeId: 'twin', edgeId: undefined, field: 'id', code: 'duplicate_id' },
        { nodeId: undefined, edgeId: 'to-ghost', field: 'target', code: 'missing_node' },
        { nodeId: undefined, edgeId: 'from-ghost', field: 'source', code: 'missing_node' },
        { nodeId: 'check', edgeId: 'bad-port', field: 'sourcePort', code: 'missing_port' },
        { nodeId: 'start', edgeId: 'into-trigger', field: 'targetPort', code: 'missing_port' },
        { nodeId: expect.stringMatching(/^(ping|pong)$/), edgeId: undefined, field: 'edges', code: 'cycle' },
      ]),
    );
    expect(problems).toHaveLength(13);
  });

  it('says nothing about the node whose number comes from a template', () => {
    expect(problems.filter((p) => p.nodeId === 'templated')).toEqual([]);
  });

  it('explains each problem in words a user can act on', () => {
    const message = (code: string, id?: string) => problems.find((p) => p.code === code && (!id || p.nodeId === id || p.edgeId === id))?.message;
    expect(message('invalid_timezone')).toBe('"Mars/Olympus_Mons" is not an IANA time zone');
    expect(message('unknown_type')).toBe('unknown node type "test.teleport"');
    expect(message('unknown_version')).toBe('test.score has no version 9 (known: 1, 2)');
    expect(message('template_syntax')).toBe('template error: output "{{ contact.first_name " not closed, line:1, col:4');
    expect(message('invalid_param')).toBe('at most 1000 points at once');
    expect(message('duplicate_id')).toBe('node id "twin" is used twice');
    expect(message('missing_node', 'to-ghost')).toBe('edge to-ghost ends at missing node "ghost"');
    expect(message('missing_port', 'bad-port')).toBe('node "check" has no output port "maybe" (ports: true, false)');
    expect(message('missing_port', 'into-trigger')).toBe('trigger "start" has no input; edges cannot end at a trigger');
    expect(message('cycle')).toMatch(/^the loop (ping → pong → ping|pong → ping → pong) has no delay or wait in it; it would run forever$/);
  });
});

describe('single problems', () => {
  it('reports a workflow without a trigger', () => {
    expect(located(problemsOf({ nodes: [node('score', 'test.score', { points: 1 })] }))).toEqual([
      { nodeId: undefined, edgeId: undefined, field: 'nodes', code: 'no_trigger' },
    ]);
  });

  it('reports a node that loops onto itself without waiting', () => {
    const problems = problemsOf({ nodes: [node('start', 'test.start'), node('again', 'test.score', { points: 1 })], edges: [edge('self', 'again', 'again')] });
    expect(located(problems)).toEqual([{ nodeId: 'again', edgeId: undefined, field: 'edges', code: 'cycle' }]);
  });

  it('accepts a waiting node that loops onto itself', () => {
    expect(problemsOf({ nodes: [node('start', 'test.start'), node('pause', 'test.pause')], edges: [edge('self', 'pause', 'pause')] })).toEqual([]);
  });

  it('reports an input port other than "in"', () => {
    const problems = problemsOf({
      nodes: [node('start', 'test.start'), node('score', 'test.score', { points: 1 })],
      edges: [{ id: 'e1', source: 'start', sourcePort: 'out', target: 'score', targetPort: 'side' }],
    });
    expect(located(problems)).toEqual([{ nodeId: 'score', edgeId: 'e1', field: 'targetPort', code: 'missing_port' }]);
  });

  it('reports a duplicate edge id', () => {
    const nodes = [node('start', 'test.start'), node('a', 'test.pause'), node('b', 'test.pause')];
    const problems = problemsOf({ nodes, edges: [edge('e1', 'start', 'a'), edge('e1', 'start', 'b')] });
    expect(located(problems)).toEqual([{ nodeId: undefined, edgeId: 'e1', field: 'id', code: 'duplicate_id' }]);
  });

  it('accepts every IANA time zone', () => {
    expect(problemsOf({ nodes: [node('start', 'test.start')], settings: { timezone: 'America/Argentina/Buenos_Aires' } })).toEqual([]);
  });

  it('names the node and field of a structural error', () => {
    const problems = problemsOf({ nodes: [{ ...node('start', 'test.start'), version: 0 }, node('bad id', 'test.pause')] });
    expect(located(problems)).toEqual([
      { nodeId: 'start', edgeId: undefined, field: 'version', code: 'too_small' },
      { nodeId: 'bad id', edgeId: undefined, field: 'id', code: 'invalid_format' },
    ]);
  });

  it('asks for a name', () => {
    const result = validateWorkflow({ name: '  ', nodes: [node('start', 'test.start')] }, catalogue);
    expect(result.ok ? [] : result.problems).toEqual([{ field: 'name', code: 'too_small', message: 'a workflow needs a name' }]);
  });
});
