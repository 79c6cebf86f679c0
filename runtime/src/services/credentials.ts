// Credentials: data encrypted at rest; secret fields are write-only. Also the vault that hands
// decrypted data to nodes at run time.
import { randomUUID } from 'node:crypto';
import type { AnyCredentialTypeDefinition } from '@tern/shared';
import { z } from 'zod';
import type { CredentialRecord, PageRequest, Store } from '../db/store.js';
import { HttpError, notFound } from '../http/errors.js';
import { parseInput } from '../http/validate.js';
import type { Clock, CredentialVault } from '../runtime.js';
import { decrypt, encrypt, type EncryptionKey } from '../security/crypto.js';
import { CredentialTypeRegistry } from './credential-types.js';

type Data = Record<string, unknown>;

/** At start: refuses to go on when stored credentials cannot be decrypted with this key. */
export async function checkEncryptionKey(store: Store, key: EncryptionKey): Promise<void> {
  const sample = await store.credentials.sample();
  if (sample === null) return;
  try {
    decrypt(sample, key);
  } catch {
    throw new Error(
      'The encryption key cannot decrypt the stored credentials. Start Tern with the key they were saved with ' +
        '(TERN_ENCRYPTION_KEY, or the key file in the data directory); refusing to start.',
    );
  }
}

const secretNames = (type: AnyCredentialTypeDefinition | undefined, data: Data): string[] =>
  type ? type.secret.filter((f) => data[f] !== undefined && data[f] !== '') : Object.keys(data);

/** A credential as the API shows it: non-secret fields, and only the names of the secrets set. A
 *  credential whose type is gone (its package removed) shows no fields: any of them may be secret. */
export function credentialView(record: CredentialRecord, data: Data, type: AnyCredentialTypeDefinition | undefined) {
  const fields = Object.fromEntries(Object.entries(data).filter(([k]) => type && !type.secret.includes(k)));
  return { ...record, fields, secrets: secretNames(type, data) };
}

export type CredentialView = ReturnType<typeof credentialView>;

/** A PUT's data: the changes, over the stored secrets (a secret left out keeps its value). */
const withKeptSecrets = (type: AnyCredentialTypeDefinition, stored: Data, changes: Data): Data =>
  ({ ...Object.fromEntries(type.secret.map((f) => [f, stored[f]])), ...changes });

const createBody = (types: string[]) => z.object({
  type: z.enum(types as [string, ...string[]], { error: `must be one of ${types.join(', ')}` }),
  name: z.string().trim().min(1, 'a credential needs a name').max(200),
  data: z.record(z.string(), z.unknown()).default({}),
});

const updateBody = z.object({
  type: z.string().optional(),
  name: z.string().trim().min(1, 'a credential needs a name').max(200).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export class Credentials {
  constructor(
    private readonly store: Store,
    private readonly key: EncryptionKey,
    private readonly clock: Clock,
    private readonly types: CredentialTypeRegistry = new CredentialTypeRegistry(),
  ) {}

  /** The type's definition; a 400 naming `type` when no loaded package declares it any more. */
  private typeOf(type: string): AnyCredentialTypeDefinition {
    const found = this.types.get(type);
    if (!found) {
      throw new HttpError(400, 'unknown_credential_type', `credential type "${type}" is not declared by Tern or any loaded node package`,
        [{ field: 'type', message: `must be one of ${this.types.names().join(', ')}` }]);
    }
    return found;
  }

  /** Data checked against the type (defaults applied); a 400 names each bad field as `data.<field>`. */
  parseData(type: string, data: unknown): Data {
    return parseInput(this.typeOf(type).fields, data, 'body', 'data') as Data;
  }

  private async seal(type: string, data: unknown): Promise<{ data: Data; sealed: string }> {
    const parsed = this.parseData(type, data);
    return { data: parsed, sealed: encrypt(JSON.stringify(parsed), this.key) };
  }

  private async open(id: string): Promise<{ record: CredentialRecord; data: Data }> {
    const found = await this.store.credentials.get(id);
    if (!found) throw notFound('credential');
    const { encryptedData, ...record } = found;
    return { record, data: JSON.parse(decrypt(encryptedData, this.key)) as Data };
  }

  async create(body: unknown): Promise<CredentialView> {
    const input = parseInput(createBody(this.types.names()), body ?? {}, 'body');
    const { data, sealed } = await this.seal(input.type, input.data);
    const now = this.clock.now().toISOString();
    const record: CredentialRecord = { id: randomUUID(), type: input.type, name: input.name, createdAt: now, updatedAt: now };
    await this.store.credentials.create(record, sealed);
    return credentialView(record, data, this.types.get(record.type));
  }

  /** PUT: non-secret fields are replaced; a secret left out keeps its stored value. */
  async update(id: string, body: unknown): Promise<CredentialView> {
    const input = parseInput(updateBody, body ?? {}, 'body');
    const { record, data: stored } = await this.open(id);
    if (input.type !== undefined && input.type !== record.type) {
      throw new HttpError(400, 'invalid_request', `a credential's type cannot change (it is ${record.type})`,
        [{ field: 'type', message: `must stay ${record.type}` }]);
    }
    const updatedAt = this.clock.now().toISOString();
    let data = stored;
    let sealed: string | undefined;
    if (input.data) ({ data, sealed } = await this.seal(record.type, withKeptSecrets(this.typeOf(record.type), stored, input.data)));
    await this.store.credentials.update(id, { name: input.name, encryptedData: sealed, updatedAt });
    return credentialView({ ...record, name: input.name ?? record.name, updatedAt }, data, this.types.get(record.type));
  }

  async get(id: string): Promise<CredentialView> {
    const { record, data } = await this.open(id);
    return credentialView(record, data, this.types.get(record.type));
  }

  /** What "Test credential" checks: the stored data, or the data a PUT with `changes` would store
   *  (secrets left out keep their stored values), without saving it. */
  async draft(id: string, changes?: Data): Promise<{ type: AnyCredentialTypeDefinition; data: Data }> {
    const { record, data: stored } = await this.open(id);
    const type = this.typeOf(record.type);
    return { type, data: changes ? this.parseData(record.type, withKeptSecrets(type, stored, changes)) : stored };
  }

  async list(page: PageRequest) {
    const result = await this.store.credentials.list(page);
    return { ...result, items: await Promise.all(result.items.map((r) => this.get(r.id))) };
  }

  async delete(id: string): Promise<void> {
    if (!(await this.store.credentials.delete(id))) throw notFound('credential');
  }
}

/** The vault nodes read credentials through (decrypted, checked against the accepted types). */
export function createCredentialVault(store: Store, key: EncryptionKey, types = new CredentialTypeRegistry()): CredentialVault {
  return {
    async get(id, acceptedTypes) {
      const found = await store.credentials.get(id);
      if (!found) throw new Error(`credential ${id} does not exist`);
      if (acceptedTypes && acceptedTypes.length > 0 && !acceptedTypes.includes(found.type)) {
        throw new Error(`credential "${found.name}" is of type ${found.type}; this node needs ${acceptedTypes.join(' or ')}`);
      }
      return { type: found.type, data: JSON.parse(decrypt(found.encryptedData, key)) as Data };
    },
    secretValues(type, data) {
      const names = types.get(type)?.secret ?? Object.keys(data);
      return names.map((f) => data[f]).filter((v): v is string => typeof v === 'string' && v !== '');
    },
  };
}
