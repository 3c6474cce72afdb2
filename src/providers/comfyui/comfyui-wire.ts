/**
 * What ComfyUI's server answers, as far as we read it (server.py `POST /prompt`,
 * `GET /history/{prompt_id}`, `POST /upload/image`; execution.py `validate_prompt`,
 * `PromptQueue.task_done`). Unknown fields pass through: custom nodes add their own outputs.
 */
import { z } from 'zod';

/** One validation failure of a node input (execution.py `validate_inputs`). */
const nodeErrorReasonSchema = z.object({
  type: z.string().optional(),
  message: z.string().optional(),
  details: z.string().optional(),
  extra_info: z.object({ input_name: z.string().optional() }).loose().optional(),
});

export const comfyNodeErrorsSchema = z.record(
  z.string(),
  z.object({ errors: z.array(nodeErrorReasonSchema).default([]), class_type: z.string().optional() }).loose(),
);

/** `200 {prompt_id, number, node_errors}`: queued (node_errors lists outputs that were dropped). */
export const comfyPromptAnswerSchema = z.object({
  prompt_id: z.string().min(1),
  number: z.number().optional(),
  // `{}` normally; older servers and "no prompt" answers send `[]`.
  node_errors: z.union([comfyNodeErrorsSchema, z.array(z.unknown())]).optional(),
});

/** `400 {error, node_errors}`; `error` is `{type, message, details, extra_info}`, or a bare string on old servers. */
export const comfyPromptErrorSchema = z.object({
  error: z.union([z.string(), z.object({ type: z.string().optional(), message: z.string().optional(), details: z.string().optional() }).loose()]),
  node_errors: z.union([comfyNodeErrorsSchema, z.array(z.unknown())]).optional(),
});

export const comfyImageRefSchema = z.object({
  filename: z.string().min(1),
  subfolder: z.string().default(''),
  type: z.string().default('output'),
});

/** `status.messages` entries are `[event, data]`, e.g. `['execution_error', {node_id, exception_message, …}]`. */
const statusMessageSchema = z.tuple([z.string(), z.unknown()]);

export const comfyHistoryEntrySchema = z.object({
  outputs: z.record(z.string(), z.object({ images: z.array(comfyImageRefSchema).optional() }).loose()).default({}),
  // Absent before ComfyUI recorded a status (2023); null when the executor reported none.
  status: z
    .object({ status_str: z.string(), completed: z.boolean().optional(), messages: z.array(statusMessageSchema).default([]) })
    .nullish(),
});

/** `{}` while the prompt is queued or running, `{[prompt_id]: entry}` once it finished. */
export const comfyHistorySchema = z.record(z.string(), comfyHistoryEntrySchema);

/** `200 {name, subfolder, type}`: `name` may differ from the sent filename when it was taken. */
export const comfyUploadAnswerSchema = z.object({ name: z.string().min(1), subfolder: z.string().default(''), type: z.string().default('input') });

export const comfyExecutionErrorSchema = z
  .object({
    node_id: z.string().optional(),
    node_type: z.string().optional(),
    exception_type: z.string().optional(),
    exception_message: z.string().optional(),
  })
  .loose();

export type ComfyNodeErrors = z.infer<typeof comfyNodeErrorsSchema>;
export type ComfyImageRef = z.infer<typeof comfyImageRefSchema>;
export type ComfyHistoryEntry = z.infer<typeof comfyHistoryEntrySchema>;
