// Custom node packages end to end: `tern nodes new` scaffolds a package, its own scripts build it
// and pass its test, a real server started with TERN_NODES_DIR lists the node and runs it in a
// workflow. Broken packages in the same folder (a syntax error, a duplicate of a built-in, a bad
// schema) are skipped, reported by name, and change nothing for the rest.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSource, writePackage } from './node-packages.js';
import { npmRun, tern } from './package-scripts.js';
import { ServerProcess } from './server-process.js';

describe('custom node packages (must-hold 1 and 2)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tern-custom-nodes-'));
  let server: ServerProcess | null = null;
  let key = '';
  const api = (method: string, route: string, body?: unknown) => server!.api(method, route, body, key);

  beforeAll(() => {
    // What a careless integrator might drop beside the good packages. They have no node_modules:
    // the server provides `@tern/node-sdk` to every package it loads.
    writePackage(dir, 'broken-syntax', { nodes: ['./index.js'] }, { 'index.js': "export default [{ type: 'acme.oops', \n" });
    writePackage(dir, 'duplicate-builtin', { nodes: ['./index.js'] }, { 'index.js': nodeSource({ type: "'http.request'" }) });
    writePackage(dir, 'bad-schema', { nodes: ['./index.js'] }, { 'index.js': nodeSource({ type: "'acme.bad'", params: "{ text: 'string' }" }) });
  });

  afterAll(async () => {
    await server?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scaffolds packages with `tern nodes new` that build and pass their own tests', async () => {
    const plain = await tern(['nodes', 'new', 'acme-greeter', '--dir', dir]);
    expect(plain.stderr).toContain('created acme.greeter');
    expect(plain.stdout.trim()).toBe(path.join(dir, 'acme-greeter'));
    const withCredential = await tern(['nodes', 'new', 'acme-crm', '--credential', '--dir', dir]);
    expect(withCredential.code).toBe(0);
    expect((await tern(['nodes', 'new', 'acme-greeter', '--dir', dir])).stderr).toMatch(/exists already/);

    await Promise.all(['acme-greeter', 'acme-crm'].map(async (name) => {
      const pkg = path.join(dir, name);
      const build = await npmRun(pkg, 'build');
      expect(build.code, build.stderr + build.stdout).toBe(0);
      expect(existsSync(path.join(pkg, 'dist', `${name}.js`))).toBe(true);
      const test = await npmRun(pkg, 'test');
      expect(test.code, test.stderr + test.stdout).toBe(0);
      expect(test.stdout).toMatch(/Tests\s+3 passed/);
    }));
    expect(existsSync(path.join(dir, 'acme-crm', 'dist', 'credential.js'))).toBe(true);
  }, 180_000);

  it('serves the scaffolded nodes from a server pointed at the folder, and runs one in a workflow', async () => {
    server = await ServerProcess.create({ TERN_NODES_DIR: dir });
    await server.start();
    key = (await server.api('POST', '/api/setup', { email: 'owner@example.com', password: 'correct horse battery' })).body.apiKey;

    const nodes = await api('GET', '/api/nodes');
    const greeter = nodes.body.items.find((n: { type: string }) => n.type === 'acme.greeter');
    expect(greeter).toMatchObject({ version: 1, package: 'acme-greeter', title: 'Acme greeter', category: 'data', inputs: ['in'], outputs: ['out'] });
    expect(greeter.params).toMatchObject({ type: 'object', properties: { name: { widget: 'template' }, greeting: { widget: 'select' } } });
    const types = await api('GET', '/api/credential-types');
    expect(types.body.items.find((t: { type: string }) => t.type === 'acme_crm_api')).toMatchObject({ package: 'acme-crm', secret: ['apiKey'], testable: true });

    const workflow = await api('POST', '/api/workflows', {
      name: 'Greets with a custom node',
      nodes: [
        { id: 'start', type: 'trigger.manual', version: 1, params: {} },
        { id: 'greet', type: 'acme.greeter', version: 1, params: { name: '{{ trigger.name }}', greeting: 'Welcome' } },
        { id: 'after', type: 'data.set', version: 1, params: { values: { said: '{{ steps.greet.message }}' } } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'greet' }, { id: 'e2', source: 'greet', target: 'after' }],
    });
    expect(workflow.status, JSON.stringify(workflow.body)).toBe(201);
    const run = await api('POST', `/api/workflows/${workflow.body.id}/run?wait=true`, { name: 'Ada' });
    expect(run.body.status).toBe('success');
    const output = (id: string) => run.body.steps.find((s: { nodeId: string }) => s.nodeId === id).output;
    expect(output('greet')).toEqual({ message: 'Welcome, Ada!' });
    expect(output('after')).toEqual({ said: 'Welcome, Ada!' });
    const execution = await api('GET', `/api/executions/${run.body.id}`);
    expect(execution.body.steps.map((s: { nodeId: string; status: string }) => `${s.nodeId}:${s.status}`)).toEqual(['start:success', 'greet:success', 'after:success']);
  }, 60_000);

  it('skips each broken package, reported by name in /api/nodes/errors and the log; everything else keeps working', async () => {
    const errors = await api('GET', '/api/nodes/errors');
    const byPackage = Object.fromEntries(errors.body.items.map((e: { package: string; message: string }) => [e.package, e.message]));
    expect(byPackage).toEqual({
      'bad-schema': 'node acme.bad@1: params must be a zod schema (z.object({ … }))',
      'broken-syntax': expect.stringMatching(/^cannot load \.\/index\.js: SyntaxError: /),
      'duplicate-builtin': "node http.request@1 is already defined by Tern's built-in nodes",
    });
    expect(errors.body.items.find((e: { package: string }) => e.package === 'broken-syntax').path).toBe(path.join(dir, 'broken-syntax', 'index.js'));
    const log = server!.output.join('');
    for (const name of ['bad-schema', 'broken-syntax', 'duplicate-builtin']) expect(log).toContain(`custom node package \\"${name}\\" skipped`);

    // The built-in http.request is Tern's own, and the server still serves everything.
    const nodes = await api('GET', '/api/nodes');
    const request = nodes.body.items.filter((n: { type: string }) => n.type === 'http.request');
    expect(request).toHaveLength(1);
    expect(request[0]).not.toHaveProperty('package');
    expect(nodes.body.items.some((n: { type: string }) => n.type === 'acme.bad')).toBe(false);
    expect((await api('GET', '/api/health')).status).toBe(200);
    const saved = await api('POST', '/api/workflows', {
      name: 'Uses a skipped node',
      nodes: [{ id: 'start', type: 'trigger.manual', version: 1, params: {} }, { id: 'bad', type: 'acme.bad', version: 1, params: {} }],
      edges: [{ id: 'e1', source: 'start', target: 'bad' }],
    });
    expect(saved.status).toBe(400);
    expect(saved.body.error.details).toContainEqual(expect.objectContaining({ nodeId: 'bad', field: 'type' }));
  }, 30_000);
});
