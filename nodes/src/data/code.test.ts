import { paramProblems, ParamError } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { FakeHttp, runNode } from '../testing/index.js';
import { codeNode } from './code.js';

const run = (code: string, options: Omit<Parameters<typeof runNode>[1], 'params'> & { params?: Record<string, unknown> } = {}) =>
  runNode(codeNode, { ...options, params: { code, ...options.params } });

const outputOf = async (code: string, options: Parameters<typeof run>[1] = {}) => {
  const { result } = await run(code, options);
  expect(result.kind).toBe('continue');
  return (result as { output: unknown }).output;
};

describe('data.code', () => {
  it('outputs what the code returns, computed from its input', async () => {
    const input = { items: [{ price: 12.5 }, { price: 7.5 }, { price: 30 }] };
    await expect(outputOf('return { total: input.items.reduce((sum, item) => sum + item.price, 0), count: input.items.length };', { input }))
      .resolves.toEqual({ total: 50, count: 3 });
  });

  it('reads trigger, steps, contact, workflow and execution, as copies it may change', async () => {
    const output = await outputOf(
      `steps.lookup.tags.push('changed');
       return { plan: trigger.body.plan, status: steps.lookup.status, email: contact.email,
                workflow: workflow.id, execution: execution.id, tags: steps.lookup.tags };`,
      { trigger: { body: { plan: 'pro' } }, steps: { lookup: { status: 200, tags: ['a'] } }, contact: { email: 'ada@example.com' } },
    );
    expect(output).toEqual({ plan: 'pro', status: 200, email: 'ada@example.com', workflow: 'test-workflow', execution: 'test-execution', tags: ['a', 'changed'] });
  });

  it('allows await at the top level and returns null for undefined', async () => {
    await expect(outputOf('const n = await Promise.resolve(41); return n + 1;')).resolves.toBe(42);
    await expect(outputOf('const x = 1;')).resolves.toBeNull();
  });

  it('leaves {{ }} in the code alone: code is never a Liquid template', async () => {
    await expect(outputOf("return '{{ trigger.name }}';", { trigger: { name: 'Ada' } })).resolves.toBe('{{ trigger.name }}');
  });

  it('runs TypeScript with its types stripped', async () => {
    const code = [
      'interface Item { price: number; qty: number }',
      'const items: Item[] = input.items;',
      'const total = items.reduce((sum: number, item: Item) => sum + item.price * item.qty, 0);',
      'return { total } as const;',
    ].join('\n');
    await expect(outputOf(code, { params: { language: 'typescript' }, input: { items: [{ price: 2, qty: 3 }] } })).resolves.toEqual({ total: 6 });
  });

  it("fails the step with the code's error message and the author's line, for TypeScript too", async () => {
    await expect(run('const a = 1;\n\nthrow new TypeError(`no plan for ${trigger.id}`);', { trigger: { id: 7 } }))
      .rejects.toThrow(/^TypeError: no plan for 7 \(line 3\)$/);
    const typescript = 'type Plan = { name: string };\nconst plans: Plan[] = [];\n\n\nif (plans.length === 0) throw new Error("no plans");';
    await expect(run(typescript, { params: { language: 'typescript' } })).rejects.toThrow(/^Error: no plans \(line 5\)$/);
    await expect(run('null.x;')).rejects.toThrow(/^TypeError: .* \(line 1\)$/);
    await expect(run("throw 'just text';")).rejects.toThrow('the code threw just text');
  });

  it('refuses code that does not parse: when saved, and as a step error naming params.code', async () => {
    const problems = (code: string, language = 'javascript') => paramProblems('code', { code, language }, codeNode, 'UTC');
    expect(problems('const a = 1;\nconst b = ;')).toEqual([
      expect.objectContaining({ field: 'params.code', message: expect.stringMatching(/syntax error: .*\(line 2\)$/) }),
    ]);
    expect(problems('const a: number = ;', 'typescript')).toEqual([expect.objectContaining({ field: 'params.code', message: expect.stringMatching(/\(line 1\)$/) })]);
    expect(problems('const a: number = 1;\nreturn a;', 'typescript')).toEqual([]);
    await expect(run('const a = 1;\nconst b = ;')).rejects.toThrow(ParamError);
    await expect(run('const a = 1;\nconst b = ;')).rejects.toThrow(/^params\.code: SyntaxError: .*\(line 2\)$/);
    await expect(run('let x: = 1;', { params: { language: 'typescript' } })).rejects.toThrow(/^params\.code: syntax error: .*\(line 1\)$/);
  });

  it.each([
    ['a function', 'return { total: 1, format() {} };', 'a function at "format" is not JSON'],
    ['a symbol', "return { id: Symbol('x') };", 'a symbol at "id" is not JSON'],
    ['a bigint', 'return 10n;', 'a bigint as the result is not JSON'],
    ['a cycle', 'const a = {}; a.self = a; return a;', 'circular'],
  ])('refuses a result holding %s', async (_, code, message) => {
    await expect(run(code)).rejects.toThrow(`the code's result cannot be copied out as JSON: TypeError: ${message}`);
  });

  it('sends console lines to the log, capped per run', async () => {
    const { logs } = await run("console.log('total', 3, { ok: true }); console.warn('careful'); console.error(new Error('bad')); return 1;", { nodeId: 'calc' });
    expect(logs).toEqual([
      { level: 'info', msg: 'total 3 {"ok":true}', data: { node: 'calc', console: true } },
      { level: 'warn', msg: 'careful', data: { node: 'calc', console: true } },
      { level: 'error', msg: 'Error: bad', data: { node: 'calc', console: true } },
    ]);
    const many = await run("for (let i = 0; i < 150; i++) console.log('line ' + i, 'x'.repeat(5000)); return 1;");
    expect(many.logs).toHaveLength(101);
    expect(many.logs[0]!.msg).toHaveLength(2000);
    expect(many.logs[100]).toMatchObject({ level: 'warn', msg: '50 more console lines were dropped (at most 100 are kept per run)' });
  });

  it('has no http() unless the author allows it', async () => {
    await expect(outputOf('return typeof http;')).resolves.toBe('undefined');
    const http = new FakeHttp(() => ({ status: 200 }));
    await expect(run("return await http({ url: 'https://api.example.com' });", { http })).rejects.toThrow("'http' is not defined");
    expect(http.requests).toEqual([]);
  });

  it('calls out through ctx.services.http when allowed, with plain JSON in and out', async () => {
    const http = new FakeHttp((request) => (request.url === 'https://api.example.com/score' ? { status: 200, headers: { 'content-type': 'application/json' }, body: { score: 80 } } : { status: 404 }));
    const code = `
      const answer = await http({ method: 'POST', url: 'https://api.example.com/score', headers: { 'x-team': 'growth' }, body: { email: contact.email } });
      const missing = await http({ url: 'https://api.example.com/nope' });
      return { score: answer.body.score, type: answer.headers['content-type'], missing: missing.status };`;
    const { result, requests } = await run(code, { params: { allowHttp: true, timeoutMs: 2000 }, http, contact: { email: 'ada@example.com' } });
    expect(result).toMatchObject({ output: { score: 80, type: 'application/json', missing: 404 } });
    expect(requests).toEqual([
      { method: 'POST', url: 'https://api.example.com/score', headers: { 'x-team': 'growth' }, body: { email: 'ada@example.com' }, timeoutMs: expect.any(Number) },
      { method: 'GET', url: 'https://api.example.com/nope', timeoutMs: expect.any(Number) },
    ]);
    // A request may not outlive the run that made it.
    for (const request of requests) expect(request.timeoutMs).toBeLessThanOrEqual(2000);
  });

  it("hands the code a refused or malformed request as an error it can catch", async () => {
    const http = new FakeHttp(() => {
      throw new Error('refused: 169.254.169.254 is a link-local address');
    });
    const code = `
      const messages = [];
      for (const request of [{ url: 'http://169.254.169.254/latest' }, { url: 'file:///etc/passwd' }, { url: 'https://a.example', credential: 'c1' }]) {
        try { await http(request); } catch (e) { messages.push(e.message); }
      }
      return messages;`;
    const output = await outputOf(code, { params: { allowHttp: true }, http });
    expect(output).toEqual([
      'refused: 169.254.169.254 is a link-local address',
      expect.stringMatching(/^http\(\): request\.url: /),
      expect.stringMatching(/^http\(\): request: .*credential/),
    ]);
  });

  it('says so when its context does not fit in the memory limit, and runs once it does', async () => {
    const input = { rows: Array.from({ length: 200_000 }, (_, id) => ({ id, name: `row ${id}`, tags: ['a', 'b'] })) };
    await expect(run('return input.rows.length;', { input, params: { memoryLimitMb: 8 } }))
      .rejects.toThrow("the code's context (input, trigger, steps…) does not fit in its memory limit of 8 MB");
    await expect(outputOf('return input.rows.length;', { input, params: { memoryLimitMb: 64, timeoutMs: 5000 } })).resolves.toBe(200_000);
  });

  it('keeps its limits within bounds', async () => {
    await expect(run('return 1;', { params: { timeoutMs: 60_000 } })).rejects.toThrow(/^params\.timeoutMs: /);
    await expect(run('return 1;', { params: { memoryLimitMb: 4096 } })).rejects.toThrow(/^params\.memoryLimitMb: /);
    await expect(run('return 1;', { params: { language: 'python' } })).rejects.toThrow(/^params\.language: /);
  });
});
