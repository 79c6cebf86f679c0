import type { Workflow, WorkflowNode } from '@tern/shared';
import { describe as group, expect, it } from 'vitest';
import { contextFields, filterSuggestions, insertTemplate, templateRange, upstreamOf } from '../src/inspector/completions.js';
import { catalogue } from './inspector-fixtures.js';

const node = (id: string, type: string): WorkflowNode => ({ id, type, version: 1, position: { x: 0, y: 0 }, params: {} });
const edge = (source: string, target: string, sourcePort = 'out') => ({ id: `${source}-${target}`, source, sourcePort, target, targetPort: 'in' });

// signup → lookup → check → (true) welcome → after;  signup → other (a parallel branch)
const workflow: Workflow = {
  name: 'Leads',
  nodes: [node('signup', 'trigger.webhook'), node('lookup', 'http.request'), node('check', 'logic.condition'), node('welcome', 'data.set'), node('after', 'data.set'), node('other', 'data.set')],
  edges: [edge('signup', 'lookup'), edge('lookup', 'check'), edge('check', 'welcome', 'true'), edge('welcome', 'after'), edge('signup', 'other')],
  settings: { timezone: 'UTC' },
};

const describeNode = (n: WorkflowNode) => catalogue.find((d) => d.type === n.type);
const paths = (list: { path: string }[]) => list.map((s) => s.path);

group('context fields', () => {
  it('walks the graph upstream, nearest first', () => {
    expect(upstreamOf(workflow, 'welcome')).toEqual(['check', 'lookup', 'signup']);
    expect(upstreamOf(workflow, 'signup')).toEqual([]);
  });

  it('offers the steps upstream only, with their fields from the last outputs', () => {
    const fields = contextFields(
      {
        workflow,
        describe: describeNode,
        lastTrigger: { body: { email: 'ada@example.com', score: 72 }, query: {}, headers: {}, method: 'POST', path: 'signup' },
        lastOutputs: {
          lookup: { status: 200, body: { plan: 'pro', items: [{ sku: 'a-1' }] } },
          other: { x: 1 },
          after: { y: 2 },
        },
      },
      'welcome',
    );
    const offered = paths(fields);
    expect(offered).toEqual(expect.arrayContaining([
      'steps.lookup', 'steps.lookup.status', 'steps.lookup.body.plan', 'steps.lookup.body.items.0.sku',
      'steps.check', 'steps.signup',
      'trigger.body.email', 'trigger.body.score', 'trigger.query', 'trigger.headers',
      'contact.email', 'contact.first_name', 'contact.tags', 'workflow.name', 'execution.id',
    ]));
    expect(offered.filter((p) => /^steps\.(other|after|welcome)\b/.test(p))).toEqual([]);
    expect(fields.find((f) => f.path === 'steps.lookup.status')?.detail).toBe('HTTP request · number · 200');
    expect(new Set(offered).size).toBe(offered.length);
  });

  it('offers a sample shape of the trigger before any run', () => {
    const offered = paths(contextFields({ workflow, describe: describeNode, lastTrigger: undefined, lastOutputs: {} }, 'check'));
    expect(offered).toEqual(expect.arrayContaining(['trigger.body', 'trigger.query', 'trigger.headers', 'steps.lookup.status', 'steps.lookup.body']));
  });
});

group('template text', () => {
  it('finds the open braces before the caret and replaces them with the chosen path', () => {
    const text = 'Hi {{ steps.lo }} there';
    const caret = 'Hi {{ steps.lo'.length;
    const range = templateRange(text, caret, false)!;
    expect(range.query).toBe('steps.lo');
    expect(insertTemplate(text, range, 'steps.lookup.status')).toEqual({ text: 'Hi {{ steps.lookup.status }} there', caret: 28 });
    expect(templateRange('Hi {{ a }} there', 16, false)).toBeNull();
    expect(templateRange('Hi', 2, true)).toEqual({ query: '', from: 2, to: 2 });
  });

  it('ranks paths that start with the query first', () => {
    const list = [{ path: 'contact.score', detail: '' }, { path: 'score.total', detail: '' }, { path: 'trigger.body', detail: '' }];
    expect(paths(filterSuggestions(list, 'score'))).toEqual(['score.total', 'contact.score']);
  });
});
