import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, createKey } from './support/accounting.ts';
import { startOtlpCollector } from './support/otlp-collector.ts';
import { serveProcess } from './support/serve-process.ts';
import { SEED_IMAGE_TOOL, imagegateOf, imagesOf } from './support/test-server.ts';

interface CostLine {
  kind: string;
  model: string;
  cost_usd: number | null;
}

describe('one request, seen by an operator: its trace and its access-log line', () => {
  it('continues the client traceparent: response span, model-step spans and the image-call span with GenAI attributes and cost; one access-log line with the request id; no secret logged', async () => {
    const collector = await startOtlpCollector();
    const dataDir = mkdtempSync(join(tmpdir(), 'imagegate-otel-'));
    const configFile = join(dataDir, 'imagegate.yaml');
    writeFileSync(configFile, `auth:\n  adminKey: ${ADMIN_KEY}\n`);
    const server = await serveProcess(['--port', '0', '--data-dir', dataDir, '--config', configFile], {
      IMAGEGATE_LOG_LEVEL: 'debug',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'imagegate-under-test',
    });
    let stopped = false;
    try {
      const key = await createKey(server.url, 'traced');
      const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
      const traceId = randomBytes(16).toString('hex');
      const clientSpanId = randomBytes(8).toString('hex');
      const requestId = `client-req-${randomBytes(4).toString('hex')}`;
      const { data: response, response: raw } = await client.responses
        .create(
          {
            model: 'simulator-repeat',
            input: [
              { role: 'system', content: 'Only ever generate one image.' },
              { role: 'user', content: 'Draw a lighthouse on a cliff at sunset.' },
            ],
            tools: [SEED_IMAGE_TOOL],
            max_tool_calls: 1,
          } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming,
          { headers: { traceparent: `00-${traceId}-${clientSpanId}-01`, 'x-request-id': requestId } },
        )
        .withResponse();
      expect(raw.headers.get('x-request-id')).toBe(requestId);
      expect(imagesOf(response)).toHaveLength(1);
      const info = imagegateOf(response) as ReturnType<typeof imagegateOf> & { model_steps: number; cost: { total_usd: number; lines: CostLine[] } };

      // Stopping the server flushes the spans still queued for export.
      expect(await server.stop()).toBe(0);
      stopped = true;

      const spans = collector.spans().filter((span) => span.traceId === traceId);
      const serverSpan = spans.find((span) => span.parentSpanId === clientSpanId);
      expect(serverSpan?.name).toBe('POST /v1/responses');
      expect(serverSpan?.attributes).toMatchObject({ 'http.response.status_code': 200, 'imagegate.request_id': requestId, 'imagegate.key_id': key.id });
      expect(serverSpan?.resource['service.name']).toBe('imagegate-under-test');

      const responseSpans = spans.filter((span) => span.parentSpanId === serverSpan!.spanId);
      expect(responseSpans).toHaveLength(1);
      const responseSpan = responseSpans[0]!;
      expect(responseSpan.attributes).toMatchObject({
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.request.model': 'simulator-repeat',
        'gen_ai.response.id': response.id,
        'gen_ai.usage.input_tokens': response.usage!.input_tokens,
        'gen_ai.usage.output_tokens': response.usage!.output_tokens,
        'imagegate.images': 1,
        'imagegate.ignored_tool_calls': info.ignored_tool_calls.length,
        'imagegate.ignored_reasons': ['max_tool_calls'],
        'imagegate.cost_usd': info.cost.total_usd,
      });

      const children = spans.filter((span) => span.parentSpanId === responseSpan.spanId);
      const steps = children.filter((span) => span.attributes['gen_ai.operation.name'] === 'chat');
      expect(steps).toHaveLength(info.model_steps);
      const stepLines = info.cost.lines.filter((line) => line.kind === 'model_step');
      for (const [index, step] of steps.entries()) {
        expect(step.name).toBe('chat simulator-repeat');
        expect(step.attributes).toMatchObject({ 'gen_ai.request.model': 'simulator-repeat', 'gen_ai.provider.name': expect.any(String) });
        expect(step.attributes['gen_ai.usage.input_tokens']).toEqual(expect.any(Number));
        expect(step.attributes['gen_ai.usage.output_tokens']).toEqual(expect.any(Number));
        expect(step.attributes['imagegate.cost_usd']).toBe(stepLines[index]?.cost_usd);
      }
      const stepTokens = (name: string) => steps.reduce((total, step) => total + (step.attributes[name] as number), 0);
      expect(stepTokens('gen_ai.usage.input_tokens')).toBe(response.usage!.input_tokens);
      expect(stepTokens('gen_ai.usage.output_tokens')).toBe(response.usage!.output_tokens);

      const imageSpans = children.filter((span) => span.attributes['gen_ai.operation.name'] === 'image_generation');
      expect(imageSpans).toHaveLength(1);
      const imageLine = info.cost.lines.find((line) => line.kind === 'image')!;
      expect(imageSpans[0]!.attributes).toMatchObject({
        'imagegate.image.size': '1024x1024',
        'imagegate.image.quality': 'medium',
        'imagegate.image.backend': expect.any(String),
        'gen_ai.request.model': imageLine.model,
        'imagegate.cost_usd': imageLine.cost_usd,
      });

      // Store operations are spans of the same trace, under the response: the journal row at the
      // start and the response's one save at the end.
      const writes = spans.filter((span) => span.name === 'response_store.begin' || span.name === 'response_store.save');
      expect(writes.map((span) => span.name).sort()).toEqual(['response_store.begin', 'response_store.save']);
      expect(writes.every((span) => span.parentSpanId === responseSpan.spanId)).toBe(true);

      // The access log: exactly one JSON line for this request, with what happened.
      const lines = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const access = lines.filter((line) => line['msg'] === 'request completed' && line['requestId'] === requestId);
      expect(access).toHaveLength(1);
      expect(access[0]).toMatchObject({
        method: 'POST',
        route: '/v1/responses',
        status: 200,
        keyId: key.id,
        responseId: response.id,
        model: 'simulator-repeat',
        images: 1,
        costUsd: info.cost.total_usd,
        trace_id: traceId,
      });
      expect(access[0]!['durationMs']).toEqual(expect.any(Number));
      // Every line written while the request ran names it.
      expect(lines.filter((line) => line['msg'] === 'request received' && line['requestId'] === requestId)).toHaveLength(1);
      // Debug level, and still no secret anywhere.
      expect(server.output()).not.toContain(key.secret);
      expect(server.output()).not.toContain(ADMIN_KEY);
    } finally {
      if (!stopped) await server.stop();
      await collector.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
