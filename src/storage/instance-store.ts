/**
 * Server instances sharing one database know each other through leases: each renews its own
 * while it runs. An instance whose lease ran out more than a grace period ago (or, on the same
 * host, whose process is gone) is *fenced* by any live one: its row is deleted, then its active
 * reservations released and its in-progress responses reconciled.
 *
 * Fencing is what keeps a stalled (not dead) instance from spending money twice: its lease is a
 * generation, stamped on every reservation it takes and checked in the same statement that
 * reserves or settles. Once fenced, its renewal finds no row; it registers again under a new
 * generation, and the reservations of the old one are released (if a reconciler has not done
 * so already) and can no longer be settled: the work they paid for fails instead of being
 * delivered unpaid.
 */
export interface InstanceStore extends InstanceLeaseHolder {
  /** This instance's id, stamped on its responses and reservations. */
  readonly id: string;
  /** In-progress (or queued, background) responses whose instance has no lease row (this one has one until retired). */
  orphanedResponses(): Promise<Array<{ id: string; ownerId: string | null }>>;
  /** Releases the active reservations whose instance and generation hold no lease row; how many. */
  releaseOrphanedReservations(): Promise<number>;
  /**
   * Fences every other instance whose lease lapsed more than the grace period ago (or whose
   * process on this host is gone): deletes its row if it is still what was read (a renewal racing
   * it wins or loses whole), then releases that generation's active reservations — which, with
   * the row gone, nothing can settle any more. Returns the reservations released.
   */
  fenceDead(): Promise<number>;
  /** Drops this instance's lease (clean shutdown): from then on its own leftovers count as orphaned too. */
  retire(): Promise<void>;
}

/** Who holds a reservation: the instance and its lease generation. */
export interface InstanceLease {
  instanceId: string;
  generation: number;
}

/** What a budget store needs of the instance it reserves for. */
export interface InstanceLeaseHolder {
  /** The lease the next reservation is taken under. */
  current(): InstanceLease;
  /**
   * Extends this instance's lease from now. When it was fenced meanwhile (or on the first call),
   * registers under a new generation and releases the active reservations of earlier ones:
   * `reestablished` is then true and `released` says how many it released. Concurrent calls share one renewal.
   */
  renew(): Promise<{ reestablished: boolean; released: number }>;
}
