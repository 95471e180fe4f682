import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { preparedQuery } from './prepared-query';

/**
 * Column types whose value, as pg parses it, TypeORM's hydration returns unchanged when the column
 * has no transformer (PostgresDriver.prepareHydratedValue only converts other types). Their values
 * are assigned as read; the generic call costs a chain of type comparisons per value.
 */
const AS_PARSED = new Set<unknown>(['uuid', 'text', 'varchar', 'character varying', 'char', 'character', 'int', 'integer', 'int4', 'jsonb', 'json']);

/**
 * Whole entities from plain SQL, for hot reads (a request's asset page, a pipeline job's asset):
 * TypeORM's query builder rebuilds the SQL and its result transformer walks generic metadata on
 * every call, which costs more than the statement. This keeps TypeORM's own per-column value
 * conversion (dates, transformers), so an entity read here equals one read through a repository.
 * Flat entities only (no embedded columns); relations are not loaded, their foreign-key columns are.
 */
export class EntityRows<T extends ObjectLiteral> {
  /** `alias."col" AS "alias_col", …` in the entity's column order. */
  readonly select: string;
  private readonly columns: { key: string; property: keyof T; convert: ((value: unknown) => unknown) | null }[];
  private readonly create: () => T;
  private readonly table: string;

  constructor(db: DataSource, target: EntityTarget<T>, readonly alias: string) {
    const metadata = db.getMetadata(target);
    const nested = metadata.columns.find((c) => c.embeddedMetadata);
    if (nested) throw new Error(`EntityRows supports flat entities only: ${metadata.name}.${nested.propertyPath}`);
    // A relation's implicit join column (no property of its own) is virtual: TypeORM does not hydrate it
    // either; a `select: false` column is not read by default, as in a repository read.
    const columns = metadata.columns.filter((c) => !c.isVirtual && c.isSelect);
    const driver = db.driver;
    const converter = (c: ColumnMetadata) => (!c.transformer && AS_PARSED.has(c.type) ? null : (v: unknown) => driver.prepareHydratedValue(v, c));
    this.create = () => metadata.create() as T;
    this.table = `"${metadata.tableName}" ${alias}`;
    this.select = columns.map((c) => `${alias}."${c.databaseName}" AS "${alias}_${c.databaseName}"`).join(', ');
    this.columns = columns.map((c) => ({ key: `${alias}_${c.databaseName}`, property: c.propertyName as keyof T, convert: converter(c) }));
  }

  /**
   * `SELECT <every column> FROM <table> <alias> <rest>` as the named prepared statement `name`
   * (through `m`, so inside its transaction when it has one), as entities.
   */
  async find(m: EntityManager, name: string, rest: string, values: unknown[]): Promise<T[]> {
    // Rows as arrays: pg builds each keyed row from a dictionary-mode template, which costs more than the values.
    const rows = await preparedQuery<unknown[]>(m, name, `SELECT ${this.select} FROM ${this.table} ${rest}`, values, 'array');
    return rows.map((r) => this.fill((i) => r[i]));
  }

  /** The entity from a row selected with `select`. */
  hydrate(row: Record<string, unknown>): T {
    return this.fill((i) => row[this.columns[i].key]);
  }

  private fill(value: (column: number) => unknown): T {
    const entity = this.create();
    for (let i = 0; i < this.columns.length; i++) {
      const { property, convert } = this.columns[i];
      const v = value(i);
      entity[property] = (convert ? convert(v) : v) as T[keyof T];
    }
    return entity;
  }
}
