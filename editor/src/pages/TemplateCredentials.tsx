// The second step of "New from template" when a template sends email, SMS or calls a CRM: one
// credential per type (picked, or created on the spot), since a workflow whose nodes lack their
// credential cannot be saved. Using the template fills every node of that type with it.
import { CredentialPicker } from '../inspector/CredentialPicker.js';
import { credentialTypeLabel } from './CredentialLabels.js';

export interface TemplateCredentialsProps {
  types: string[];
  chosen: Record<string, string>;
  onChange(chosen: Record<string, string>): void;
}

export function TemplateCredentials({ types, chosen, onChange }: TemplateCredentialsProps) {
  return (
    <div className="stack" data-testid="template-credentials">
      <p className="muted page-lead-tight">This journey needs {types.length === 1 ? 'a credential' : 'credentials'} to send with: pick one you saved, or create it now.</p>
      {types.map((type) => (
        <div className="field" key={type} data-testid={`template-credential-${type}`}>
          <label className="label" htmlFor={`template-credential-${type}`}>{credentialTypeLabel(type)}</label>
          <CredentialPicker
            id={`template-credential-${type}`}
            types={[type]}
            label={credentialTypeLabel(type)}
            value={chosen[type]}
            onChange={(id) => {
              const next = { ...chosen };
              if (id) next[type] = id;
              else delete next[type];
              onChange(next);
            }}
          />
        </div>
      ))}
    </div>
  );
}
