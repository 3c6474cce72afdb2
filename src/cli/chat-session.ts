import { resolve } from 'node:path';
import type OpenAI from 'openai';
import type { ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';
import { CliApiError } from './api-client.ts';
import { type ChatImageSettings, type ChatResponse, type ChatStreamEvent, imageTool } from './chat-wire.ts';
import { createImageFileNamer } from './image-files.ts';
import { formatUsd } from './images-wire.ts';
import { type DisplayStream, type ProgressDisplay, createProgressDisplay } from './progress-display.ts';
import { type IgnoredCallNote, describeNotes, ignoredCallNotes, warningTexts } from './turn-notes.ts';

export interface ChatSettings extends ChatImageSettings {
  model: string;
  /** Images the whole conversation may make (sent per turn as `x-imagegate-max-images`: what is left). */
  maxImages?: number;
  outputDir: string;
  json?: boolean;
}

/** One turn, as `--json` prints it (one JSON object per line). */
export interface ChatTurnResult {
  response_id: string;
  status: string;
  text: string;
  images: string[];
  cost_usd: number | null;
  conversation_cost_usd: number | null;
  images_generated: number;
  conversation_images: number;
  /** What `--max-images` still allows, or null without it. */
  images_remaining: number | null;
  /** The server's per-response image cap in force (config, key, header), or null. */
  max_images_per_response: number | null;
  /** Image calls the server did not run, with the reason. */
  ignored_tool_calls: IgnoredCallNote[];
  /** `imagegate.warnings` as text (budget cuts, settings not honoured, retired models). */
  warnings: string[];
  /** Why an `incomplete` response stopped (e.g. `max_output_tokens` when money ran out), else null. */
  incomplete_reason: string | null;
}

/**
 * A conversation over the Responses API: each turn streams with the image_generation tool,
 * continues from the last response (`previous_response_id`), saves images as they complete and
 * adds up cost and images so the user sees what is spent and what the limit still allows.
 */
export class ChatSession {
  private previousResponseId: string | undefined;
  private lastImageId: string | undefined;
  private costUsd = 0;
  private costKnown = true;
  private imagesUsed = 0;
  private readonly display: ProgressDisplay;
  private readonly human: DisplayStream;

  constructor(
    private readonly client: OpenAI,
    private readonly settings: ChatSettings,
    streams: { stdout: DisplayStream; stderr: DisplayStream } = process,
  ) {
    this.display = createProgressDisplay(streams.stderr);
    this.human = settings.json ? streams.stderr : streams.stdout;
  }

  get hasImage(): boolean {
    return this.lastImageId !== undefined;
  }

  /** Images `--max-images` still allows in this conversation, or undefined without it. */
  get imagesRemaining(): number | undefined {
    return this.settings.maxImages === undefined ? undefined : Math.max(0, this.settings.maxImages - this.imagesUsed);
  }

  /** Sends one user line; `edit` sends it with the last image referenced and the tool set to edit. */
  async send(text: string, mode: 'chat' | 'edit', signal: AbortSignal): Promise<ChatTurnResult> {
    const lastImageId = this.lastImageId;
    if (mode === 'edit' && lastImageId === undefined) throw new Error('there is no image to edit yet');
    const message = { role: 'user', content: [{ type: 'input_text', text }] };
    const body = {
      model: this.settings.model,
      input: mode === 'edit' ? [{ type: 'image_generation_call', id: lastImageId }, message] : [message],
      tools: [imageTool(this.settings, mode === 'edit' ? 'edit' : undefined)],
      // `/edit` is an explicit request for an image: the first model step must call the tool.
      ...(mode === 'edit' ? { tool_choice: { type: 'image_generation' } } : {}),
      ...(this.previousResponseId ? { previous_response_id: this.previousResponseId } : {}),
      stream: true,
    } as unknown as ResponseCreateParamsStreaming;
    const remaining = this.imagesRemaining;
    const headers = remaining === undefined ? undefined : { 'x-imagegate-max-images': String(remaining) };
    const stream = (await this.client.responses.create(body, { headers, signal })) as unknown as AsyncIterable<ChatStreamEvent>;
    const turn = await this.readStream(stream, text);
    return this.finishTurn(turn);
  }

  private async readStream(stream: AsyncIterable<ChatStreamEvent>, prompt: string) {
    const namer = createImageFileNamer(this.settings.outputDir, prompt);
    const images: string[] = [];
    let text = '';
    let lineOpen = false;
    let final: ChatResponse | undefined;
    const endLine = () => {
      if (lineOpen) this.human.write('\n');
      lineOpen = false;
    };
    try {
      for await (const event of stream) {
        if (event.type === 'response.output_text.delta' && event.delta) {
          this.display.stop();
          this.human.write(event.delta);
          text += event.delta;
          lineOpen = !event.delta.endsWith('\n');
        } else if (event.type === 'response.output_item.added' && event.item?.type === 'image_generation_call') {
          endLine();
          this.display.update(`drawing image ${images.length + 1}`);
        } else if (event.type === 'response.image_generation_call.partial_image') {
          this.display.update(`drawing image ${images.length + 1} · partial ${(event.partial_image_index ?? 0) + 1}`);
        } else if (event.type === 'response.output_item.done' && event.item?.type === 'image_generation_call' && event.item.result) {
          const path = await namer.save(Buffer.from(event.item.result, 'base64'), images.length + 1);
          images.push(resolve(path));
          this.lastImageId = event.item.id ?? this.lastImageId;
          endLine();
          this.display.log(`  saved ${path}`, this.human);
        } else if (event.type === 'response.completed' || event.type === 'response.incomplete' || event.type === 'response.failed') {
          final = event.response;
        } else if (event.type === 'error') {
          throw new CliApiError(0, `stream error${event.code ? ` (${event.code})` : ''}: ${event.message ?? 'unknown'}`);
        }
      }
    } finally {
      this.display.stop();
      endLine();
    }
    if (!final) throw new CliApiError(0, 'the stream ended before the response was complete');
    return { final, text, images };
  }

  private finishTurn({ final, text, images }: { final: ChatResponse; text: string; images: string[] }): ChatTurnResult {
    const info = final.imagegate;
    const turnCost = info?.cost?.total_usd;
    if (typeof turnCost === 'number') this.costUsd += turnCost;
    else this.costKnown = false;
    const generated = info?.images_generated ?? images.length;
    this.imagesUsed += generated;
    // A failed response is not a good place to continue from; the next turn builds on the last good one.
    if (final.status !== 'failed') this.previousResponseId = final.id;
    if (final.status === 'failed') this.display.log(`  response failed: ${final.error?.message ?? 'unknown error'}`, this.human);
    if (final.status === 'incomplete') this.display.log(`  response incomplete: ${final.incomplete_details?.reason ?? 'unknown reason'}`, this.human);
    const result: ChatTurnResult = {
      response_id: final.id,
      status: final.status,
      text,
      images,
      cost_usd: typeof turnCost === 'number' ? turnCost : null,
      conversation_cost_usd: this.costKnown ? this.costUsd : null,
      images_generated: generated,
      conversation_images: this.imagesUsed,
      images_remaining: this.imagesRemaining ?? null,
      max_images_per_response: info?.limits?.max_images ?? null,
      ignored_tool_calls: ignoredCallNotes(info?.ignored_tool_calls),
      warnings: warningTexts(info?.warnings),
      incomplete_reason: final.status === 'incomplete' ? (final.incomplete_details?.reason ?? null) : null,
    };
    for (const line of describeNotes(result.ignored_tool_calls, result.warnings)) this.display.log(`  ${line}`, this.human);
    this.display.log(`  ${describeTurn(result, this.settings.maxImages)}`, this.human);
    return result;
  }
}

/** `cost $0.000400 this turn · $0.001200 so far · images: 2 made, 2 left of 4` */
export function describeTurn(turn: ChatTurnResult, maxImages: number | undefined): string {
  const soFar = turn.conversation_cost_usd === null ? 'unknown so far (a price is missing)' : `${formatUsd(turn.conversation_cost_usd)} so far`;
  let images = `images: ${turn.conversation_images} made`;
  if (maxImages !== undefined) images += `, ${turn.images_remaining ?? 0} left of ${maxImages}`;
  else if (turn.max_images_per_response !== null) images += `, server allows ${turn.max_images_per_response} per reply`;
  else images += ', no limit set';
  return `cost ${formatUsd(turn.cost_usd)} this turn · ${soFar} · ${images}`;
}
