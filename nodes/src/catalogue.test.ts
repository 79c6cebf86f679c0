import { describeNode, nodeCategories, paramWidgets, validateWorkflow } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { builtinNodes, createBuiltinCatalogue } from './index.js';

/** Every `widget` named anywhere in a JSON Schema. */
function widgetsIn(schema: unknown): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const own = 'widget' in schema && typeof schema.widget === 'string' ? [schema.widget] : [];
  return [...own, ...Object.values(schema).flatMap(widgetsIn)];
}

/** An object schema, or a union of them (flow.delay's modes): what the editor renders as a form. */
function isFormSchema(schema: unknown): boolean {
  const s = schema as { type?: unknown; oneOf?: unknown[]; anyOf?: unknown[] };
  const options = s.oneOf ?? s.anyOf;
  return s.type === 'object' || (Array.isArray(options) && options.length > 0 && options.every(isFormSchema));
}

describe('the built-in catalogue', () => {
  it('holds the contract type ids, each once, at version 1', () => {
    expect(createBuiltinCatalogue().list().map((d) => `${d.type}@${d.version}`)).toEqual([
      'trigger.manual@1', 'trigger.webhook@1', 'trigger.schedule@1', 'trigger.event@1',
      'logic.condition@1', 'logic.switch@1', 'logic.merge@1', 'logic.split@1',
      'flow.delay@1', 'flow.wait_event@1', 'flow.goal@1', 'data.set@1', 'data.code@1', 'http.request@1', 'http.respond@1',
      'email.send@1', 'sms.send@1', 'crm.hubspot@1', 'crm.contact@1', 'crm.tag@1', 'crm.score@1',
    ]);
  });

  describe.each(builtinNodes.map((d) => [d.type, d] as const))('%s', (_, definition) => {
    it('describes itself for GET /api/nodes, params as JSON Schema', () => {
      const description = describeNode(definition);
      expect(description.title).not.toBe('');
      expect(description.description).toMatch(/^[A-Z].*\.$/);
      expect(nodeCategories).toContain(description.category);
      expect(description.icon).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(isFormSchema(description.params)).toBe(true);
      expect(JSON.parse(JSON.stringify(description))).toEqual(description);
    });

    it('names only widgets the editor knows', () => {
      for (const widget of widgetsIn(describeNode(definition).params)) expect(paramWidgets).toContain(widget);
    });

    it('belongs to the category its type id starts with', () => {
      expect(definition.type.startsWith(definition.category === 'trigger' ? 'trigger.' : `${definition.category}.`)).toBe(true);
      expect(Boolean(definition.trigger)).toBe(definition.category === 'trigger');
    });
  });

  it('validates the example workflow of the contract', () => {
    const workflow = {
      name: 'Welcome series',
      nodes: [
        { id: 'signup', type: 'trigger.webhook', version: 1, position: { x: 0, y: 0 }, params: { path: 'signup', method: 'POST' } },
        { id: 'hot', type: 'logic.condition', version: 1, position: { x: 240, y: 0 },
          params: { match: 'all', rules: [{ field: 'trigger.body.score', op: 'gt', value: 50 }] } },
        { id: 'wait', type: 'flow.delay', version: 1, params: { mode: 'duration', amount: 2, unit: 'days' } },
      ],
      edges: [
        { id: 'e1', source: 'signup', sourcePort: 'out', target: 'hot', targetPort: 'in' },
        { id: 'e2', source: 'hot', sourcePort: 'true', target: 'wait' },
      ],
      settings: { timezone: 'Europe/Berlin' },
    };
    expect(validateWorkflow(workflow, createBuiltinCatalogue()).problems).toEqual([]);
  });
});
