import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Command, Option } from 'commander';
import { toFile } from 'openai';
import type { ImageEditParams } from 'openai/resources/images';
import type { Uploadable } from 'openai/uploads';
import { sniffImageMediaType } from '../../media/sniff-image-media-type.ts';
import { CliUsageError } from '../cli-usage-error.ts';
import { type ConnectionFlags, addConnectionOptions, withImagegate } from '../imagegate-connection.ts';
import { type ImageFlags, addImageOptions, imageRequestFields } from '../image-options.ts';
import type { ImageStreamEvent, ImagesCaller, ImagesResult } from '../images-wire.ts';
import type { Output } from '../output.ts';
import { runImageJob } from '../run-image-job.ts';

/** OpenAI takes up to 16 input images per edit. */
const MAX_INPUT_IMAGES = 16;

type EditFlags = ImageFlags & ConnectionFlags & { mask?: string; inputFidelity?: string };

/** `imagegate edit IMAGE... "prompt"`: a multipart POST /v1/images/edits (`image[]` for several files, `mask`). */
export function registerEditCommand(program: Command, output: Output): void {
  const command = program
    .command('edit')
    .description('edit images with POST /v1/images/edits and save the results')
    .usage('[options] <image...> <prompt>')
    .argument('<image-and-prompt...>', 'one or more PNG/JPEG/WebP files, then the instruction')
    .option('--mask <file>', 'PNG with an alpha channel, same size as the first image: alpha 0 marks where to edit')
    .addOption(new Option('--input-fidelity <level>', 'how closely to keep the input images').choices(['high', 'low']))
    .addHelpText('after', '\nExample: imagegate edit photo.png --mask mask.png "replace the sky with a sunset" -o out/');
  addConnectionOptions(addImageOptions(command)).action(async (words: string[], flags: EditFlags) => {
    const prompt = words.at(-1) ?? '';
    const paths = words.slice(0, -1);
    if (paths.length === 0) throw new CliUsageError('edit needs at least one image file and then the prompt, e.g. imagegate edit photo.png "make it night"');
    if (prompt.trim() === '') throw new CliUsageError('the prompt is empty');
    if (paths.length > MAX_INPUT_IMAGES) throw new CliUsageError(`edit takes at most ${MAX_INPUT_IMAGES} images`);
    const images = await Promise.all(paths.map(readImageFile));
    const mask = flags.mask === undefined ? undefined : await readImageFile(flags.mask);
    const result = await withImagegate(flags, (client) => {
      const body = {
        // One file goes as `image`, several as `image[]` (the SDK's multipart encoding of arrays).
        image: images.length === 1 ? images[0] : images,
        ...(mask ? { mask } : {}),
        prompt,
        ...imageRequestFields(flags),
        ...(flags.inputFidelity ? { input_fidelity: flags.inputFidelity } : {}),
      } as unknown as ImageEditParams;
      const caller: ImagesCaller = {
        async once() {
          const { data, response } = await client.images.edit({ ...body, stream: false }).withResponse();
          return { result: data, headers: response.headers };
        },
        async stream(partialImages) {
          const { data, response } = await client.images.edit({ ...body, stream: true, ...(partialImages === undefined ? {} : { partial_images: partialImages }) }).withResponse();
          return { events: data as AsyncIterable<ImageStreamEvent>, headers: response.headers };
        },
      };
      return runImageJob({ verb: 'editing', prompt, flags }, caller);
    });
    if (flags.json) output.json(result);
  });
}

/** Reads a local image for upload; a missing or non-image file is a usage error (exit 2). */
async function readImageFile(path: string): Promise<Uploadable> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new CliUsageError(`cannot read ${path}: ${(cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (cause as Error).message}`);
  }
  const mediaType = sniffImageMediaType(bytes);
  if (!mediaType || mediaType === 'image/gif') throw new CliUsageError(`${path} is not a PNG, JPEG or WebP image`);
  return toFile(bytes, basename(path), { type: mediaType });
}
