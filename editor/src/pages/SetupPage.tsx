// Placeholder until built.
export function SetupPage() {
  return <div className="page">SetupPage</div>;
}
