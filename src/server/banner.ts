import type { Config } from '../config/config-schema.ts';

/** The startup banner: routes, storage, providers — and plainly whether they are simulated. */
export function renderBanner(config: Config, address: string, providerLines: string[], databaseFile: string, blobDir: string): string {
  const lines = [
    `imagegate listening on ${address}`,
    '',
    'routes:',
    '  POST   /v1/responses                 (JSON, or SSE with stream: true)',
    '  GET    /v1/responses/{id}',
    '  DELETE /v1/responses/{id}',
    '  GET    /v1/responses/{id}/input_items',
    '  GET    /v1/models',
    '  GET    /health',
    '',
    'storage:',
    `  responses: SQLite ${databaseFile}`,
    `  images:    files under ${blobDir}`,
    '',
    'providers:',
    ...providerLines.map((line) => `  ${line}`),
    '',
    'limits:',
    `  images per response: ${config.limits.maxImagesPerResponse ?? 'no server-wide cap (requests may set one)'}`,
    `  model steps per response: ${config.limits.maxModelSteps}`,
  ];
  return lines.join('\n');
}
