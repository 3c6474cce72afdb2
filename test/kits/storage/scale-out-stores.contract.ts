import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryBlobStore } from '../../../src/storage/memory-blob-store.ts';
import type { StoredResponse } from '../../../src/storage/response-store.ts';
import { createKyselyBudgetStore, type ReservationSerialization } from '../../../src/storage/sql/kysely-budget-store.ts';
import { createKyselyInstanceStore, type KyselyInstanceStoreOptions } from '../../../src/storage/sql/kysely-instance-store.ts';
import { createKyselyRateLimitStore } from '../../../src/storage/sql/kysely-rate-limit-store.ts';
import { createKyselyResponseStore } from '../../../src/storage/sql/kysely-response-store.ts';
import type { StorageDatabase } from '../../../src/storage/sql/storage-database.ts';
import type { ResponseWriteMode } from '../../../src/storage/sql/write-response-row.ts';
import { runLeaseFencingContract } from './lease-fencing.contract.ts';
import { runResponseEndFencingContract } from './response-end-fencing.contract.ts';

/** A migrated database (response, accounting and instance migrations) that several "instances" connect to. */
export interface SharedDatabase {
  /** A new connection (pool) to it, as another instance would open. */
  connect(): Promise<Kysely<StorageDatabase>>;
  serialization: ReservationSerialization;
  /** How the engine writes a response's first save (create-*-stores.ts). */
  writeMode: ResponseWriteMode;
  /** Closes every connection opened. */
  close(): Promise<void>;
}

export interface ScaleOutContractOptions {
  name: string;
  create: () => Promise<SharedDatabase>;
}

const t0 = Date.parse('2025-05-01T12:00:00Z');
const leaseMillis = 10_000;

function inProgress(id: string, status = 'in_progress'): StoredResponse {
  return { id, ownerId: null, previousResponseId: null, createdAt: 1_700_000_000, response: { id, object: 'response', status, output: [] }, inputItems: [] };
}

