/** Statuses from which a response still moves (OpenAI: keep polling while `queued` or `in_progress`). */
export function isActiveStatus(status: string): boolean {
  return status === 'queued' || status === 'in_progress';
}

/** Stream events after which nothing follows. */
export function isTerminalEventType(type: string): boolean {
  return type === 'response.completed' || type === 'response.failed' || type === 'response.incomplete' || type === 'error';
}

/**
 * The terminal event that carries a finished response. OpenAI's stream has no
 * `response.cancelled` event (only a webhook of that name): a cancelled response ends the
 * stream with `response.failed`, its status `cancelled`.
 */
export function terminalEventType(status: string): 'response.completed' | 'response.incomplete' | 'response.failed' {
  return status === 'completed' ? 'response.completed' : status === 'incomplete' ? 'response.incomplete' : 'response.failed';
}
