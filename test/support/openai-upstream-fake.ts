import type { ConfigInput } from '../../src/config/config-schema.ts';
import sharp from 'sharp';
import { type FakeHttpServer, type FakeReply, type RecordedRequest, splitIntoChunks, startFakeHttpServer } from './fake-http-server.ts';

/** imagegate routed to an OpenAI(-compatible) upstream at `url`: its models and gpt-image-1.5 for images. */
export function openAIUpstreamConfig(url: string): Partial<ConfigInput> {
  return {
    providers: { openai: { type: 'openai', apiKey: 'sk-upstream', baseURL: `${url}/v1`, maxRetries: 0 } },
    imageModels: { 'gpt-image-1.5': { provider: 'openai' } },
    defaultImageModel: 'gpt-image-1.5',
    unknownModels: 'reject',
  };
}

/** What the scripted upstream model does on one turn. */
export type UpstreamTurn = { text: string } | { imageCalls: string[] };

/**
 * A fake of OpenAI's `/v1/responses` and `/v1/images/generations`, speaking the real wire
 * format: the model turn is chosen by how many `function_call_output` items the request
 * carries; images are real JPEG/PNG/WebP files at the requested size.
 */
export async function startOpenAIUpstreamFake(turns: UpstreamTurn[]): Promise<FakeHttpServer> {
  return startFakeHttpServer(async (request) => {
    if (request.url === '/v1/responses') return respondToResponses(request, turns);
    if (request.url === '/v1/images/generations') return respondToImages(request);
    return { status: 404, json: { error: { message: `no route ${request.url}`, type: 'invalid_request_error', param: null, code: null } } };
  });
}

export function respondToResponses(request: RecordedRequest, turns: UpstreamTurn[]): FakeReply {
  const body = request.json() as { input: Array<{ type?: string }>; model: string; stream?: boolean };
  const turnIndex = Math.min(toolResultRounds(body.input), turns.length - 1);
  const turn = turns[turnIndex]!;
  const id = `resp_up${turnIndex}`;
  const output =
    'text' in turn
      ? [{ id: `msg_up${turnIndex}`, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: turn.text, annotations: [] }] }]
      : turn.imageCalls.map((prompt, index) => ({
          id: `fc_up${turnIndex}_${index}`,
          type: 'function_call',
          status: 'completed',
          call_id: `call_up${turnIndex}_${index}`,
          name: 'image_generation',
          arguments: JSON.stringify({ prompt }),
        }));
  const response = {
    id,
    object: 'response',
    created_at: 1_790_000_000,
    status: 'completed',
    model: body.model,
    output,
    usage: { input_tokens: 120, input_tokens_details: { cached_tokens: 0 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 150 },
  };
  if (body.stream !== true) return { json: response };
  const events: Array<Record<string, unknown>> = [{ type: 'response.created', response: { ...response, status: 'in_progress', output: [], usage: null } }];
  output.forEach((item, outputIndex) => {
    if (item.type === 'message') {
      events.push({ type: 'response.output_item.added', output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } });
      for (const word of (turn as { text: string }).text.split(/(?<= )/)) {
        events.push({ type: 'response.output_text.delta', item_id: item.id, output_index: outputIndex, content_index: 0, delta: word, logprobs: [] });
      }
    } else {
      const call = item as { id: string; arguments: string };
      events.push({ type: 'response.output_item.added', output_index: outputIndex, item: { ...item, status: 'in_progress', arguments: '' } });
      events.push({ type: 'response.function_call_arguments.delta', item_id: call.id, output_index: outputIndex, delta: call.arguments });
      events.push({ type: 'response.function_call_arguments.done', item_id: call.id, output_index: outputIndex, arguments: call.arguments });
    }
    events.push({ type: 'response.output_item.done', output_index: outputIndex, item });
  });
  events.push({ type: 'response.completed', response });
  const sse = events.map((event, sequence) => `event: ${String(event['type'])}\ndata: ${JSON.stringify({ ...event, sequence_number: sequence })}\n\n`).join('');
  return { chunks: splitIntoChunks(sse, 9) };
}

/** Turn k answers after k rounds of tool results (a run of function_call_output items). */
function toolResultRounds(input: Array<{ type?: string }>): number {
  return input.filter((item, index) => item.type === 'function_call_output' && input[index - 1]?.type !== 'function_call_output').length;
}

export async function respondToImages(request: RecordedRequest): Promise<FakeReply> {
  const body = request.json() as { size?: string; output_format?: 'png' | 'jpeg' | 'webp'; n?: number; quality?: string; background?: string };
  const [width, height] = (body.size && body.size !== 'auto' ? body.size : '1024x1024').split('x').map(Number);
  const format = body.output_format ?? 'png';
  const bytes = await sharp({ create: { width: width!, height: height!, channels: 3, background: '#a35' } }).toFormat(format).toBuffer();
  return {
    json: {
      created: 1_790_000_000,
      data: Array.from({ length: body.n ?? 1 }, () => ({ b64_json: bytes.toString('base64') })),
      background: 'opaque',
      output_format: format,
      quality: body.quality === 'auto' || !body.quality ? 'medium' : body.quality,
      size: `${width}x${height}`,
      usage: { input_tokens: 50, input_tokens_details: { text_tokens: 50, image_tokens: 0 }, output_tokens: 1056, total_tokens: 1106 },
    },
  };
}
