import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createBuiltinCatalogue } from '@tern/nodes';
import { runNode } from '@tern/nodes/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../db/suite/temp-dirs.js';
import { CredentialTypeRegistry } from '../services/credential-types.js';
import { linkSdk, linkZod, nodeSource, writePackage } from '../../test/node-packages.js';
import { loadNodePackages } from './load-packages.js';

const tempDir = useTempDirs('tern-nodes-');

/** A fresh TERN_NODES_DIR with the SDK linked into its node_modules. */
function nodesDir(): string {
  const root = tempDir();
  linkSdk(root);
  return root;
}

async function load(dir: string, importTimeoutMs?: number) {
  const lines: string[] = [];
  const log = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, done) => { lines.push(String(chunk)); done(); } }));
  const catalogue = createBuiltinCatalogue();
  const credentialTypes = new CredentialTypeRegistry();
  const packages = await loadNodePackages({ dir, catalogue, credentialTypes, log, importTimeoutMs });
  return { packages, catalogue, credentialTypes, logs: lines.map((l) => JSON.parse(l) as { level: number; msg: string; package?: string }) };
}

const credentialSource = `import { defineCredentialType, z } from '@tern/node-sdk';
export const acmeApi = defineCredentialType({
  type: 'acme_api', title: 'Acme API',
  fields: z.object({ key: z.string().min(1) }), secret: ['key'],
  test: { request: (d) => ({ method: 'GET', url: 'https://api.acme.test/me', headers: { authorization: 'Bearer ' + d.key } }) },
});
`;

