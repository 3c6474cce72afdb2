/**
 * Starts a streamed response that calls the image tool and reads its stream until the image is
 * being generated: the moment crash, drain and scale-out tests act on. The caller owns `reader`
 * (cancel it when done).
 */
export async function startGenerating(
  baseUrl: string,
  secret: string,
  tool: Record<string, unknown>,
): Promise<{ responseId: string; reader: ReadableStreamDefaultReader<Uint8Array> }> {
  const response = await fetch(`${baseUrl}/v1/responses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'simulator', input: 'Draw a comet.', tools: [tool], stream: true }),
  });
  const reader = response.body!.getReader();
  let text = '';
  while (!text.includes('response.image_generation_call.generating')) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended early: ${text}`);
    text += new TextDecoder().decode(value);
  }
  return { responseId: /"id":"(resp_[^"]+)"/.exec(text)![1]!, reader };
}
