import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { serveProcess } from './support/serve-process.ts';

/** The server's JSON log lines. */
function logLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the access-log line of a streamed response', () => {
  it('is written once, when the stream is over, with the response it streamed; a client that leaves mid-stream gets its line too', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'imagegate-access-log-'));
    const server = await serveProcess(['--port', '0', '--data-dir', dataDir], { IMAGEGATE_LOG_LEVEL: 'info' });
    try {
      const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
      const streamed = await client.responses
        .create({ model: 'simulator-repeat', input: 'Say something about lighthouses.', stream: true, store: false }, { headers: { 'x-request-id': 'stream-whole' } })
        .withResponse();
      let completed: OpenAI.Responses.Response | undefined;
      for await (const event of streamed.data) if (event.type === 'response.completed') completed = event.response;

      const left = await client.responses.create(
        { model: 'simulator-repeat', input: 'Say something long about harbours.', stream: true, store: false },
        { headers: { 'x-request-id': 'stream-left' } },
      );
      for await (const event of left) if (event.type === 'response.output_text.delta') break;

      expect(await server.stop()).toBe(0);
      const lines = logLines(server.output());
      const whole = lines.filter((line) => line['msg'] === 'request completed' && line['requestId'] === 'stream-whole');
      expect(whole).toHaveLength(1);
      expect(whole[0]).toMatchObject({ method: 'POST', route: '/v1/responses', status: 200, responseId: completed!.id, model: 'simulator-repeat', images: 0 });
      expect(lines.filter((line) => line['msg'] === 'request completed' && line['requestId'] === 'stream-left')).toHaveLength(1);
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
