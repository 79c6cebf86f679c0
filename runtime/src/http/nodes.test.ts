// The catalogue API around custom nodes: versions and "upgrade node", and the packages skipped.
import { createBuiltinCatalogue } from '@tern/nodes';
import { defineNode, next } from '@tern/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useTempDirs } from '../db/suite/temp-dirs.js';
import { createTestApp, type TestApp } from '../../test/http-app.js';
import { linkSdk, writePackage } from '../../test/node-packages.js';

const migrations: Array<[number, number]> = [];
const base = { title: 'Greet', description: 'Greets.', category: 'data', icon: 'hand', outputs: ['out'] } as const;
// Version 1 took a name; 2 added a greeting; 3 renamed name to fullName.
const greetV1 = defineNode({ ...base, type: 'acme.greet', version: 1, params: z.object({ name: z.string() }),
  execute: (ctx) => next({ text: `Hello ${ctx.params.name}`, version: 1 }) });
const greetV2 = defineNode({ ...base, type: 'acme.greet', version: 2, params: z.object({ name: z.string(), greeting: z.string() }),
  migrate: (params, from) => (migrations.push([from, 2]), { ...params, greeting: 'Hello' }),
  execute: (ctx) => next({ text: `${ctx.params.greeting} ${ctx.params.name}`, version: 2 }) });
const greetV3 = defineNode({ ...base, type: 'acme.greet', version: 3, params: z.object({ fullName: z.string(), greeting: z.string() }),
  migrate: ({ name, ...rest }, from) => (migrations.push([from, 3]), { ...rest, fullName: name }),
  execute: (ctx) => next({ text: `${ctx.params.greeting} ${ctx.params.fullName}`, version: 3 }) });
const frozenV1 = defineNode({ ...base, type: 'acme.frozen', version: 1, params: z.object({}), execute: () => next({}) });
const frozenV2 = defineNode({ ...base, type: 'acme.frozen', version: 2, params: z.object({}), execute: () => next({}) });
const brokenV1 = defineNode({ ...base, type: 'acme.broken', version: 1, params: z.object({}), execute: () => next({}) });
const brokenV2 = defineNode({ ...base, type: 'acme.broken', version: 2, params: z.object({}), execute: () => next({}),
  migrate: () => { throw new Error('cannot read the old list'); } });

let t: TestApp;
beforeAll(async () => {
  const catalogue = createBuiltinCatalogue();
  for (const d of [greetV1, greetV2, greetV3, frozenV1, frozenV2, brokenV1, brokenV2]) catalogue.add(d);
  t = await createTestApp({ catalogue });
});
afterAll(() => t.dispose());

const upgrade = (body: unknown) => t.api('post', '/api/nodes/upgrade').send(body as object);

describe('node versions', () => {
  it('marks in the catalogue which versions can be upgraded, and to what', async () => {
    const { body } = await t.api('get', '/api/nodes').expect(200);
    const entry = (type: string, version: number) => body.items.find((d: { type: string; version: number }) => d.type === type && d.version === version);
    expect(entry('acme.greet', 1)).toMatchObject({ latestVersion: 3, canUpgrade: true });
    expect(entry('acme.greet', 2)).toMatchObject({ latestVersion: 3, canUpgrade: true });
    expect(entry('acme.greet', 3)).toMatchObject({ latestVersion: 3, canUpgrade: false });
    expect(entry('acme.frozen', 1)).toMatchObject({ latestVersion: 2, canUpgrade: false });
    expect(entry('data.set', 1)).toMatchObject({ latestVersion: 1, canUpgrade: false });
    expect(entry('data.set', 1)).not.toHaveProperty('package');
  });

  it('migrates params through every version in between, templates untouched', async () => {
    migrations.length = 0;
    const { body } = await upgrade({ type: 'acme.greet', fromVersion: 1, params: { name: '{{ contact.first_name }}' } }).expect(200);
    expect(body).toEqual({ version: 3, params: { fullName: '{{ contact.first_name }}', greeting: 'Hello' } });
    expect(migrations).toEqual([[1, 2], [2, 3]]);
    expect((await upgrade({ type: 'acme.greet', fromVersion: 2, params: { name: 'Ada', greeting: 'Hi' } }).expect(200)).body)
      .toEqual({ version: 3, params: { fullName: 'Ada', greeting: 'Hi' } });
  });

  it('says why a node cannot be upgraded, naming the field', async () => {
    const cases: Array<[unknown, string, string, RegExp]> = [
      [{ type: 'acme.frozen', fromVersion: 1 }, 'cannot_upgrade', 'fromVersion', /version 2 declares no migration from version 1/],
      [{ type: 'acme.greet', fromVersion: 3 }, 'cannot_upgrade', 'fromVersion', /version 3 is the newest there is/],
      [{ type: 'acme.nope', fromVersion: 1 }, 'unknown_type', 'type', /no node type "acme\.nope"/],
      [{ type: 'acme.broken', fromVersion: 1 }, 'migration_failed', 'params', /to version 2 failed: cannot read the old list/],
      [{ type: 'acme.greet', fromVersion: 'one' }, 'invalid_request', 'fromVersion', /must be a version number/],
    ];
    for (const [body, code, field, message] of cases) {
      const res = await upgrade(body).expect(400);
      expect(res.body.error).toMatchObject({ code, message: expect.stringMatching(message) });
      expect(res.body.error.details[0].field).toBe(field);
    }
  });

  it('keeps a workflow on the version it was built with', async () => {
    const workflow = await t.api('post', '/api/workflows').send({
      name: 'Old greeting',
      nodes: [
        { id: 'start', type: 'trigger.manual', version: 1, params: {} },
        { id: 'greet', type: 'acme.greet', version: 1, params: { name: 'Ada' } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'greet' }],
    }).expect(201);
    const run = await t.api('post', `/api/workflows/${workflow.body.id}/run?wait=true`).send({}).expect(200);
    expect(run.body.steps.find((s: { nodeId: string }) => s.nodeId === 'greet').output).toEqual({ text: 'Hello Ada', version: 1 });
  });
});

describe('GET /api/nodes/errors', () => {
  const tempDir = useTempDirs('tern-nodes-api-');

  it('lists the packages skipped at start by name, path and reason; the rest load', async () => {
    const dir = tempDir();
    linkSdk(dir);
    writePackage(dir, 'acme-broken', { nodes: ['./index.js'] }, { 'index.js': "throw new Error('boom');\n" });
    writePackage(dir, 'acme-fine', { nodes: ['./index.js'] }, {
      'index.js': "import { defineNode, next, z } from '@tern/node-sdk';\nexport default [defineNode({ type: 'acme.fine', version: 1, title: 'Fine', description: 'Is fine.', category: 'chat', icon: 'check', outputs: ['out'], params: z.object({}), execute: () => next({ fine: true }) })];\n",
    });
    const app = await createTestApp({ config: { nodesDir: dir } });
    try {
      const errors = await app.api('get', '/api/nodes/errors').expect(200);
      expect(errors.body).toEqual({
        items: [{ package: 'acme-broken', path: `${dir}/acme-broken/index.js`, message: 'cannot load ./index.js: Error: boom' }],
        total: 1,
        nextCursor: null,
      });
      const nodes = await app.api('get', '/api/nodes').expect(200);
      expect(nodes.body.items.find((d: { type: string }) => d.type === 'acme.fine')).toMatchObject({ package: 'acme-fine', category: 'chat' });
      await app.anonymous('get', '/api/nodes/errors').expect(401);
    } finally {
      await app.dispose();
    }
    expect((await t.api('get', '/api/nodes/errors').expect(200)).body.items).toEqual([]);
  });
});
