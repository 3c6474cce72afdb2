import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { viewJournaledLedger } from './journaled-ledger.ts';

/** The shipped price catalog, read as data: tests price things by hand from its rows. */
export const CATALOG = JSON.parse(readFileSync(new URL('../../src/pricing/catalog/price-catalog.json', import.meta.url), 'utf8')) as {
  textModels: Record<string, { inputUsdPerMillionTokens: number; cachedInputUsdPerMillionTokens: number; outputUsdPerMillionTokens: number }>;
  imageModels: Record<string, { perImage: { usd: Record<string, Record<string, number>> }; tokenPrices?: Record<string, number | null> }>;
};

/** Reads the server's SQLite file directly (read-only), as an operator would once the ledger journals are folded (journaled-ledger.ts). */
export function querySqlite<T>(dataDir: string, sql: string): T {
  const file = join(dataDir, 'imagegate.sqlite');
  const database = new Database(file, { readonly: true });
  try {
    viewJournaledLedger(database, file);
    return database.prepare(sql).get() as T;
  } finally {
    database.close();
  }
}

export const ADMIN_KEY = 'admin-key-for-tests-0123456789';

/** Creates an API key through the admin API; returns its secret and id. */
export async function createKey(baseUrl: string, name: string, policy: Record<string, unknown> = {}): Promise<{ id: string; secret: string; prefix: string }> {
  const response = await fetch(`${baseUrl}/v1/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, policy }),
  });
  if (response.status !== 201) throw new Error(`key creation failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; secret: string; prefix: string };
}

/** Text steps of the simulator priced at zero, so a budget counts images only. */
export const FREE_SIMULATOR_TEXT = {
  textModels: {
    simulator: { inputUsdPerMillionTokens: 0, cachedInputUsdPerMillionTokens: 0, outputUsdPerMillionTokens: 0, source: 'test: text is free so budgets count images', confirmed: false, nominal: true },
  },
};
