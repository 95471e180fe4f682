import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './infrastructure/database/data-source.options';
import { pendingSchemaChanges, runMigrations } from './infrastructure/database/migrate';
import { DatabaseModule } from './infrastructure/database/database.module';
import { ApiKeyService } from './modules/auth/api-key.service';
import { AuthModule } from './modules/auth/auth.module';
import { parseRole } from './modules/auth/role';
import { SearchDocumentBuilder } from './modules/search/search-document.builder';
import { SearchEngines } from './modules/search/search-engines';

const USAGE = `usage: npm run cli -- <command>
  workspace create <name> [--json]                         create a workspace and its first admin API key
  apikey create --workspace <id> --role <role> [--label <text>] [--json]
                                                           roles: viewer, contributor, approver, admin
  apikey revoke <prefix>                                   revoke a key by its public prefix
  migration run                                            apply pending migrations
  migration check                                          fail if entities and migrations disagree
  migration generate                                       print the SQL the entities still need
  search:setup                                             apply the search engine's index settings (idempotent)`;

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i === -1) return undefined;
  const v = args[i + 1];
  if (!v || v.startsWith('--')) throw new UsageError(`--${name} needs a value`);
  return v;
}

function positional(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--')) {
      if (args[i] !== '--json') i++;
    } else out.push(args[i]);
  }
  return out;
}

async function withKeys<T>(fn: (keys: ApiKeyService) => Promise<T>): Promise<T> {
  const config = loadConfig();
  @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, AuthModule] })
  class CliModule {}
  const ctx = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    return await fn(ctx.get(ApiKeyService));
  } finally {
    await ctx.close();
  }
}

async function withDataSource<T>(fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = await new DataSource(dataSourceOptions(loadConfig().databaseUrl, { extra: { max: 2 } })).initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

async function run(argv: string[]): Promise<number> {
  const [group, action, ...rest] = argv;
  const json = argv.includes('--json');
  const print = (obj: Record<string, unknown>, text: string) => process.stdout.write(json ? `${JSON.stringify(obj)}\n` : `${text}\n`);

  if (group === 'workspace' && action === 'create') {
    const name = positional(rest).join(' ');
    if (!name) throw new UsageError('workspace create needs a name');
    const res = await withKeys((k) => k.createWorkspace(name));
    print(res, `workspace ${res.workspaceId}\nadmin API key (shown once): ${res.apiKey}`);
    return 0;
  }
  if (group === 'apikey' && action === 'create') {
    const workspace = option(rest, 'workspace');
    const roleName = option(rest, 'role');
    if (!workspace || !roleName) throw new UsageError('apikey create needs --workspace <id> and --role <role>');
    const role = parseRole(roleName);
    if (!role) throw new UsageError(`unknown role "${roleName}" (viewer, contributor, approver, admin)`);
    const res = await withKeys((k) => k.createKey(workspace, role, option(rest, 'label') ?? `${role} key`));
    print({ apiKey: res.apiKey, prefix: res.prefix, role, workspaceId: workspace }, `API key (shown once): ${res.apiKey}`);
    return 0;
  }
  if (group === 'apikey' && action === 'revoke') {
    const [prefix] = positional(rest);
    if (!prefix) throw new UsageError('apikey revoke needs the key prefix');
    const ok = await withKeys((k) => k.revoke(prefix));
    print({ revoked: ok, prefix }, ok ? `revoked ${prefix}` : `no active key with prefix ${prefix}`);
    return ok ? 0 : 1;
  }
  if (group === 'search:setup') {
    const config = loadConfig();
    await withDataSource((ds) => new SearchEngines(config, ds, new SearchDocumentBuilder(ds)).active.setup());
    print({ engine: config.search.engine, ok: true }, `search engine ${config.search.engine}: settings applied (or already current)`);
    return 0;
  }
  if (group === 'migration' && action === 'run') {
    const applied = await withDataSource(runMigrations);
    print({ applied }, applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
    return 0;
  }
  if (group === 'migration' && (action === 'check' || action === 'generate')) {
    const pending = await withDataSource(async (ds) => {
      await runMigrations(ds);
      return pendingSchemaChanges(ds);
    });
    if (action === 'generate') {
      process.stdout.write(pending.map((q) => `${q};`).join('\n') + '\n');
      return 0;
    }
    print({ agree: pending.length === 0, pending }, pending.length ? `entities need changes the migrations lack:\n${pending.join(';\n')}` : 'entities and migrations agree');
    return pending.length ? 1 : 0;
  }
  throw new UsageError(group ? `unknown command "${[group, action].filter(Boolean).join(' ')}"` : 'no command given');
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    if (err instanceof UsageError) process.stderr.write(`${err.message}\n\n${USAGE}\n`);
    else if (err instanceof ConfigError) process.stderr.write(`Configuration error: ${err.message}\n`);
    else process.stderr.write(`error: ${err.message}\n`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
