import { invalidRequest } from '../errors/api-error.ts';
import type { ConversationInput } from '../loop/conversation/items-to-messages.ts';

/**
 * OpenAI refuses a `function_call_output` whose `call_id` answers no `function_call` before it
 * (in the `previous_response_id` chain or earlier in `input`), with this message; replaying it
 * would hand the model a result for a call it never made. Only this request's items are
 * checked: stored history was checked when it was sent.
 */
export function checkFunctionCallOutputs(replay: ReadonlyArray<ConversationInput>): void {
  const calledIds = new Set<string>();
  for (const { item, param } of replay) {
    if (item.type === 'function_call') calledIds.add(item.call_id);
    if (item.type !== 'function_call_output' || param === undefined || calledIds.has(item.call_id)) continue;
    throw invalidRequest(`No tool call found for function call output with call_id ${item.call_id}.`, `${param}.call_id`);
  }
}
