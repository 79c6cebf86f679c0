// The workflow's name in the toolbar, edited in place: Enter or leaving the field renames (one
// undo step), Escape puts the old name back.
import { useEffect, useState } from 'react';
import { useEditor } from '../store/editor-store.js';

export function WorkflowName({ readOnly }: { readOnly: boolean }) {
  const name = useEditor((s) => s.workflow.name);
  const edit = useEditor((s) => s.edit);
  const [text, setText] = useState(name);
  useEffect(() => setText(name), [name]);

  const commit = () => {
    const next = text.trim();
    if (!next) setText(name);
    else if (next !== name) edit({ op: 'rename', name: next });
  };

  return (
    <input
      className="workflow-name"
      data-testid="workflow-name"
      aria-label="Workflow name"
      value={text}
      maxLength={200}
      readOnly={readOnly}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') {
          setText(name);
          requestAnimationFrame(() => (e.target as HTMLInputElement).blur());
        }
      }}
    />
  );
}
