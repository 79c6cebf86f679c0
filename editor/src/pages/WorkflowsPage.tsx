// Placeholder until built.
export function WorkflowsPage() {
  return <div className="page">WorkflowsPage</div>;
}
