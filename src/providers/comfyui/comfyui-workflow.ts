/**
 * ComfyUI's API-format workflow ("Save (API)" in the editor): node id → `{class_type, inputs}`,
 * where an input is a literal or a link `[sourceNodeId, outputIndex]`. Bindings say which node
 * input receives each value imagegate supplies per call.
 */
import { z } from 'zod';
import { ComfyWorkflowError } from './comfyui-workflow-error.ts';

export type ComfyJson = string | number | boolean | null | ReadonlyArray<ComfyJson> | { readonly [key: string]: ComfyJson };

export interface ComfyNode {
  readonly class_type: string;
  readonly inputs: Readonly<Record<string, ComfyJson>>;
  readonly _meta?: { readonly title?: string };
}

export type ComfyWorkflow = Readonly<Record<string, ComfyNode>>;

export const comfyBindingKeys = [
  'prompt',
  'negativePrompt',
  'width',
  'height',
  'seed',
  'batchSize',
  'steps',
  'checkpoint',
  'image',
  'mask',
  'denoise',
] as const;

export type ComfyBindingKey = (typeof comfyBindingKeys)[number];

/** `[nodeId, inputName]`, e.g. `['6', 'text']`. */
export type ComfyInputRef = readonly [nodeId: string, inputName: string];

export type ComfyBindings = Readonly<Partial<Record<ComfyBindingKey, ComfyInputRef>>>;

/** The values of one call, by binding; undefined values leave the workflow's own. */
export type ComfyBindingValues = Readonly<Partial<Record<ComfyBindingKey, string | number>>>;

export interface ComfyWorkflowTemplate {
  readonly graph: ComfyWorkflow;
  readonly bindings: ComfyBindings;
  /** Only this node's images are results; otherwise every `output` image of the run, in node order. */
  readonly outputNodeId?: string;
}

/** Bindings whose values come from the caller's request, so a rejected value is the caller's to fix. */
export const callerBindingKeys: ReadonlySet<ComfyBindingKey> = new Set(['prompt', 'width', 'height', 'seed', 'batchSize', 'image', 'mask']);

const comfyJson: z.ZodType<ComfyJson> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(comfyJson), z.record(z.string(), comfyJson)]),
);

const workflowSchema = z.record(
  z.string(),
  z.object({ class_type: z.string().min(1), inputs: z.record(z.string(), comfyJson), _meta: z.object({ title: z.string().optional() }).optional() }),
);

/** Reads a workflow file's JSON; the editor's own format (`nodes` + `links`) is refused with a hint. */
export function parseComfyWorkflow(json: unknown, label = 'workflow'): ComfyWorkflow {
  if (typeof json === 'object' && json !== null && Array.isArray((json as { nodes?: unknown }).nodes)) {
    throw new ComfyWorkflowError(`${label} is in the editor's format; export it with "Save (API)" (API format) instead.`);
  }
  const parsed = workflowSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ComfyWorkflowError(`${label} is not an API-format workflow: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  if (Object.keys(parsed.data).length === 0) throw new ComfyWorkflowError(`${label} has no nodes.`);
  return parsed.data;
}

/** Reads bindings from config, where keys are plain strings. */
export function parseComfyBindings(record: Readonly<Record<string, readonly [string, string]>>): ComfyBindings {
  const bindings: Partial<Record<ComfyBindingKey, ComfyInputRef>> = {};
  for (const [key, ref] of Object.entries(record)) {
    if (!isBindingKey(key)) throw new ComfyWorkflowError(`Unknown binding '${key}': expected one of ${comfyBindingKeys.join(', ')}.`);
    bindings[key] = [ref[0], ref[1]];
  }
  return bindings;
}

function isBindingKey(key: string): key is ComfyBindingKey {
  return (comfyBindingKeys as ReadonlyArray<string>).includes(key);
}
