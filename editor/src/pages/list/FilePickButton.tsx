// A button that opens the browser's file picker (the input itself is hidden but stays reachable
// for tests and assistive tech by its label). The same file can be picked again after fixing it.
import { Upload } from 'lucide-react';
import { type ReactNode, useRef } from 'react';

export function FilePickButton(props: {
  accept: string;
  /** What the hidden input is called, e.g. "Workflow file to import". */
  fileLabel: string;
  testId: string;
  disabled?: boolean;
  children: ReactNode;
  onFile(file: File): void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="btn" disabled={props.disabled} onClick={() => input.current?.click()} data-testid={props.testId}>
        <Upload size={16} /> {props.children}
      </button>
      <input
        ref={input}
        type="file"
        accept={props.accept}
        className="sr-only"
        tabIndex={-1}
        aria-label={props.fileLabel}
        data-testid={`${props.testId}-file`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) props.onFile(file);
        }}
      />
    </>
  );
}
