// "Import": pick a workflow .json file and create it on the server. A file that is not a workflow,
// or a workflow the server refuses, is explained in a dialog listing each problem.
import { useState } from 'react';
import { ApiError } from '../api/client.js';
import type { WorkflowView } from '../api/types.js';
import { importWorkflow, WorkflowFileError } from '../api/workflows.js';
import { toast } from '../ui/toast.js';
import { FilePickButton } from './list/FilePickButton.js';
import { problemsOf, WorkflowsProblemsDialog } from './WorkflowsProblems.js';

interface Failure {
  fileName: string;
  intro: string;
  problems: string[];
}

export function WorkflowsImportButton({ onImported }: { onImported(workflow: WorkflowView): void }) {
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
      <FilePickButton accept=".json,application/json" fileLabel="Workflow file to import" testId="import-workflow" disabled={busy}
        onFile={(file) => void importFile(file)}>
        {busy ? 'Importing…' : 'Import'}
      </FilePickButton>
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
