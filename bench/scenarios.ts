// The benchmarked requests, and the checks that their answers are what we expect.

export interface Scenario {
  name: string;
  connections: number;
  /** Shown in the table; `true` means the request leaves `store` at its default. */
  store: boolean;
  stream: boolean;
  expectImages: 0 | 1;
  body: Record<string, unknown>;
}

const TEXT = { model: 'simulator', input: 'Say hello in one sentence.' };
const IMAGE_TOOL = { type: 'image_generation', size: '1024x1024', quality: 'medium', output_format: 'jpeg' };
const IMAGE = { model: 'simulator', input: 'Draw a red fox.' };

export function scenarios(connections: number): Scenario[] {
  return [
    { name: 'text, JSON', connections: 1, store: false, stream: false, expectImages: 0, body: { ...TEXT, store: false } },
    { name: 'text, JSON', connections, store: false, stream: false, expectImages: 0, body: { ...TEXT, store: false } },
    { name: 'text, JSON', connections, store: true, stream: false, expectImages: 0, body: { ...TEXT } },
    { name: 'text, SSE', connections, store: false, stream: true, expectImages: 0, body: { ...TEXT, store: false, stream: true } },
    { name: 'text, SSE', connections, store: true, stream: true, expectImages: 0, body: { ...TEXT, stream: true } },
    { name: 'one image 1024² jpeg, JSON', connections, store: true, stream: false, expectImages: 1, body: { ...IMAGE, tools: [IMAGE_TOOL] } },
    {
      name: 'one image 1024² jpeg, SSE',
      connections,
      store: true,
      stream: true,
      expectImages: 1,
      body: { ...IMAGE, stream: true, tools: [{ ...IMAGE_TOOL, partial_images: 0 }] },
    },
  ];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks a finished response object; returns a problem description, or undefined when it is as expected. */
export function checkResponse(response: unknown, scenario: Scenario, thorough: boolean): string | undefined {
  if (!isObject(response)) return 'answer is not a JSON object';
  if (response['object'] !== 'response') return `object is ${JSON.stringify(response['object'])}, not "response"`;
  if (response['status'] !== 'completed') return `status is ${JSON.stringify(response['status'])} (error: ${JSON.stringify(response['error'])})`;
  if (response['store'] !== scenario.store) return `store is ${JSON.stringify(response['store'])}, expected ${String(scenario.store)}`;
  const output = response['output'];
  if (!Array.isArray(output)) return 'output is not an array';
  const items = output.filter(isObject);
  const images = items.filter((item) => item['type'] === 'image_generation_call');
  const messages = items.filter((item) => item['type'] === 'message');
  if (images.length !== scenario.expectImages) return `${images.length} image_generation_call items, expected ${scenario.expectImages}`;
  if (messages.length !== 1) return `${messages.length} message items, expected 1`;
  const text = messageText(messages[0]);
  if (!text) return 'the assistant message has no output_text';
  if (!thorough) return undefined;
  const image = images[0];
  if (image) {
    if (image['status'] !== 'completed') return `image_generation_call status is ${JSON.stringify(image['status'])}`;
    if (image['output_format'] !== 'jpeg' || image['size'] !== '1024x1024') {
      return `image is ${JSON.stringify(image['output_format'])} ${JSON.stringify(image['size'])}, expected jpeg 1024x1024`;
    }
    if (typeof image['result'] !== 'string') return 'image_generation_call has no base64 result';
    const size = jpegSize(Buffer.from(image['result'], 'base64'));
    if (!size) return 'image result is not a JPEG';
    if (size.width !== 1024 || size.height !== 1024) return `JPEG is ${size.width}x${size.height}, expected 1024x1024`;
  }
  return undefined;
}

function messageText(message: Json | undefined): string {
  const content = message?.['content'];
  if (!Array.isArray(content)) return '';
  return content
    .filter(isObject)
    .map((part) => (part['type'] === 'output_text' && typeof part['text'] === 'string' ? part['text'] : ''))
    .join('');
}

export interface SseEvent {
  event: string;
  data: string;
}

export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.replace(/\r\n/g, '\n').split('\n\n')) {
    if (block.trim() === '') continue;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    events.push({ event, data: data.join('\n') });
  }
  return events;
}

/** Checks a whole SSE body: ordered sequence numbers, created … completed, no partial images. */
export function checkStream(text: string, scenario: Scenario, thorough: boolean): string | undefined {
  if (!thorough) {
    // Under load only the last event is parsed, to keep the client's CPU cost small.
    const start = text.lastIndexOf('event: ');
    if (start < 0) return 'no SSE events';
    const [last] = parseSse(text.slice(start));
    if (!last || last.event !== 'response.completed') return `last event is ${last?.event ?? 'missing'}`;
    return checkEventResponse(last.data, scenario, false);
  }
  const events = parseSse(text);
  if (events.length < 3) return `only ${events.length} SSE events`;
  let previous = -1;
  for (const [index, { event, data }] of events.entries()) {
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return `event ${index} (${event}) has data that is not JSON`;
    }
    if (!isObject(payload) || payload['type'] !== event) return `event ${index}: 'event: ${event}' but data.type ${JSON.stringify(isObject(payload) ? payload['type'] : undefined)}`;
    const sequence = payload['sequence_number'];
    if (typeof sequence !== 'number' || sequence <= previous) return `event ${index} (${event}) has sequence_number ${JSON.stringify(sequence)} after ${previous}`;
    previous = sequence;
  }
  if (events[0]?.event !== 'response.created') return `first event is ${events[0]?.event ?? 'missing'}`;
  const partials = events.filter((event) => event.event === 'response.image_generation_call.partial_image').length;
  if (partials !== 0) return `${partials} partial_image events with partial_images 0`;
  const last = events.at(-1);
  if (last?.event !== 'response.completed') return `last event is ${last?.event ?? 'missing'}`;
  return checkEventResponse(last.data, scenario, true);
}

function checkEventResponse(data: string, scenario: Scenario, thorough: boolean): string | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch {
    return 'response.completed data is not JSON';
  }
  return checkResponse(isObject(payload) ? payload['response'] : undefined, scenario, thorough);
}

/** Reads width and height from a JPEG's SOFn marker; undefined when the bytes are not a JPEG. */
function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let offset = 2;
  for (let guard = 0; guard < 1000 && offset + 9 < bytes.length; guard++) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] ?? 0;
    const length = bytes.readUInt16BE(offset + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    offset += 2 + length;
  }
  return undefined;
}

/** One request through fetch, checked thoroughly. Returns a problem, or undefined. */
export async function verifyOnce(url: string, scenario: Scenario): Promise<string | undefined> {
  const response = await fetch(`${url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(scenario.body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status !== 200) return `HTTP ${response.status}: ${text.slice(0, 300)}`;
  const contentType = response.headers.get('content-type') ?? '';
  if (scenario.stream) {
    if (!contentType.startsWith('text/event-stream')) return `content-type ${contentType}, expected text/event-stream`;
    return checkStream(text, scenario, true);
  }
  if (!contentType.startsWith('application/json')) return `content-type ${contentType}, expected application/json`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'body is not JSON';
  }
  return checkResponse(parsed, scenario, true);
}

/** The cheap per-response check autocannon runs on every body under load. */
export function loadCheck(scenario: Scenario): (body: string) => boolean {
  if (scenario.stream) return (body) => checkStream(body, scenario, false) === undefined;
  return (body) => {
    try {
      return checkResponse(JSON.parse(body), scenario, false) === undefined;
    } catch {
      return false;
    }
  };
}
