import { createSqliteStores } from './sqlite/create-sqlite-stores.ts';
import { createMemoryBlobStore } from './memory-blob-store.ts';
import { ledgerEntry } from './usage-store.fixtures.ts';
const file = `/tmp/x/probe-${Date.now()}.sqlite`;
const a = await createSqliteStores({ file, blobStore: createMemoryBlobStore(), pepper: 'p', busyTimeoutMillis: 300 });
const b = await createSqliteStores({ file, blobStore: createMemoryBlobStore(), pepper: 'p', busyTimeoutMillis: 300 });
const ids: string[] = [];
for (let i = 0; i < 200; i++) { const r = await a.budgets.reserve({ keyId: 'k', responseId: 'r', amountMicros: 5, limits: {}, now: 1 }); if (r.ok) ids.push(r.reservationId); }
for (let shift = 0; shift < 8; shift++) {
const t = Date.now();
const results = await Promise.allSettled([
  ...ids.slice(shift * 25, shift * 25 + 25).map((id) => a.budgets.settle(id, { actualMicros: 5, entries: [ledgerEntry({ keyId: 'k', costMicros: 5 })] })),
  ...ids.slice(0, 25).map(async (_, i) => { for (let k = 0; k < (i + shift) % 7; k++) await Promise.resolve(); return b.budgets.reserve({ keyId: 'k', responseId: 'r2', amountMicros: 5, limits: {}, now: 1 }); }),
]);
console.log(Date.now() - t, 'ms', results.filter((x) => x.status === 'rejected').map((x) => String((x as PromiseRejectedResult).reason)).slice(0, 2));
}
await a.close(); await b.close();
