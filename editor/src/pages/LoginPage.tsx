// Placeholder until built.
export function LoginPage() {
  return <div className="page">LoginPage</div>;
}
