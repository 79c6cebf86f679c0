// Placeholder until built.
export function WorkflowEditorPage() {
  return <div className="page">WorkflowEditorPage</div>;
}
