// The Monaco editor itself, loaded lazily by MonacoField (its own chunk with monaco and its
// workers). Registers the model's context fields and JSON Schema for completions and checks.
import Editor from '@monaco-editor/react';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTheme } from '../ui/theme.js';
import { attachModel, detachModel } from './monaco.js';
import type { MonacoFieldProps } from './MonacoField.js';

let nextModel = 1;
const EXTENSIONS = { json: 'json', javascript: 'js', typescript: 'ts' } as const;

export default function MonacoEditor(props: MonacoFieldProps & { fallback: ReactNode }) {
  const theme = useTheme((s) => s.theme);
  // One model per field, so completions and schema checks follow the field that mounted them.
  const path = useRef(`inmemory://tern/field-${nextModel++}.${EXTENSIONS[props.language]}`).current;
  const { fields, schema } = props;

  useEffect(() => {
    attachModel(path, { fields: fields ?? [], schema });
  }, [path, fields, schema]);
  useEffect(() => () => detachModel(path), [path]);

  // `nokey`: Monaco takes keys in an EditContext element (not a textarea) in Chromium, which React
  // Flow would otherwise read as canvas keys: Space to pan (eating every space), Backspace to delete.
  return (
    <div className={`monaco-box nokey${props.invalid ? ' invalid' : ''}`} data-testid={props.testId} data-language={props.language}>
      <Editor
        path={path}
        language={props.language}
        value={props.value}
        onChange={(v) => props.onChange(v ?? '')}
        theme={theme === 'dark' ? 'vs-dark' : 'vs'}
        height={props.height ?? 160}
        loading={props.fallback}
        options={{
          ariaLabel: props.ariaLabel,
          minimap: { enabled: false },
          lineNumbers: 'off',
          folding: false,
          glyphMargin: false,
          lineDecorationsWidth: 6,
          fontSize: 12.5,
          scrollBeyondLastLine: false,
          wordWrap: 'on',
          automaticLayout: true,
          tabSize: 2,
          renderLineHighlight: 'none',
          fixedOverflowWidgets: true,
        }}
      />
    </div>
  );
}
