// Monaco, bundled: the local `monaco-editor` package and its web workers (Vite `?worker` imports)
// instead of @monaco-editor/react's default CDN loader. Imported only by the lazily loaded editor
// chunk, so the app loads without it. Also the context-field completions inside `{{ }}` and the
// JSON Schema check of each JSON model.
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker';
import type { FieldSuggestion } from './completions.js';

self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    if (label === 'json') return new JsonWorker();
    if (label === 'typescript' || label === 'javascript') return new TsWorker();
    return new EditorWorker();
  },
};

loader.config({ monaco });

/** The context fields and JSON Schema of each mounted model, by model URI. */
const fieldsByModel = new Map<string, FieldSuggestion[]>();
const schemasByModel = new Map<string, unknown>();

export function attachModel(uri: string, info: { fields: FieldSuggestion[]; schema?: unknown }) {
  fieldsByModel.set(uri, info.fields);
  if (info.schema !== undefined) schemasByModel.set(uri, info.schema);
  else schemasByModel.delete(uri);
  applySchemas();
}

export function detachModel(uri: string) {
  fieldsByModel.delete(uri);
  if (schemasByModel.delete(uri)) applySchemas();
}

function applySchemas() {
  monaco.json.jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    enableSchemaRequest: false,
    schemas: [...schemasByModel].map(([uri, schema]) => ({ uri: `${uri}.schema`, fileMatch: [uri], schema })),
  });
}

// Inside `{{ ` in a JSON string or a template, offer the fields this node can read.
monaco.languages.registerCompletionItemProvider(['json', 'liquid', 'plaintext'], {
  triggerCharacters: ['{', '.', ' '],
  provideCompletionItems(model, position) {
    const fields = fieldsByModel.get(model.uri.toString());
    const line = model.getLineContent(position.lineNumber);
    const before = line.slice(0, position.column - 1);
    const typed = /\{\{\s*([\w.[\]-]*)$/.exec(before);
    if (!fields || !typed) return { suggestions: [] };
    const startColumn = position.column - typed[1]!.length;
    const closed = /^[\w.[\]-]*\s*\}\}/.test(line.slice(position.column - 1));
    const range = new monaco.Range(position.lineNumber, startColumn, position.lineNumber, position.column);
    return {
      suggestions: fields.map((f, i) => ({
        label: f.path,
        detail: f.detail,
        kind: monaco.languages.CompletionItemKind.Field,
        insertText: closed ? f.path : `${f.path} }}`,
        sortText: String(i).padStart(5, '0'),
        range,
      })),
    };
  },
});

// In a code node's JavaScript or TypeScript: the names its code receives, and the fields this
// node can read under them (`trigger.body.email`, `steps.lookup.status`…) as the author types a path.
const CODE_CONTEXT = [
  '/** The output of the step before this one. */ declare const input: any;',
  '/** The trigger payload. */ declare const trigger: any;',
  '/** Earlier steps\' outputs by node id. */ declare const steps: Record<string, any>;',
  '/** The contact this run belongs to, if any. */ declare const contact: any;',
  'declare const workflow: { id: string; name: string; version: number };',
  'declare const execution: { id: string; startedAt: string };',
  '/** Only when the node allows HTTP: a request through Tern\'s guarded client. */',
  'declare function http(request: { method?: string; url: string; headers?: Record<string, string>; query?: Record<string, string>; body?: unknown }): Promise<{ status: number; headers: Record<string, string>; body: any }>;',
].join('\n');
monaco.typescript.javascriptDefaults.addExtraLib(CODE_CONTEXT, 'inmemory://tern/code-context.d.ts');
monaco.typescript.typescriptDefaults.addExtraLib(CODE_CONTEXT, 'inmemory://tern/code-context.d.ts');
// The code is the body of an async function, as the server runs it: a `return` or an `await` at
// the top of the model is right there (TS 1108, 1375, 1378). The server strips the types without
// checking them; here they are checked as the author types, against ES2022's library without a DOM, which the
// sandbox does not have either.
monaco.typescript.typescriptDefaults.setCompilerOptions({
  target: monaco.typescript.ScriptTarget.ES2020,
  lib: ['es2022'],
  allowNonTsExtensions: true,
  strict: false,
  noEmit: true,
});
monaco.typescript.typescriptDefaults.setDiagnosticsOptions({ diagnosticCodesToIgnore: [1108, 1375, 1378] });

monaco.languages.registerCompletionItemProvider(['javascript', 'typescript'], {
  triggerCharacters: ['.'],
  provideCompletionItems(model, position) {
    const fields = fieldsByModel.get(model.uri.toString());
    const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
    const typed = /\b((?:trigger|steps|contact|workflow|execution)(?:\.[\w$-]*)*)$/.exec(before);
    if (!fields || !typed) return { suggestions: [] };
    const range = new monaco.Range(position.lineNumber, position.column - typed[1]!.length, position.lineNumber, position.column);
    return {
      suggestions: fields
        .filter((f) => f.path.startsWith(typed[1]!))
        .map((f, i) => ({
          label: f.path,
          detail: f.detail,
          kind: monaco.languages.CompletionItemKind.Field,
          insertText: f.path,
          sortText: String(i).padStart(5, '0'),
          range,
        })),
    };
  },
});

export { monaco };
