// `tern nodes new NAME`: creates a custom node package that builds and passes its test as it is:
// package.json with the `tern` key, the node (and with --credential a credential type it uses),
// its test with the SDK's runNode() harness, a README and a `tsc` build to dist/. The files come
// from ./templates; the package appears whole or not at all (written aside, then renamed).
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPOSITORY, SDK_DIR } from './sdk-location.js';
import { nodeTypeId } from './validate-node.js';

const TEMPLATES = fileURLToPath(new URL('./templates/', import.meta.url));

export interface ScaffoldOptions {
  /** Package name, lower case with dashes: `acme-crm`. */
  name: string;
  /** The folder to create the package in (it becomes `<dir>/<name>`). */
  dir: string;
  /** The node type id; default from the name (`acme-crm` → `acme.crm`). */
  type?: string;
  /** Also declare a credential type the node uses. */
  credential?: boolean;
  /** Link node_modules/@tern/node-sdk to this checkout's SDK, as `npm install` would (default true). */
  link?: boolean;
}

export interface Scaffolded {
  dir: string;
  type: string;
  credentialType: string | null;
  files: string[];
}

export class ScaffoldError extends Error {
  override name = 'ScaffoldError';
}

const packageNamePattern = /^[a-z][a-z0-9-]{0,49}$/;

/** `acme-crm-lookup` → `acme.crm_lookup`; a name without a dash gets the vendor `custom`. */
export function typeFromName(name: string): string {
  const [vendor, ...rest] = name.split('-');
  return rest.length === 0 ? `custom.${vendor}` : `${vendor}.${rest.join('_')}`;
}

const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const title = (name: string) => {
  const words = name.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Keeps the lines between `//#if credential`, `//#else` and `//#endif` that apply. */
function render(template: string, values: Record<string, string>, credential: boolean): string {
  const out: string[] = [];
  let keep = true;
  for (const line of template.split('\n')) {
    const marker = line.trim();
    if (marker === '//#if credential') keep = credential;
    else if (marker === '//#else') keep = !credential;
    else if (marker === '//#endif') keep = true;
    else if (keep) out.push(line);
  }
  return out.join('\n').replace(/__([A-Z_]+)__/g, (whole, key: string) => values[key] ?? whole);
}

async function toolVersions(): Promise<Record<string, string>> {
  const fallback = { typescript: '~5.9.3', vitest: '^4.1.12' };
  try {
    const root = JSON.parse(await readFile(path.join(REPOSITORY, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
    return { typescript: root.devDependencies?.typescript ?? fallback.typescript, vitest: root.devDependencies?.vitest ?? fallback.vitest };
  } catch {
    return fallback;
  }
}

export async function scaffoldNodePackage(options: ScaffoldOptions): Promise<Scaffolded> {
  const { name } = options;
  if (!packageNamePattern.test(name)) {
    throw new ScaffoldError(`"${name}" is not a usable package name: lower case letters, digits and dashes, starting with a letter (e.g. acme-crm)`);
  }
  const type = options.type ?? typeFromName(name);
  if (!nodeTypeId.test(type)) throw new ScaffoldError(`--type "${type}" is not a node type id: vendor.name in lower case (e.g. acme.crm_lookup)`);
  const credential = options.credential === true;
  const target = path.resolve(options.dir, name);
  if (existsSync(target)) throw new ScaffoldError(`${target} exists already; choose another name or --dir`);

  const credentialType = credential ? `${name.replace(/-/g, '_')}_api` : null;
  const values: Record<string, string> = {
    NAME: name,
    TYPE: type,
    TITLE: title(name),
    IDENT: `${camel(name)}Node`,
    CREDENTIAL_TYPE: credentialType ?? '',
    CREDENTIAL_IDENT: `${camel(name)}Credential`,
    DOCS_PATH: path.join(REPOSITORY, 'docs', 'custom-nodes.md'),
  };
  const tools = await toolVersions();
  const packageJson = {
    name,
    version: '0.1.0',
    private: true,
    description: `${title(name)}: a custom Tern node (${type})`,
    type: 'module',
    files: ['dist'],
    tern: {
      nodes: [`./dist/${name}.js`],
      ...(credential ? { credentialTypes: ['./dist/credential.js'] } : {}),
    },
    scripts: { build: 'tsc -p tsconfig.build.json', test: 'vitest run', typecheck: 'tsc -p tsconfig.json' },
    dependencies: { '@tern/node-sdk': `file:${SDK_DIR}` },
    devDependencies: { typescript: tools.typescript, vitest: tools.vitest },
  };
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    [`src/${name}.ts`]: 'node.ts.tmpl',
    [`test/${name}.test.ts`]: 'node.test.ts.tmpl',
    ...(credential ? { 'src/credential.ts': 'credential.ts.tmpl' } : {}),
    'README.md': 'README.md.tmpl',
    'tsconfig.json': 'tsconfig.json.tmpl',
    'tsconfig.build.json': 'tsconfig.build.json.tmpl',
    'vitest.config.ts': 'vitest.config.ts.tmpl',
    '.gitignore': 'gitignore.tmpl',
  };

  // Written beside the target and renamed at the end: an interrupted scaffold leaves no half package.
  await mkdir(path.dirname(target), { recursive: true });
  const staging = `${target}.partial-${process.pid}`;
  try {
    for (const [file, source] of Object.entries(files)) {
      const text = source.endsWith('.tmpl') ? render(await readFile(path.join(TEMPLATES, source), 'utf8'), values, credential) : source;
      await mkdir(path.dirname(path.join(staging, file)), { recursive: true });
      await writeFile(path.join(staging, file), text);
    }
    if (options.link !== false && existsSync(SDK_DIR)) {
      // What npm does for a `file:` dependency: a link, so the package builds before any install.
      await mkdir(path.join(staging, 'node_modules', '@tern'), { recursive: true });
      await symlink(SDK_DIR, path.join(staging, 'node_modules', '@tern', 'node-sdk'), 'dir');
    }
    await rename(staging, target);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  return { dir: target, type, credentialType, files: Object.keys(files) };
}
