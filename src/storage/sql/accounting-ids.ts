import { randomHex } from '../../ids/id-generator.ts';

/** Ids the accounting stores mint: API keys, budget reservations, ledger entries. */
export type AccountingIdPrefix = 'key' | 'rsv' | 'led' | 'rte';

export type AccountingIdGenerator = (prefix: AccountingIdPrefix) => string;

/** prefix + 32 random hex digits: unguessable, so an id never works as a credential by luck. */
export const randomAccountingId: AccountingIdGenerator = (prefix) => `${prefix}_${randomHex(16)}`;
