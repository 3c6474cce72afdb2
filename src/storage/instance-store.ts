/**
 * Server instances sharing one database know each other through leases: each renews its own
 * while it runs; the in-progress responses and active reservations of an instance whose lease
 * ran out (or, on the same host, whose process is gone) are reconciled by any live one.
 */
export interface InstanceStore {
  /** This instance's id, stamped on its responses and reservations. */
  readonly id: string;
  /** Extends this instance's lease from now; registers it the first time. */
  renew(): Promise<void>;
  /** In-progress (or queued, background) responses not held by a live instance (this one is live). */
  orphanedResponses(): Promise<Array<{ id: string; ownerId: string | null }>>;
  /** Releases the active reservations not held by a live instance; how many. */
  releaseOrphanedReservations(): Promise<number>;
  /** Forgets instances that are dead and hold nothing any more. */
  forgetDead(): Promise<void>;
  /** Drops this instance's lease (clean shutdown): from then on its own leftovers count as orphaned too. */
  retire(): Promise<void>;
}
