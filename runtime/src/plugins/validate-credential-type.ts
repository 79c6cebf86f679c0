// Checks a credential type exported by a custom package (made with `defineCredentialType`) before
// it joins the registry: a valid name, fields the editor can build a form from, secret fields
// that exist, and a test that is a request builder.
import { credentialTypeName } from '@tern/shared';
import { isObject, isZodSchema, toJsonSchema, topLevelParams } from './schema-checks.js';


/** Whether an export is meant as a credential type, rather than a helper. */
export function looksLikeCredentialType(value: unknown): boolean {
  return isObject(value) && typeof value.type === 'string' && 'fields' in value;
}

export function credentialTypeProblems(value: unknown): string[] {
  if (!isObject(value)) return ['is not a credential type object'];
  const d = value;
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => ok || problems.push(message);
  need(typeof d.type === 'string' && credentialTypeName.test(d.type), `type must be lower case letters, digits and _ (e.g. "acme_api"), got ${JSON.stringify(d.type)}`);
  need(typeof d.title === 'string' && d.title.trim() !== '', 'title must be a non-empty string');
  need(d.description === undefined || typeof d.description === 'string', 'description must be a string');

  let fields: Set<string> | null = null;
  if (!isZodSchema(d.fields)) {
    problems.push('fields must be a z.object({ … })');
  } else {
    const converted = toJsonSchema(d.fields);
    if (!converted.ok) problems.push(`fields cannot be shown as a form (no JSON Schema): ${converted.message}`);
    else if (converted.json.type !== 'object' || !(fields = topLevelParams(converted.json))) problems.push('fields must be a z.object({ … })');
  }
  if (!Array.isArray(d.secret) || !d.secret.every((f) => typeof f === 'string')) {
    problems.push('secret must be a list of field names (may be empty)');
  } else if (fields) {
    for (const f of d.secret.filter((x) => !fields!.has(x))) problems.push(`secret names "${f}", which is not a field`);
  }
  if (d.test !== undefined) {
    const test = d.test;
    if (!isObject(test) || typeof test.request !== 'function') problems.push('test must be { request: (data) => ({ method, url, … }), expect? }');
    else if (test.expect !== undefined && !isStatusList(test.expect)) problems.push('test.expect must be an HTTP status or a list of them');
  }
  return problems;
}

const isStatus = (v: unknown) => Number.isInteger(v) && (v as number) >= 100 && (v as number) <= 599;
const isStatusList = (v: unknown) => isStatus(v) || (Array.isArray(v) && v.length > 0 && v.every(isStatus));
