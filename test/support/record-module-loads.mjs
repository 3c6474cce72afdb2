// Module customization hooks (registered by idle-modules-probe.ts): appends the URL of every
// module loaded through `import` to the file named in `data.file`, one per line.
import { appendFileSync } from 'node:fs';

let file;

export function initialize(data) {
  file = data.file;
}

export async function load(url, context, nextLoad) {
  appendFileSync(file, `${url}\n`);
  return nextLoad(url, context);
}
