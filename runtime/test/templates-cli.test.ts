// `tern templates` and `tern templates use` as a user runs them, on a database an earlier server
// left with credentials in it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './http-app.js';
import { tern } from './package-scripts.js';
import { createTestRuntime } from './helpers.js';

let cwd: string;
let smtp: string;

beforeAll(async () => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'tern-cli-'));
  const app = await createTestApp({ dataDir: path.join(cwd, '.tern') });
  smtp = (await app.api('post', '/api/credentials').send({ type: 'smtp', name: 'Mail', data: { host: 'smtp.example.com', port: 587, secure: false } }).expect(201)).body.id;
  await app.dispose();
});
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

describe('tern templates', () => {
  it('lists the templates by id, category and name', async () => {
    const { code, stdout } = await tern(['templates'], cwd);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^abandoned-cart\s+ecommerce\s+Abandoned cart: /m);
    expect(stdout.trim().split('\n')).toHaveLength(6);
  }, 30_000);

  it('`use` creates the workflow with the credentials given, and says which are missing otherwise', async () => {
    const missing = await tern(['templates', 'use', 'birthday-greeting'], cwd);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('node "birthday_email" params.credential: choose an SMTP credential');

    const made = await tern(['templates', 'use', 'birthday-greeting', '--credential', `smtp=${smtp}`, '--name', 'Birthdays'], cwd);
    expect(made.code).toBe(0);
    const runtime = await createTestRuntime({ dataDir: path.join(cwd, '.tern') });
    try {
      const workflow = await runtime.store.workflows.get(made.stdout.trim());
      expect(workflow).toMatchObject({ name: 'Birthdays', active: false });
      expect(workflow!.definition.nodes.find((n) => n.id === 'birthday_email')!.params.credential).toBe(smtp);
    } finally {
      await runtime.dispose();
    }
  }, 60_000);
});
