// Liquid templating over the execution context. Templates never evaluate JavaScript: liquidjs
// only reads own properties of plain data, has no file system (include/render see an empty
// in-memory set) and stops renders that run too long or allocate too much.
import { Liquid, type Template } from 'liquidjs';

export interface TemplateLimits {
  /** Longest template source accepted, in characters. */
  maxTemplateLength: number;
  /** Longest time one render may take, in milliseconds. */
  renderTimeMs: number;
  /** Allocation budget of one render (liquidjs' cooperative memory counter). */
  memory: number;
  /** Longest rendered output accepted, in characters. */
  maxOutputLength: number;
}

export const defaultTemplateLimits: TemplateLimits = {
  maxTemplateLength: 100_000,
  renderTimeMs: 200,
  memory: 10_000_000,
  maxOutputLength: 1_000_000,
};

export class TemplateError extends Error {
  override name = 'TemplateError';
}

const TEMPLATE_MARK = /\{\{|\{%/;
// A string that is exactly one output tag, e.g. "{{ trigger.body.score }}": its value keeps its type.
const SINGLE_OUTPUT = /^\{\{-?\s*([^{}]*?)\s*-?\}\}$/;
const CACHE_SIZE = 2_000;

export function isTemplate(value: unknown): value is string {
  return typeof value === 'string' && TEMPLATE_MARK.test(value);
}

export class TemplateEngine {
  private readonly liquid: Liquid;
  private readonly parsed = new Map<string, Template[]>();

  constructor(readonly limits: TemplateLimits = defaultTemplateLimits) {
    this.liquid = new Liquid({
      templates: {},
      relativeReference: false,
      ownPropertyOnly: true,
      strictFilters: true,
      parseLimit: limits.maxTemplateLength,
      renderLimit: limits.renderTimeMs,
      memoryLimit: limits.memory,
    });
  }

  /** Parses a template, returning a user-readable message when it is not valid Liquid. */
  check(source: string): string | null {
    try {
      this.parse(source);
      return null;
    } catch (err) {
      return describe(err);
    }
  }

  /** Renders a template to a string. */
  render(source: string, data: object): string {
    let out: unknown;
    try {
      out = this.liquid.renderSync(this.parse(source), data);
    } catch (err) {
      throw new TemplateError(describe(err));
    }
    const text = String(out);
    if (text.length > this.limits.maxOutputLength) {
      throw new TemplateError(`rendered text is longer than ${this.limits.maxOutputLength} characters`);
    }
    return text;
  }

  /**
   * Resolves one value: a string that is a single `{{ expr }}` yields the expression's value with
   * its type (number, object, …); any other templated string renders to text; objects and arrays
   * are resolved deeply; everything else is returned as is.
   */
  resolve(value: unknown, data: object): unknown {
    if (typeof value === 'string') {
      if (!TEMPLATE_MARK.test(value)) return value;
      const single = SINGLE_OUTPUT.exec(value);
      if (single) {
        return this.evaluate(single[1]!, data);
      }
      return this.render(value, data);
    }
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, data));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.resolve(v, data);
      return out;
    }
    return value;
  }

  /** Evaluates an expression such as `trigger.body.items[0].sku` or `trigger.body.score | plus: 1`,
   *  keeping the value's type. */
  evaluate(expression: string, data: object): unknown {
    try {
      const value = this.liquid.evalValueSync(expression, data as never);
      return value === undefined ? null : value;
    } catch (err) {
      throw new TemplateError(describe(err));
    }
  }

  private parse(source: string): Template[] {
    let templates = this.parsed.get(source);
    if (!templates) {
      templates = this.liquid.parse(source);
      if (this.parsed.size >= CACHE_SIZE) this.parsed.delete(this.parsed.keys().next().value!);
      this.parsed.set(source, templates);
    }
    return templates;
  }
}

function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // liquidjs appends a source excerpt after the first line; the first line is the message.
  return message.split('\n')[0]!.trim();
}

/** The engine shared by the runtime and the nodes. */
export const templates = new TemplateEngine();
