// Placeholder until built.
export function CredentialsPage() {
  return <div className="page">CredentialsPage</div>;
}
