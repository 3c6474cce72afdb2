// FNV-1a, 32 bit: tiny and fast; ids only need to be stable and unlikely to collide in a conversation.
function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/**
 * Makes deterministic tool-call ids for one step: the same user message, position, step and call
 * index give the same id, so replays match, while the message's position in the prompt keeps equal
 * messages in one conversation apart. The message is hashed once per step, not once per call.
 */
export function createToolCallIds(
  userText: string,
  userMessageIndex: number,
  stepIndex: number,
): (callIndex: number) => string {
  const messageHigh = fnv1a(userText, 0x811c9dc5);
  const messageLow = fnv1a(userText, 0x050c5d1f);
  return (callIndex) => {
    const suffix = `\u0000${userMessageIndex}\u0000${stepIndex}\u0000${callIndex}`;
    return `call_${hex(fnv1a(suffix, messageHigh))}${hex(fnv1a(suffix, messageLow))}`;
  };
}
