// "Import": pick a workflow .json file and create it on the server. A file that is not a workflow,
// or a workflow the server refuses, is explained in a dialog listing each problem.
import { Upload } from 'lucide-react';
import { useRef, useState } from 'react';
import { ApiError } from '../api/client.js';
import type { WorkflowView } from '../api/types.js';
import { importWorkflow, WorkflowFileError } from '../api/workflows.js';
import { toast } from '../ui/toast.js';
import { problemsOf, WorkflowsProblemsDialog } from './WorkflowsProblems.js';

interface Failure {
  fileName: string;
  intro: string;
  problems: string[];
}

export function WorkflowsImportButton({ onImported }: { onImported(workflow: WorkflowView): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  const importFile = async (file: File) => {
    setBusy(true);
    try {
      const created = await importWorkflow(await file.text(), file.name);
      onImported(created);
      toast.success(`Imported “${created.name}”`);
    } catch (err) {
      if (err instanceof WorkflowFileError) {
        setFailure({ fileName: file.name, intro: `${file.name} cannot be imported: ${err.message}.`, problems: [] });
      } else if (err instanceof ApiError && err.status === 400) {
        const problems = problemsOf(err);
        setFailure({
          fileName: file.name,
          intro: problems.length > 0 ? `Tern cannot import ${file.name}. Fix these problems in the file and import it again:` : err.message,
          problems,
        });
      } else {
        toast.fail(err, `Importing ${file.name} failed`);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="btn" disabled={busy} onClick={() => input.current?.click()} data-testid="import-workflow">
        <Upload size={16} /> {busy ? 'Importing…' : 'Import'}
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        className="sr-only"
        tabIndex={-1}
        aria-label="Workflow file to import"
        data-testid="import-workflow-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = ''; // the same file can be picked again after fixing it
          if (file) void importFile(file);
        }}
      />
      {failure && (
        <WorkflowsProblemsDialog
          title="The workflow was not imported"
          intro={failure.intro}
          problems={failure.problems}
          onClose={() => setFailure(null)}
        />
      )}
    </>
  );
}