describe('loading custom node packages', () => {
  it('loads folders and npm-installed packages (scoped too) into the catalogue and the credential types', async () => {
    const dir = nodesDir();
    writePackage(dir, 'acme-echo', { nodes: ['./index.js'], credentialTypes: ['./credential.js'] }, {
      'index.js': nodeSource({ params: "z.object({ text: z.string(), account: z.string().optional().meta({ widget: 'credential', credentialTypes: ['acme_api'] }) })" }),
      'credential.js': credentialSource,
    });
    // Installed by npm, depending on zod itself rather than on the SDK (vitest hands node_modules to
    // Node unchanged, and this process has no TypeScript loader for the SDK's sources).
    linkZod(dir);
    writePackage(path.join(dir, 'node_modules', '@acme'), 'shout', { nodes: ['./dist/main.js'] }, {
      'dist/main.js': `import { z } from 'zod';
export const shoutNode = {
  type: 'acme.shout', version: 1, title: 'Shout', description: 'Shouts its text.', category: 'chat', icon: 'megaphone',
  outputs: ['out'], params: z.object({ text: z.string() }),
  execute: (ctx) => ({ kind: 'continue', port: 'out', output: { shouted: ctx.params.text.toUpperCase() } }),
};
export const notANode = { answer: 42 };
`,
    }, { name: '@acme/shout' });
    writePackage(path.join(dir, 'node_modules'), 'zod-like', undefined as never, {}); // an ordinary dependency: not ours

    const { packages, catalogue, credentialTypes, logs } = await load(dir);
    expect(packages.errors).toEqual([]);
    expect(packages.loaded.map((p) => [p.name, p.nodes, p.credentialTypes])).toEqual([
      ['acme-echo', ['acme.echo@1'], ['acme_api']],
      ['@acme/shout', ['acme.shout@1'], []],
    ]);
    expect(packages.packageOf('acme.shout', 1)).toBe('@acme/shout');
    expect(packages.packageOf('data.set', 1)).toBeUndefined();
    expect(credentialTypes.get('acme_api')?.secret).toEqual(['key']);
    const { result } = await runNode(catalogue.get('acme.shout', 1)!, { params: { text: 'hi {{ contact.name }}' }, contact: { name: 'ada' } });
    expect(result).toEqual({ kind: 'continue', port: 'out', output: { shouted: 'HI ADA' } });
    expect(logs.find((l) => l.msg === 'loaded custom node package "@acme/shout"')).toBeDefined();
  });

  it('loads a TERN_NODES_DIR that is itself one package', async () => {
    const dir = tempDir();
    linkSdk(dir);
    writePackage(path.dirname(dir), path.basename(dir), { nodes: ['./index.js'] }, { 'index.js': nodeSource() });
    const { packages } = await load(dir);
    expect(packages.loaded.map((p) => p.nodes)).toEqual([['acme.echo@1']]);
  });

  it('skips each broken package with the reason, logged and listed, and loads the others', async () => {
    const dir = nodesDir();
    writePackage(dir, 'good', { nodes: ['./index.js'] }, { 'index.js': nodeSource() });
    writePackage(dir, 'syntax-error', { nodes: ['./index.js'] }, { 'index.js': 'export default [ { type: "a.b", \n' });
    writePackage(dir, 'throws', { nodes: ['./index.js'] }, { 'index.js': "throw new Error('no API key in the environment');\n" });
    writePackage(dir, 'duplicate', { nodes: ['./index.js'] }, { 'index.js': nodeSource({ type: "'data.set'" }) });
    writePackage(dir, 'new-version-of-builtin', { nodes: ['./index.js'] }, { 'index.js': nodeSource({ type: "'data.set'", version: '2' }) });
    writePackage(dir, 'bad-schema', { nodes: ['./index.js'] }, { 'index.js': nodeSource({ params: "{ text: 'string' }" }) });
    writePackage(dir, 'no-json-schema', { nodes: ['./index.js'] }, { 'index.js': nodeSource({ params: 'z.object({ when: z.date() })' }) });
    writePackage(dir, 'bad-fields', { nodes: ['./index.js'] }, {
      'index.js': nodeSource({ type: "'Acme'", outputs: "['out', 'out']", icon: 'undefined', params: "z.object({ a: z.string().meta({ widget: 'slider' }) })" }),
    });
    writePackage(dir, 'not-built', { nodes: ['./dist/index.js'] }, {});
    writePackage(dir, 'bad-manifest', { nodes: 'index.js' }, {});
    writePackage(dir, 'unknown-credential', { nodes: ['./index.js'] }, {
      'index.js': nodeSource({ type: "'acme.typo'", params: "z.object({ c: z.string().meta({ widget: 'credential', credentialTypes: ['acme_apy'] }) })" }),
    });
    writePackage(dir, 'taken-credential', { credentialTypes: ['./index.js'] }, {
      'index.js': "import { defineCredentialType, z } from '@tern/node-sdk';\nexport default [defineCredentialType({ type: 'smtp', title: 'Mine', fields: z.object({}), secret: [] })];\n",
    });
    mkdirSync(path.join(dir, 'unreadable'));
    writeFileSync(path.join(dir, 'unreadable', 'package.json'), '{ "name": ');

    const { packages, catalogue, logs } = await load(dir);
    expect(packages.loaded.map((p) => p.name)).toEqual(['good']);
    const reasons = Object.fromEntries(packages.errors.map((e) => [e.package, e.message]));
    expect(reasons).toEqual({
      'bad-fields': expect.stringMatching(/type must be "vendor\.name".*icon must be a lucide icon name.*widget "slider" is not one the editor knows.*outputs lists a port twice/),
      'bad-manifest': 'package.json "tern".nodes: Invalid input: expected array, received string',
      'bad-schema': 'node acme.echo@1: params must be a zod schema (z.object({ … }))',
      duplicate: "node data.set@1 is already defined by Tern's built-in nodes",
      'new-version-of-builtin': `node type "data.set" belongs to Tern's built-in nodes; a package may add versions of its own types only`,
      'no-json-schema': expect.stringMatching(/^node acme\.echo@1: params cannot be shown as a form \(no JSON Schema\): /),
      'not-built': 'cannot find ./dist/index.js (is the package built?)',
      // Node says SyntaxError; under Vitest, Vite's parser words it differently.
      'syntax-error': expect.stringMatching(/^cannot load \.\/index\.js: (SyntaxError: |Error: .*invalid JS syntax)/),
      'taken-credential': `credential type "smtp" is already declared by Tern's built-in credential types`,
      throws: 'cannot load ./index.js: Error: no API key in the environment',
      'unknown-credential': 'node acme.typo@1 accepts credential type "acme_apy", which neither Tern nor any package declares',
      unreadable: expect.stringMatching(/^package\.json is not valid JSON/),
    });
    expect(packages.errors.find((e) => e.package === 'throws')!.path).toBe(path.join(dir, 'throws', 'index.js'));
    // The built-ins are untouched and the good package works.
    expect(catalogue.get('data.set', 1)!.title).not.toBe('Echo');
    expect(catalogue.versionsOf('data.set')).toEqual([1]);
    expect(catalogue.get('acme.echo', 1)).toBeDefined();
    // One log line per skipped package, naming it and the reason.
    const skipped = logs.filter((l) => l.level === 50);
    expect(skipped).toHaveLength(packages.errors.length);
    expect(skipped.find((l) => l.package === 'duplicate')!.msg).toBe(`custom node package "duplicate" skipped: node data.set@1 is already defined by Tern's built-in nodes`);
  });

  it('takes a package whole or not at all', async () => {
    const dir = nodesDir();
    writePackage(dir, 'half-good', { nodes: ['./a.js', './b.js'], credentialTypes: ['./c.js'] }, {
      'a.js': nodeSource({ type: "'acme.first'" }),
      'b.js': nodeSource({ type: "'acme.second'", execute: 'undefined' }),
      'c.js': credentialSource,
    });
    const { packages, catalogue, credentialTypes } = await load(dir);
    expect(packages.errors).toEqual([expect.objectContaining({ package: 'half-good', message: 'node acme.second@1: execute must be a function' })]);
    expect(catalogue.hasType('acme.first')).toBe(false);
    expect(credentialTypes.get('acme_api')).toBeUndefined();
  });

  it('refuses a second package claiming a type or a name another package holds', async () => {
    const dir = nodesDir();
    writePackage(dir, 'a-first', { nodes: ['./index.js'] }, { 'index.js': nodeSource() });
    writePackage(dir, 'b-second', { nodes: ['./index.js'] }, { 'index.js': nodeSource({ version: '2' }) });
    writePackage(dir, 'c-twin', { nodes: ['./index.js'] }, { 'index.js': nodeSource({ type: "'acme.other'" }) }, { name: 'a-first' });
    const { packages } = await load(dir);
    expect(packages.loaded.map((p) => p.name)).toEqual(['a-first']);
    expect(packages.errors.map((e) => e.message)).toEqual([
      'node type "acme.echo" belongs to package "a-first"; a package may add versions of its own types only',
      `a package named "a-first" is loaded already from ${path.join(dir, 'a-first')}`,
    ]);
  });

  it('gives up on a module that never finishes loading', async () => {
    const dir = nodesDir();
    writePackage(dir, 'hangs', { nodes: ['./index.js'] }, { 'index.js': 'await new Promise(() => {});\nexport default [];\n' });
    const { packages } = await load(dir, 200);
    expect(packages.errors.map((e) => e.message)).toEqual(['./index.js did not finish loading within 0.2 s']);
  });

  it('reports a TERN_NODES_DIR that does not exist, and loads nothing without one', async () => {
    const missing = path.join(tempDir(), 'nope');
    expect((await load(missing)).packages.errors).toEqual([{ package: 'nope', path: missing, message: `TERN_NODES_DIR ${missing} is not a directory` }]);
    const none = await loadNodePackages({ dir: null, catalogue: createBuiltinCatalogue(), credentialTypes: new CredentialTypeRegistry(), log: pino({ level: 'silent' }) });
    expect(none.loaded).toEqual([]);
  });
});
