import { timeOrderedHex } from '../../ids/id-generator.ts';

/** Ids the accounting stores mint: API keys, budget reservations, ledger entries. */
export type AccountingIdPrefix = 'key' | 'rsv' | 'led' | 'rte';

export type AccountingIdGenerator = (prefix: AccountingIdPrefix) => string;

/**
 * prefix + 12 hex digits of time + 32 random hex digits: unguessable, so an id never works as a
 * credential by luck, and time-ordered, so ledger and reservation rows append to their indexes.
 */
export const randomAccountingId: AccountingIdGenerator = (prefix) => `${prefix}_${timeOrderedHex(16)}`;
