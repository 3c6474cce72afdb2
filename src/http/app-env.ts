import type { RequestObservation } from './observability/request-observer.ts';
import type { Principal } from '../service/services.ts';

/** Hono's typed context for our routes: the authenticated principal rides along. */
export interface AppEnv {
  Variables: {
    principal: Principal;
    /** `x-request-id` of this request: the client's when sane, else ours (`req_…`). */
    requestId: string;
    /** What this request's access-log line and span will say (src/observability). */
    observation: RequestObservation;
  };
}