/** Leases and shared rate limits, the same on every engine; call it from the engine's test file. */
export function runScaleOutContract({ name, create }: ScaleOutContractOptions): void {
  describe(`${name} — instances and rate limits`, () => {
    let shared: SharedDatabase;
    let clock: number;
    const now = () => clock;

    beforeEach(async () => {
      shared = await create();
      clock = t0;
    });
    afterEach(async () => {
      await shared.close();
    });

    /** One instance's stores, stamped with its id. */
    const instance = async (id: string, options: Partial<KyselyInstanceStoreOptions> = {}) => {
      const db = await shared.connect();
      const instances = createKyselyInstanceStore({ db, leaseMillis, now, id, hostname: `host-${id}`, ...options });
      const budgets = createKyselyBudgetStore({ db, serialization: shared.serialization, now, lease: instances });
      const responses = createKyselyResponseStore({ db, blobStore: createMemoryBlobStore(), instanceId: id, writeMode: shared.writeMode });
      await instances.renew();
      const reserve = async (responseId: string) => {
        await responses.save(inProgress(responseId));
        const result = await budgets.reserve({ keyId: 'key_1', responseId, amountMicros: 1000, limits: { totalMicros: 1_000_000 }, now: clock });
        if (!result.ok) throw new Error('refused');
        return result.reservationId;
      };
      return { instances, budgets, reserve };
    };

    it('reconciles only the work of an instance whose lease ran out a grace period ago, while the others run', async () => {
      const a = await instance('inst_a');
      const b = await instance('inst_b');
      await a.reserve('resp_a');
      const held = await b.reserve('resp_b');
      // The grace period (by default one lease) is part of the deal since fencing: reconciled at 2 leases, not 1.
      clock = t0 + 2 * leaseMillis - 1;
      await b.instances.renew();
      expect(await b.instances.fenceDead()).toBe(0);
      expect(await b.instances.orphanedResponses()).toEqual([]);
      expect(await b.instances.releaseOrphanedReservations()).toBe(0);
      clock = t0 + 2 * leaseMillis;
      // a stopped renewing; b renewed in time. Fencing a releases its reservation with its row.
      expect(await b.instances.fenceDead()).toBe(1);
      expect(await b.instances.orphanedResponses()).toEqual([{ id: 'resp_a', ownerId: null }]);
      expect(await b.instances.releaseOrphanedReservations()).toBe(0);
      expect((await b.budgets.activeReservations()).map((reservation) => reservation.id)).toEqual([held]);
    });

    it('counts an instance of this host whose process is gone as dead before its lease runs out', async () => {
      const a = await instance('inst_a', { hostname: 'same-host', pid: 4242 });
      const b = await instance('inst_b', { hostname: 'same-host', pid: 4343, isProcessAlive: (pid) => pid !== 4242 });
      await a.reserve('resp_a');
      await b.reserve('resp_b');
      expect(await b.instances.fenceDead()).toBe(1);
      expect(await b.instances.orphanedResponses()).toEqual([{ id: 'resp_a', ownerId: null }]);
    });

    it('counts a dead instance\'s queued (background) responses as orphaned too, never finished ones', async () => {
      const db = await shared.connect();
      const a = createKyselyResponseStore({ db, blobStore: createMemoryBlobStore(), instanceId: 'inst_a', writeMode: shared.writeMode });
      const b = await instance('inst_b');
      await a.save(inProgress('resp_queued', 'queued'));
      await a.save(inProgress('resp_done', 'completed'));
      expect(await b.instances.orphanedResponses()).toEqual([{ id: 'resp_queued', ownerId: null }]);
    });

    it('counts a dead instance\'s begun (journaled) responses as orphaned; saving the failure ends them', async () => {
      const db = await shared.connect();
      const a = createKyselyResponseStore({ db, blobStore: createMemoryBlobStore(), instanceId: 'inst_a', writeMode: shared.writeMode });
      const b = await instance('inst_b');
      await a.begin({ id: 'resp_begun', ownerId: null, previousResponseId: null, createdAt: 1_700_000_000, model: 'gpt-4.1' });
      await a.begin({ id: 'resp_saved', ownerId: null, previousResponseId: null, createdAt: 1_700_000_000, model: 'gpt-4.1' });
      await a.save(inProgress('resp_saved', 'completed'));
      expect(await b.instances.orphanedResponses()).toEqual([{ id: 'resp_begun', ownerId: null }]);
      const stores = createKyselyResponseStore({ db: await shared.connect(), blobStore: createMemoryBlobStore(), instanceId: 'inst_b', writeMode: shared.writeMode });
      const record = await stores.get('resp_begun', null);
      expect(record?.response.status).toBe('in_progress');
      await stores.save(inProgress('resp_begun', 'failed'));
      expect(await b.instances.orphanedResponses()).toEqual([]);
    });

    it('concurrent first saves of one begun response from two instances leave one consistent copy', async () => {
      const stores = await Promise.all([1, 2].map(async () => createKyselyResponseStore({ db: await shared.connect(), blobStore: createMemoryBlobStore(), writeMode: shared.writeMode })));
      await stores[0]!.begin({ id: 'resp_raced', ownerId: null, previousResponseId: null, createdAt: 1_700_000_000, model: 'gpt-4.1' });
      const withItems = (count: number): StoredResponse => ({
        ...inProgress('resp_raced', 'completed'),
        response: { id: 'resp_raced', object: 'response', status: 'completed', output: Array.from({ length: count }, (_, index) => ({ id: `msg_${index}`, type: 'message', content: [] })) },
      });
      await Promise.all(Array.from({ length: 10 }, (_, index) => stores[index % 2]!.save(withItems(1 + (index % 4)))));
      const count = ((await stores[0]!.get('resp_raced', null))?.response.output as unknown[]).length;
      for (let index = 0; index < 4; index += 1) expect((await stores[1]!.findItem(`msg_${index}`, null))?.responseId).toBe(index < count ? 'resp_raced' : undefined);
    });

    it('after retiring, an instance releases what it still holds', async () => {
      const a = await instance('inst_a');
      const b = await instance('inst_b');
      await a.reserve('resp_a');
      await b.reserve('resp_b');
      await a.instances.retire();
      expect(await a.instances.releaseOrphanedReservations()).toBe(1);
      expect((await b.budgets.activeReservations()).map((reservation) => reservation.responseId)).toEqual(['resp_b']);
    });

    it('concurrent saves of one response from two instances never fail and leave one consistent copy', async () => {
      const stores = await Promise.all([1, 2].map(async () => createKyselyResponseStore({ db: await shared.connect(), blobStore: createMemoryBlobStore(), writeMode: shared.writeMode })));
      const withItems = (count: number): StoredResponse => ({
        ...inProgress('resp_shared'),
        response: { id: 'resp_shared', object: 'response', status: 'in_progress', output: Array.from({ length: count }, (_, index) => ({ id: `msg_${index}`, type: 'message', content: [] })) },
      });
      await Promise.all(Array.from({ length: 30 }, (_, index) => stores[index % 2]!.save(withItems(1 + (index % 4)))));
      const saved = await stores[0]!.get('resp_shared', null);
      const count = (saved?.response.output as unknown[]).length;
      // Every item of the saved copy is indexed, and none beyond it.
      for (let index = 0; index < 4; index += 1) expect((await stores[1]!.findItem(`msg_${index}`, null))?.responseId).toBe(index < count ? 'resp_shared' : undefined);
    });

    it('holds a per-minute limit across instances racing, and frees it a minute later', async () => {
      const stores = await Promise.all([1, 2, 3].map(async () => createKyselyRateLimitStore({ db: await shared.connect(), serialization: shared.serialization })));
      const takes = await Promise.all(
        Array.from({ length: 60 }, (_, index) => stores[index % 3]!.take({ keyId: 'key_1', kind: 'request', amount: 1, limit: 7, now: t0 })),
      );
      expect(takes.filter(Boolean)).toHaveLength(7);
      expect(await stores[0]!.count('key_1', 'request', t0 + 100)).toBe(7);
      expect(await stores[0]!.count('key_1', 'image', t0 + 100)).toBe(0);
      expect(await stores[1]!.take({ keyId: 'key_2', kind: 'request', amount: 1, limit: 7, now: t0 + 100 })).toBe(true);
      // 60 s after them, the window holds none of them.
      expect(await stores[2]!.take({ keyId: 'key_1', kind: 'request', amount: 1, limit: 7, now: t0 + 60_000 })).toBe(true);
      expect(await stores[2]!.count('key_1', 'request', t0 + 60_006)).toBe(1);
      await stores[0]!.take({ keyId: 'key_1', kind: 'image', amount: 5, now: t0 + 60_006 });
      expect(await stores[1]!.count('key_1', 'image', t0 + 60_007)).toBe(5);
      expect(await stores[1]!.take({ keyId: 'key_1', kind: 'image', amount: 3, limit: 7, now: t0 + 60_007 })).toBe(false);
    });
  });
  runLeaseFencingContract({ name, create });
  runResponseEndFencingContract({ name, create });
}
