import type { Kysely } from 'kysely';
import type { BlobStore } from '../blob-store.ts';
import type { BudgetStore } from '../budget-store.ts';
import type { ConversationStore } from '../conversation-store.ts';
import type { FileStore } from '../file-store.ts';
import type { InstanceStore } from '../instance-store.ts';
import type { KeyStore } from '../key-store.ts';
import type { RateLimitStore } from '../rate-limit-store.ts';
import type { ResponseEventLog } from '../response-event-log.ts';
import type { ResponseStore } from '../response-store.ts';
import type { UsageStore } from '../usage-store.ts';
import type { AccountingIdGenerator } from './accounting-ids.ts';
import { createDirectWrites, createGroupCommit, type SyncConnection } from './group-commit.ts';
import { createRowBatch, isServerReportedError } from './row-batch.ts';
import { createKyselyConversationStore } from './kysely-conversation-store.ts';
import { createKyselyBudgetStore, type ReservationSerialization } from './kysely-budget-store.ts';
import { createKyselyFileStore } from './kysely-file-store.ts';
import { createKyselyInstanceStore } from './kysely-instance-store.ts';
import { createKyselyKeyStore } from './kysely-key-store.ts';
import { createKyselyRateLimitStore } from './kysely-rate-limit-store.ts';
import { createKyselyResponseEventLog } from './kysely-response-event-log.ts';
import { createKyselyResponseStore } from './kysely-response-store.ts';
import { createKyselyUsageStore, ledgerRowBatchOptions, type DirectLedgerJournal } from './kysely-usage-store.ts';
import type { StorageDatabase, UsageLedgerTable } from './storage-database.ts';
import type { ResponseWriteMode } from './write-response-row.ts';

export interface StoresOptions {
  blobStore: BlobStore;
  /** Server-wide secret for API key hashes; keep it out of the database (config or env), and stable. */
  pepper: string | Uint8Array;
  /** Unix milliseconds, for key creation/revocation, settle/release stamps and leases. Default `Date.now`. */
  now?: () => number;
  /** How long an instance's lease lasts without renewal. Default 30 s. */
  leaseMillis?: number;
  /** For tests. */
  generateRevision?: () => string;
  generateId?: AccountingIdGenerator;
  instanceId?: string;
}

/** Every store of one server instance, on one database. */
export interface Stores {
  /** Its `close()` closes all of them, like the bundle's. */
  responses: ResponseStore;
  keys: KeyStore;
  budgets: BudgetStore;
  usage: UsageStore;
  instances: InstanceStore;
  rateLimits: RateLimitStore;
  conversations: ConversationStore;
  /** Events and cancel requests of background responses. */
  responseEvents: ResponseEventLog;
  /** Files API uploads (metadata; bytes in the blob store). */
  files: FileStore;
  /** Closes the database; safe to call more than once. */
  close(): Promise<void>;
}

export const defaultLeaseMillis = 30_000;

/** SQLite: the connection under Kysely, driven synchronously for the hottest write, a response's ledger row (see group-commit.ts). */
export interface SyncSide {
  connection: SyncConnection;
  /** One ledger row, with one prepared statement. */
  insertLedgerRow: (row: UsageLedgerTable) => void;
  /** Rows without a reservation go here instead, folded into the ledger in batches (file databases). */
  journal?: DirectLedgerJournal;
}

/** The stores over an already migrated database (response, accounting, instance, conversation, response-event and file migrations). */
export function assembleKyselyStores(
  db: Kysely<StorageDatabase>,
  serialization: ReservationSerialization,
  options: StoresOptions,
  writeMode: ResponseWriteMode = 'transaction',
  sync?: SyncSide,
): Stores {
  if (options.pepper.length === 0) throw new TypeError('The key pepper must not be empty');
  const { now, generateId } = options;
  const journal = sync?.journal;
  // SQLite: the writes of one tick share one transaction (one WAL commit). PostgreSQL: a shared
  // transaction would add two round trips; there the journal and ledger rows of one tick go in
  // one multi-row statement each, and a save is one statement already.
  const writes = writeMode === 'transaction' ? createGroupCommit(db, { sync: sync?.connection }) : createDirectWrites(db);
  const ledgerRows = writeMode === 'transaction' ? undefined : createRowBatch({ ...ledgerRowBatchOptions(db, generateId), failedForSure: isServerReportedError });
  const instances = createKyselyInstanceStore({ db, leaseMillis: options.leaseMillis ?? defaultLeaseMillis, now, id: options.instanceId });
  const responses = createKyselyResponseStore({ db, blobStore: options.blobStore, generateRevision: options.generateRevision, instanceId: instances.id, writeMode, writes });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= Promise.all([writes.drain(), responses.drainWrites(), ledgerRows?.drain()])
      .then(() => journal?.close())
      .then(() => db.destroy()));
  return {
    responses: { ...responses, close },
    keys: createKyselyKeyStore({ db, pepper: options.pepper, now, generateId }),
    budgets: createKyselyBudgetStore({ db, serialization, now, generateId, lease: instances, writes, beforeLedgerRead: journal && (() => journal.beforeRead()) }),
    usage: createKyselyUsageStore({ db, generateId, writes, ledgerRows, insertRow: sync?.insertLedgerRow, journal }),
    instances,
    rateLimits: createKyselyRateLimitStore({ db, serialization, generateId }),
    conversations: createKyselyConversationStore({ db: db, blobStore: options.blobStore }),
    responseEvents: createKyselyResponseEventLog({ db, blobStore: options.blobStore }),
    files: createKyselyFileStore({ db, blobStore: options.blobStore, now }),
    close,
  };
}
