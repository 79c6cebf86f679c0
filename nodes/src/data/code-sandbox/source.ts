// From the code an author wrote to the JavaScript the sandbox runs: the code is the body of an
// async function, and TypeScript loses its types through esbuild (types only: no bundling, no
// down-levelling). Lines reported by QuickJS are mapped back to the author's lines.
import { transform, transformSync, type TransformFailure } from 'esbuild';

export type CodeLanguage = 'javascript' | 'typescript';

/** Runnable source, and how a line of it maps to the author's code. */
export interface Program {
  source: string;
  authorLine(line: number): number | undefined;
}

/** A syntax error in the author's code, with its line there. */
export class CodeSyntaxError extends Error {
  override name = 'CodeSyntaxError';
  constructor(readonly text: string, readonly line: number | undefined) {
    super(line === undefined ? text : `${text} (line ${line})`);
  }
}

/**
 * The code as an async function expression. The opening stays on the code's first line, so a line
 * of the wrapped source is the same line of the author's code.
 */
export function wrap(code: string): string {
  return `(async function () { ${code}\n})`;
}

const javascriptProgram = (code: string): Program => ({ source: wrap(code), authorLine: (line) => line });

/** Stripped TypeScript by code, so a node run many times pays esbuild once. */
const compiled = new Map<string, Program>();
const CACHE_SIZE = 200;

/** The program to run; rejects with a CodeSyntaxError when TypeScript does not parse. */
export async function compile(code: string, language: CodeLanguage): Promise<Program> {
  if (language === 'javascript') return javascriptProgram(code);
  const cached = compiled.get(code);
  if (cached) return cached;
  let output;
  try {
    output = await transform(wrap(code), { loader: 'ts', sourcemap: 'external', sourcefile: 'code.ts', logLevel: 'silent' });
  } catch (err) {
    throw syntaxErrorOf(err);
  }
  const mappings = (JSON.parse(output.map) as { mappings: string }).mappings;
  const program: Program = { source: output.code, authorLine: (line) => originalLine(mappings, line) };
  if (compiled.size >= CACHE_SIZE) compiled.delete(compiled.keys().next().value!);
  compiled.set(code, program);
  return program;
}

/** The first syntax error of the code, for validation when a workflow is saved. */
export function syntaxError(code: string, language: CodeLanguage): CodeSyntaxError | undefined {
  try {
    transformSync(wrap(code), { loader: language === 'typescript' ? 'ts' : 'js', logLevel: 'silent' });
    return undefined;
  } catch (err) {
    return syntaxErrorOf(err);
  }
}

function syntaxErrorOf(err: unknown): CodeSyntaxError {
  const first = (err as Partial<TransformFailure>).errors?.[0];
  if (!first) throw err;
  return new CodeSyntaxError(`syntax error: ${first.text}`, first.location?.line);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The original line (1-based) of a generated line, from a source map's `mappings`: its first
 * segment that points into the source. Fields are base64 VLQs, relative to the previous segment.
 */
export function originalLine(mappings: string, generatedLine: number): number | undefined {
  let sourceLine = 0;
  const lines = mappings.split(';');
  for (let index = 0; index < generatedLine && index < lines.length; index++) {
    let first: number | undefined;
    for (const segment of lines[index]!.split(',')) {
      const fields = decodeVlq(segment);
      if (fields.length < 4) continue;
      sourceLine += fields[2]!;
      first ??= sourceLine;
    }
    if (index === generatedLine - 1) return first === undefined ? undefined : first + 1;
  }
  return undefined;
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}
