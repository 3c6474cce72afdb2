import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryBlobStore } from '../../../src/storage/memory-blob-store.ts';
import type { StoredResponse } from '../../../src/storage/response-store.ts';
import { createKyselyResponseStore } from '../../../src/storage/sql/kysely-response-store.ts';
import { sampleStoredResponse } from './response-store.fixtures.ts';
import type { ScaleOutContractOptions, SharedDatabase } from './scale-out-stores.contract.ts';

/** What reconciliation stores for a response its stalled instance left running (reconcile-interrupted-work.ts). */
function reconciled(record: StoredResponse): StoredResponse {
  return { ...record, response: { ...record.response, status: 'failed', output: [], error: { code: 'server_error', message: 'The server stopped before this response finished.' } } };
}

/**
 * A response's end is written once, by whichever instance gets there first: the stalled instance
 * that ran it, or a live one reconciling it. Saves `onlyWhileRunning` (every write of a running
 * response and of reconciliation) never replace an ended response, on every engine.
 */
export function runResponseEndFencingContract({ name, create }: ScaleOutContractOptions): void {
  describe(`${name} — a response ends once`, () => {
    let shared: SharedDatabase;
    beforeEach(async () => {
      shared = await create();
    });
    afterEach(async () => {
      await shared.close();
    });

    /** Two instances' response stores on the shared database, one blob store between them. */
    const instances = async () => {
      const blobs = createMemoryBlobStore();
      const store = async (instanceId: string) => createKyselyResponseStore({ db: await shared.connect(), blobStore: blobs, instanceId, writeMode: shared.writeMode });
      return { blobs, a: await store('inst_a'), b: await store('inst_b') };
    };
    const finished = sampleStoredResponse({ id: 'resp_late', ownerId: null });
    const begun = { id: finished.id, ownerId: null, previousResponseId: null, createdAt: finished.createdAt, model: 'gpt-image-1' };

    it('a journaled response reconciled as failed stays failed: its late end is refused and leaves no item or blob behind', async () => {
      const { blobs, a, b } = await instances();
      await a.begin(begun);
      const journal = await b.get(finished.id, null);
      expect(await b.save(reconciled(journal!), { onlyWhileRunning: true })).toBe(true);
      expect(await a.save(structuredClone(finished), { onlyWhileRunning: true })).toBe(false);
      expect(await a.get(finished.id, null)).toMatchObject({ response: { status: 'failed', output: [] } });
      expect(await a.findItem(`ig_${finished.id}`, null)).toBeUndefined();
      expect(blobs.keys()).toEqual([]);
    });

    it('a background response saved whole while running: reconciled as failed, neither a late progress save nor its end replaces it', async () => {
      const { a, b } = await instances();
      const running: StoredResponse = { ...structuredClone(finished), response: { ...structuredClone(finished.response), status: 'in_progress', background: true } };
      expect(await a.save(running, { onlyWhileRunning: true })).toBe(true);
      expect(await b.save(reconciled(running), { onlyWhileRunning: true })).toBe(true);
      expect(await a.save(structuredClone(running), { onlyWhileRunning: true })).toBe(false);
      expect(await a.save(structuredClone(finished), { onlyWhileRunning: true })).toBe(false);
      expect((await b.get(finished.id, null))?.response.status).toBe('failed');
    });

    it('an end stored first wins over a reconciliation that read the response while it ran', async () => {
      const { a, b } = await instances();
      await a.begin(begun);
      const seenRunning = await b.get(finished.id, null);
      expect(await a.save(structuredClone(finished), { onlyWhileRunning: true })).toBe(true);
      expect(await b.save(reconciled(seenRunning!), { onlyWhileRunning: true })).toBe(false);
      const stored = await b.get(finished.id, null);
      expect(stored?.response).toEqual(finished.response);
      expect((await b.findItem(`ig_${finished.id}`, null))?.responseId).toBe(finished.id);
    });

    it('without the condition a save still replaces an ended response (a stored response may be saved again)', async () => {
      const { a } = await instances();
      await a.save(structuredClone(finished));
      expect(await a.save(reconciled(finished))).toBe(true);
      expect(await a.save(structuredClone(finished))).toBe(true);
      expect((await a.get(finished.id, null))?.response.status).toBe('completed');
    });
  });
}
