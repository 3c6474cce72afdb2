import type { Logger } from 'pino';
import type { Config } from '../config/config-schema.ts';
import type { Telemetry } from '../observability/telemetry.ts';
import type { IdGenerator } from '../ids/id-generator.ts';
import type { ImageJobGate } from '../policy/image-job-gate.ts';
import type { RateLimiter } from '../policy/rate-limiter.ts';
import type { PriceCatalog } from '../pricing/index.ts';
import type { ProviderRegistry } from '../providers/registry/provider-registry.ts';
import type { BudgetStore } from '../storage/budget-store.ts';
import type { ConversationStore } from '../storage/conversation-store.ts';
import type { FileStore } from '../storage/file-store.ts';
import type { KeyPolicy, KeyStore } from '../storage/key-store.ts';
import type { ResponseEventLog } from '../storage/response-event-log.ts';
import type { ResponseStore } from '../storage/response-store.ts';
import type { BackgroundRuns } from './background/background-runs.ts';
import type { UsageStore } from '../storage/usage-store.ts';
import type { CompactionSeal } from './compaction/compaction-seal.ts';

/** Everything a request handler needs, built once at startup and injected. */
export interface Services {
  config: Config;
  registry: ProviderRegistry;
  store: ResponseStore;
  /** Conversations (`/v1/conversations`, and the `conversation` of a response). */
  conversations: ConversationStore;
  keys: KeyStore;
  budgets: BudgetStore;
  usage: UsageStore;
  /** Files API uploads, owner-scoped like responses. */
  files: FileStore;
  catalog: PriceCatalog;
  rateLimiter: RateLimiter;
  /** Caps image work running at once (limits.maxConcurrentImageJobs); excess is 503. */
  imageJobs: ImageJobGate;
  generateId: IdGenerator;
  /** Current time in milliseconds; injected so tests control it. */
  now: () => number;
  logger: Logger;
  /** Metrics, spans and the admin page's live numbers. */
  telemetry: Telemetry;
  /** Background responses running on this instance (cancel, followers' wake-ups). */
  backgroundRuns: BackgroundRuns;
  /** Background responses' events (stream resumes) and cancel requests, shared by every instance. */
  responseEvents: ResponseEventLog;
  /** Seals and opens compaction items (a secret derived from the key pepper). */
  compactionSeal: CompactionSeal;
}

/** Who is asking. `keyId` owns stored responses and pays; null in the key-less default. */
export interface Principal {
  kind: 'anonymous' | 'key' | 'admin';
  keyId: string | null;
  policy: KeyPolicy | undefined;
}

export const ANONYMOUS: Principal = { kind: 'anonymous', keyId: null, policy: undefined };
