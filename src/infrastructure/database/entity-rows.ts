import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { preparedQuery } from './prepared-query';

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
  private readonly hydrators: ((entity: T, row: Record<string, unknown>) => void)[];
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
    this.create = () => metadata.create() as T;
    this.table = `"${metadata.tableName}" ${alias}`;
    this.select = columns.map((c) => `${alias}."${c.databaseName}" AS "${alias}_${c.databaseName}"`).join(', ');
    this.hydrators = columns.map((c) => {
      const key = `${alias}_${c.databaseName}`;
      const property = c.propertyName as keyof T;
      return (entity, row) => {
        entity[property] = driver.prepareHydratedValue(row[key], c) as T[keyof T];
      };
    });
  }

  /**
   * `SELECT <every column> FROM <table> <alias> <rest>` as the named prepared statement `name`
   * (through `m`, so inside its transaction when it has one), as entities.
   */
  async find(m: EntityManager, name: string, rest: string, values: unknown[]): Promise<T[]> {
    const rows = await preparedQuery<Record<string, unknown>>(m, name, `SELECT ${this.select} FROM ${this.table} ${rest}`, values);
    return rows.map((r) => this.hydrate(r));
  }

  /** The entity from a row selected with `select`. */
  hydrate(row: Record<string, unknown>): T {
    const entity = this.create();
    for (const set of this.hydrators) set(entity, row);
    return entity;
  }
}
