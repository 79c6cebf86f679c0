// Placeholder until built.
export function KeysPage() {
  return <div className="page">KeysPage</div>;
}
