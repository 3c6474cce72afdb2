export interface MigrateOptions {
  /**
   * PostgreSQL: the schema holding the bookkeeping tables, normally `current_schema()`. Without
   * it Kysely looks for them in every schema and may find another schema's.
   */
  schema?: string;
}
