// The `tern` command line: start the server, import/export workflows, run one.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { loadConfig } from './config.js';
import { createRuntime, type RuntimeHandle } from './create-runtime.js';
import { HttpError } from './http/errors.js';
import { scaffoldNodePackage } from './plugins/scaffold.js';
import { startServer, stopOnSignals } from './server.js';
import { startWorker } from './worker.js';
import { importContacts } from './services/contact-import.js';
import { runWorkflow } from './services/executions.js';
import { loadTemplates, useTemplate } from './services/templates.js';
import { activateWorkflow, createWorkflow, getWorkflow } from './services/workflows.js';

const program = new Command()
  .name('tern')
  .description('Tern: a self-hosted visual workflow builder for marketing automation')
  .version('0.1.0')
  .showHelpAfterError()
  .addHelpText('after', '\nConfiguration comes from environment variables (PORT, TERN_DATA_DIR, …); see the README.');

program
  .command('start')
  .description('serve the API, webhooks and editor (http://localhost:3700 unless PORT is set)')
  .action(async () => {
    stopOnSignals(await startServer(loadConfig()));
  });

program
  .command('worker')
  .description('queue mode (REDIS_URL and DATABASE_URL): run queued executions; start as many as the load needs')
  .option('--concurrency <n>', 'executions driven at once', positiveInt, 10)
  .option('--grace <seconds>', 'on SIGTERM, how long in-flight steps get to finish before their jobs go back to the queue', positiveInt, 30)
  .option('--metrics-port <port>', 'serve GET /metrics and /api/ready on this port (this worker\'s step and message metrics)', positiveInt)
  .action(async (options: { concurrency: number; grace: number; metricsPort?: number }) => {
    await startWorker(loadConfig(), {
      concurrency: options.concurrency, graceMs: options.grace * 1000, ...(options.metricsPort ? { metricsPort: options.metricsPort } : {}),
    });
  });

program
  .command('import')
  .description('import a workflow from a JSON file; prints its id')
  .argument('<file>', 'workflow JSON file (see examples/)')
  .option('--activate', 'activate it after import')
  .action((file: string, options: { activate?: boolean }) =>
    withRuntime(async (runtime) => {
      const input = readJson(file);
      let record = await createWorkflow(runtime, input);
      if (options.activate) record = await activateWorkflow(runtime, record.id);
      process.stdout.write(`${record.id}\n`);
      process.stderr.write(`imported "${record.name}" (version ${record.version}${record.active ? ', active' : ''})\n`);
    }),
  );

program
  .command('export')
  .description('print a workflow as JSON (the latest version unless --version is given)')
  .argument('<id>', 'workflow id')
  .option('--version <n>', 'a saved version number', (v) => Number.parseInt(v, 10))
  .option('-o, --output <file>', 'write to a file instead of standard output')
  .action((id: string, options: { version?: number; output?: string }) =>
    withRuntime(async (runtime) => {
      const record = await getWorkflow(runtime, id);
      const definition = options.version
        ? (await runtime.store.workflows.getVersion(id, options.version))?.definition
        : record.definition;
      if (!definition) throw new HttpError(404, 'not_found', `workflow ${id} has no version ${options.version}`);
      const json = `${JSON.stringify(definition, null, 2)}\n`;
      if (options.output) writeFileSync(options.output, json);
      else process.stdout.write(json);
    }),
  );

program
  .command('run')
  .description('run a workflow now and print the execution with every step')
  .argument('<id>', 'workflow id')
  .option('--input <json>', 'the trigger payload as JSON', '{}')
  .action((id: string, options: { input: string }) =>
    withRuntime(async (runtime) => {
      let payload: unknown;
      try {
        payload = JSON.parse(options.input);
      } catch (err) {
        throw new HttpError(400, 'invalid_json', `--input is not valid JSON: ${(err as Error).message}`);
      }
      const { view } = await runWorkflow(runtime, id, payload, { wait: true });
      process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
      if (view?.status === 'waiting') {
        process.stderr.write('the execution is waiting; a running `tern start` resumes it when it falls due\n');
      }
      if (view?.status === 'error') process.exitCode = 1;
    }),
  );

const nodes = program.command('nodes').description('custom node packages (see docs/custom-nodes.md)');

