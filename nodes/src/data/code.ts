import { defineNode, type NodeContext, next, ParamError } from '@tern/shared';
import { z } from 'zod';
import {
  CodeSyntaxError,
  compile,
  forwardHttp,
  MAX_CODE_CHARS,
  MEMORY_LIMIT_MB,
  type Program,
  runSandboxed,
  type SandboxFailure,
  syntaxError,
  TIME_LIMIT_MS,
} from './code-sandbox/index.js';

export const codeParams = z.object({
  code: z
    .string()
    .min(1, 'write the code to run')
    .max(MAX_CODE_CHARS)
    .meta({
      label: 'Code',
      widget: 'code',
      languageParam: 'language',
      description: 'The body of an async function. It reads input, trigger, steps, contact, workflow and execution, and returns the output (JSON).',
      placeholder: 'return { total: input.items.reduce((sum, item) => sum + item.price, 0) };',
    }),
  language: z.enum(['javascript', 'typescript']).default('javascript').meta({
    label: 'Language',
    widget: 'select',
    optionLabels: { javascript: 'JavaScript', typescript: 'TypeScript' },
    description: 'TypeScript is run without its types; they are not checked.',
  }),
  timeoutMs: z
    .number()
    .int()
    .min(TIME_LIMIT_MS.min)
    .max(TIME_LIMIT_MS.max)
    .default(TIME_LIMIT_MS.default)
    .meta({ label: 'Time limit (ms)', widget: 'number', description: 'Wall-clock time for the whole run, awaited http() calls included.' }),
  memoryLimitMb: z
    .number()
    .int()
    .min(MEMORY_LIMIT_MB.min)
    .max(MEMORY_LIMIT_MB.max)
    .default(MEMORY_LIMIT_MB.default)
    .meta({ label: 'Memory limit (MB)', widget: 'number' }),
  allowHttp: z.boolean().default(false).meta({
    label: 'Allow HTTP requests',
    widget: 'boolean',
    description: "Gives the code an http({ method, url, headers, query, body }) function that goes through Tern's guarded HTTP client.",
  }),
});
export type CodeParams = z.output<typeof codeParams>;

/**
 * Runs an integrator's JavaScript or TypeScript in a QuickJS sandbox (a fresh realm per run, with
 * time and memory limits) and outputs what it returns, copied out as JSON. The code's only way
 * out is http(), when the author allows it. See docs/code-node.md.
 */
export const codeNode = defineNode({
  type: 'data.code',
  version: 1,
  title: 'Code',
  description: 'Runs JavaScript or TypeScript in a sandbox with time and memory limits and outputs what it returns.',
  category: 'data',
  icon: 'code',
  outputs: ['out'],
  params: codeParams,
  // Code is code: Liquid never touches it.
  rawParams: ['code'],
  check: (params) => {
    if (typeof params.code !== 'string' || (params.language !== 'javascript' && params.language !== 'typescript')) return [];
    const error = syntaxError(params.code, params.language);
    return error ? [{ field: 'code', message: error.message }] : [];
  },
  async execute(ctx) {
    const { code, language, timeoutMs, memoryLimitMb, allowHttp } = ctx.params;
    let program: Program;
    try {
      program = await compile(code, language);
    } catch (err) {
      if (err instanceof CodeSyntaxError) throw new ParamError('params.code', err.message);
      throw err;
    }
    const outcome = await runSandboxed(
      { source: program.source, contextJson: contextJson(ctx), timeoutMs, memoryLimitBytes: memoryLimitMb * 2 ** 20, allowHttp },
      allowHttp ? { http: (request, remainingMs) => forwardHttp(ctx.services.http, request, remainingMs) } : {},
    );
    for (const line of outcome.console) ctx.log[line.level](line.text, { node: ctx.node.id, console: true });
    if (!outcome.ok) throw failureError(outcome.failure, program);
    return next(outcome.value);
  },
});

/** The globals the code reads, as JSON: copies, never the engine's own objects. */
function contextJson(ctx: NodeContext<CodeParams>): string {
  const { trigger, steps, workflow, execution } = ctx.data;
  try {
    return JSON.stringify({ input: ctx.input ?? null, trigger: trigger ?? null, steps, contact: ctx.contact, workflow, execution });
  } catch (err) {
    throw new Error(`the code's context cannot be copied as JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The step's error: the code's own message and line; a syntax error names the param. */
function failureError(failure: SandboxFailure, program: Program): Error {
  const line = failure.line === undefined ? undefined : program.authorLine(failure.line);
  const message = line === undefined ? failure.message : `${failure.message} (line ${line})`;
  return failure.kind === 'syntax' ? new ParamError('params.code', message) : new Error(message);
}
