import type { LedgerEntry } from './usage-store.ts';

/** Spending caps in micro-dollars; an absent field is no cap. Windows are UTC (budget-windows.ts). */
export interface BudgetLimits {
  /** Per UTC calendar day. */
  dailyMicros?: number;
  /** Per UTC calendar month. */
  monthlyMicros?: number;
  /** For the key's whole life. */
  totalMicros?: number;
}

export type BudgetScope = 'daily' | 'monthly' | 'total';

export interface ReserveRequest {
  keyId: string;
  responseId: string;
  /** The most this work may cost, in micro-dollars. */
  amountMicros: number;
  limits: BudgetLimits;
  /** Unix milliseconds: picks the day and month windows and stamps the reservation. */
  now: number;
}

export type ReserveResult =
  | { ok: true; reservationId: string }
  | {
      ok: false;
      /** The cap that refused; when several would, the one that resets last (total, monthly, daily). */
      scope: BudgetScope;
      limitMicros: number;
      /** Settled spend in the window plus the key's active reservations, without the refused amount. */
      usedMicros: number;
    };

/** How much more a key may reserve right now: the tightest cap's limit minus its spend and active reservations. */
export interface BudgetHeadroom {
  /** Micro-dollars that still fit under every cap; 0 when one is used up. Infinity when no cap applies. */
  micros: number;
  /** The tightest cap, when there is one. */
  scope: BudgetScope | undefined;
  limitMicros: number | undefined;
  usedMicros: number | undefined;
}

export interface Settlement {
  /** What the reserved work really cost; may exceed the reservation. Must equal the sum of `entries[].costMicros`. */
  actualMicros: number;
  /** Ledger rows to write; every entry's `keyId` must be the reservation's key. */
  entries: readonly LedgerEntry[];
}

export interface BudgetReservation {
  /** `rsv_…` */
  id: string;
  keyId: string;
  responseId: string;
  amountMicros: number;
  /** Unix milliseconds. */
  createdAt: number;
}

/**
 * Budgets enforced by reservation: money is reserved before work that costs it, then settled
 * (charged to the ledger) or released. A reservation succeeds only if, for every cap given,
 * settled spend in the cap's window + all of the key's active reservations + the amount stays
 * within the cap — atomically, however many requests or server instances race.
 */
export interface BudgetStore {
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  /**
   * What may be reserved right now, read without reserving: a reservation of at most this much
   * succeeds unless another one races it (then `reserve` refuses, atomically, as always).
   */
  headroom(request: Omit<ReserveRequest, 'responseId' | 'amountMicros'>): Promise<BudgetHeadroom>;
  /**
   * Marks an active reservation settled and writes its ledger entries, in one transaction.
   * `false` (and nothing written) when the reservation is unknown, settled or released — also
   * when another instance fenced this one and released it: the work it paid for must then fail.
   * An overrun is recorded as is: later reservations see the higher spend.
   */
  settle(reservationId: string, settlement: Settlement): Promise<boolean>;
  /** Frees an active reservation; `false` when it is unknown, settled or released. */
  release(reservationId: string): Promise<boolean>;
  /** Active reservations, oldest first; `olderThan` (Unix milliseconds) keeps those created before it. */
  activeReservations(options?: { olderThan?: number }): Promise<BudgetReservation[]>;
  /** Releases every active reservation of a response (crash recovery); returns how many. */
  releaseAll(responseId: string): Promise<number>;
}