nodes
  .command('new')
  .description('create a custom node package: a node, its test with the runNode() harness, a README and a build script')
  .argument('<name>', 'package name, lower case with dashes, e.g. acme-crm (the node type becomes acme.crm)')
  .option('--dir <dir>', 'folder to create the package in; point TERN_NODES_DIR at it to load the package', '.')
  .option('--type <type>', 'the node type id, vendor.name (default: from the name)')
  .option('--credential', 'also declare a credential type the node uses, with a "Test credential" request')
  .option('--no-link', "do not link node_modules/@tern/node-sdk to this checkout's SDK (run npm install instead)")
  .action(async (name: string, options: { dir: string; type?: string; credential?: boolean; link: boolean }) => {
    const created = await scaffoldNodePackage({ name, ...options });
    process.stdout.write(`${created.dir}\n`);
    process.stderr.write(
      `created ${created.type}${created.credentialType ? ` and credential type ${created.credentialType}` : ''}; next:\n` +
        `  cd ${created.dir} && npm install && npm test && npm run build\n` +
        `  TERN_NODES_DIR=${path.dirname(created.dir)} npm start   # in Tern's folder\n`,
    );
  });

const contacts = program.command('contacts').description('the contact database');

contacts
  .command('import')
  .description('import contacts from a CSV file with a header row (as POST /api/contacts/import); prints the report as JSON')
  .argument('<file>', 'CSV file; columns such as email, phone, first name map to contact fields, others become custom fields')
  .option('--dry-run', 'check every row and show what would change, writing nothing')
  .option('--skip-invalid', 'import the good rows and report the broken ones (default: a broken row stops the import)')
  .action((file: string, options: { dryRun?: boolean; skipInvalid?: boolean }) =>
    withRuntime(async (runtime) => {
      const result = await importContacts(runtime, { csv: readText(file), dryRun: options.dryRun ?? false, skipInvalid: options.skipInvalid ?? false });
      const { preview: _preview, ...summary } = result;
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      process.stderr.write(`${options.dryRun ? 'would import' : 'imported'} ${result.created} new and ${result.updated} existing contacts` +
        `${result.skipped ? `; skipped ${result.skipped} broken rows` : ''}\n`);
    }),
  );

const templates = program.command('templates').description('ready-made journeys (examples/templates)')
  .action(() => {
    for (const t of loadTemplates()) process.stdout.write(`${t.id.padEnd(20)} ${t.category.padEnd(12)} ${t.name}: ${t.description}\n`);
  });

templates
  .command('use')
  .description('create a workflow from a template; prints its id')
  .argument('<id>', 'template id (see `tern templates`)')
  .option('--name <name>', 'a name for the workflow (default: the template\'s)')
  .option('--credential <type=id>', 'the credential for the nodes taking this type, e.g. smtp=ID (repeatable)', collectPair, {})
  .option('--activate', 'activate it after creating it')
  .action((id: string, options: { name?: string; credential: Record<string, string>; activate?: boolean }) =>
    withRuntime(async (runtime) => {
      let record = await useTemplate(runtime, id, { ...(options.name ? { name: options.name } : {}), credentials: options.credential });
      if (options.activate) record = await activateWorkflow(runtime, record.id);
      process.stdout.write(`${record.id}\n`);
      process.stderr.write(`created "${record.name}" from template ${id}${record.active ? ' (active)' : ''}\n`);
    }),
  );

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new HttpError(400, 'invalid_option', `expected a whole number of at least 1, got "${value}"`);
  return n;
}

function collectPair(value: string, pairs: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1) throw new HttpError(400, 'invalid_option', `--credential ${value}: write it as type=id, e.g. smtp=0193…`);
  return { ...pairs, [value.slice(0, at)]: value.slice(at + 1) };
}

/** Opens the runtime on the configured database for one command, and closes it after. */
async function withRuntime(action: (runtime: RuntimeHandle) => Promise<void>): Promise<void> {
  const runtime = await createRuntime(loadConfig(process.env, { logLevel: process.env.TERN_LOG_LEVEL || 'warn' }));
  try {
    await action(runtime);
  } finally {
    await runtime.stop();
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new HttpError(400, 'file_unreadable', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function readJson(file: string): unknown {
  const text = readText(file);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, 'invalid_json', `${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function report(err: unknown): void {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
    return;
  }
  if (err instanceof HttpError) {
    process.stderr.write(`error: ${err.message}\n`);
    for (const d of (err.details ?? []) as Array<{ nodeId?: string; row?: number; field?: string; message?: string }>) {
      process.stderr.write(`  - ${d.nodeId ? `node "${d.nodeId}" ` : ''}${d.row ? `row ${d.row} ` : ''}${d.field ?? ''}: ${d.message ?? ''}\n`);
    }
  } else {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exitCode = 1;
}

program.exitOverride();
await program.parseAsync(process.argv).catch(report);
