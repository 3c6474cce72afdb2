// The official openai SDK against imagegate: a model that keeps asking for images, capped at 1.
// Needs Node ≥ 20.19 and the `openai` package (`npm install openai`; in a clone of imagegate it is
// already installed). Start the server first (`npx imagegate serve`), then:
//   node examples/sdk-quickstart.mjs
// Env: IMAGEGATE_BASE_URL (default http://127.0.0.1:8787), IMAGEGATE_API_KEY (when auth is on),
// OUTPUT_DIR (where images are saved, default the current directory).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import OpenAI from 'openai';

const baseURL = `${(process.env.IMAGEGATE_BASE_URL ?? 'http://127.0.0.1:8787').replace(/\/+$/, '')}/v1`;
const client = new OpenAI({ baseURL, apiKey: process.env.IMAGEGATE_API_KEY ?? 'unused-offline', maxRetries: 0 });

const response = await client.responses.create(
  {
    // The simulator's "repeat" model asks for image after image: the cap below is what stops it.
    model: 'simulator-repeat',
    input: [{ role: 'user', content: 'Draw a lighthouse on a cliff at sunset.' }],
    tools: [{ type: 'image_generation', size: '1024x1024', quality: 'low', output_format: 'png' }],
  },
  { headers: { 'x-imagegate-max-images': '1' } },
);

const images = response.output.filter((item) => item.type === 'image_generation_call' && item.result);
for (const [index, image] of images.entries()) {
  const file = join(process.env.OUTPUT_DIR ?? '.', `lighthouse-${index + 1}.png`);
  await writeFile(file, Buffer.from(image.result, 'base64'));
  console.log(`saved ${file}`);
}
console.log(response.output_text);
// imagegate's own block: what was made, what was refused and why, what it cost.
const { images_generated, ignored_tool_calls, cost, warnings } = response.imagegate;
console.log(`images: ${images_generated}, ignored calls: ${ignored_tool_calls.map((call) => call.reason).join(', ') || 'none'}`);
console.log(`cost: $${cost.total_usd}`);
for (const warning of warnings) console.log(`warning: ${warning.message}`);
