import type { Config } from '../config/config-schema.ts';

/** The startup banner: routes, storage, providers — and plainly whether they are simulated. */
export function renderBanner(config: Config, address: string, providerLines: string[], databaseLabel: string, blobLabel: string, keyCount: number): string {
  const lines = [
    `imagegate listening on ${address}`,
    '',
    `web:    ${address}/ (chat)   ${address}/admin (keys, spend, recent responses)`,
    '',
    'routes:',
    '  POST   /v1/responses                 (JSON, or SSE with stream: true)',
    '  WS     /v1/responses                 (WebSocket mode: response.create messages, one at a time)',
    '  GET    /v1/responses/{id}',
    '  DELETE /v1/responses/{id}',
    '  GET    /v1/responses/{id}/input_items',
    '  POST   /v1/responses/input_tokens    (input tokens the request would read; nothing run or charged)',
    '  POST   /v1/responses/estimate        (dry run: the most a request could cost)',
    '  POST   /v1/responses/compact         (summarize a conversation into one sealed compaction item)',
    '  POST   /v1/images/generations        (JSON, or SSE with stream: true; n exact)',
    '  POST   /v1/images/edits              (multipart or JSON; SSE with stream: true)',
    '  GET    /v1/models',
    '  GET    /v1/usage                     (ledger sums by day / model / key)',
    '  *      /v1/admin/keys                (admin key only)',
    '  GET    /v1/admin/responses           (admin key only)',
    '  GET    /health',
    '  GET    /health/load                  (event-loop lag, image jobs running and queued, RSS)',
    '',
    'storage:',
    `  responses: ${databaseLabel}`,
    `  images:    ${blobLabel}`,
    '',
    'providers:',
    ...providerLines.map((line) => `  ${line}`),
    '',
    'auth:',
    config.auth.adminKey || keyCount > 0
      ? `  API keys required (${keyCount} key${keyCount === 1 ? '' : 's'} issued${config.auth.adminKey ? ', admin key configured' : ''})`
      : '  OPEN: no API keys and no admin key; anyone who can reach this port may use it (set IMAGEGATE_ADMIN_KEY to create keys)',
    '',
    'limits:',
    `  images per response: ${config.limits.maxImagesPerResponse ?? 'no server-wide cap (requests may set one)'}`,
    `  model steps per response: ${config.limits.maxModelSteps}`,
  ];
  return lines.join('\n');
}
