// The README's five-minute walk-through, pasted into bash against a real `tern start`: it must
// print exactly what the README says it prints.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './server-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(`${ROOT}README.md`, 'utf8');

/** The body of the first fenced block of `lang` after `heading`, and of the blocks after it. */
function blocksAfter(heading: string): Array<{ lang: string; body: string }> {
  const section = README.slice(README.indexOf(heading));
  const end = section.indexOf('\n## ', heading.length);
  const text = end > 0 ? section.slice(0, end) : section;
  return [...text.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, body: m[2]! }));
}

describe('README walk-through', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await ServerProcess.create();
    await server.start();
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
  });

  it('prints what the README says it prints', () => {
    const [script, answers, path] = blocksAfter('## Five minutes with `curl`');
    expect(script?.lang).toBe('sh');
    const commands = script!.body.replace('TERN=http://localhost:3700', `TERN=${server.url}`);
    const output = execFileSync('bash', ['-euo', 'pipefail', '-c', commands], { cwd: ROOT, encoding: 'utf8' });
    const expected = ['true', answers!.body.trim(), path!.body.trim()].join('\n');
    expect(output.trim()).toBe(expected);
  }, 60_000);
});
