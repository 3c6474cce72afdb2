import type { Command } from 'commander';
import type { ImageGenerateParams } from 'openai/resources/images';
import { CliUsageError } from '../cli-usage-error.ts';
import { type ConnectionFlags, addConnectionOptions, withImagegate } from '../imagegate-connection.ts';
import { type ImageFlags, addImageOptions, imageRequestFields } from '../image-options.ts';
import type { ImageStreamEvent, ImagesCaller, ImagesResult } from '../images-wire.ts';
import type { Output } from '../output.ts';
import { runImageJob } from '../run-image-job.ts';

/** `imagegate image "prompt"`: the Images API from a terminal, files saved to a directory. */
export function registerImageCommand(program: Command, output: Output): void {
  const command = program
    .command('image')
    .description('generate images with POST /v1/images/generations and save them')
    .argument('<prompt>', 'what to draw')
    .addHelpText('after', '\nFiles are saved as DIR/<timestamp>-<slug>-<i>.<ext>; partial images as …-<i>-partial-<p>.<ext>.\nExample: imagegate image "a red fox in the snow" -n 2 --size 1024x1024 --format webp -o out/');
  addConnectionOptions(addImageOptions(command)).action(async (prompt: string, flags: ImageFlags & ConnectionFlags) => {
    if (prompt.trim() === '') throw new CliUsageError('the prompt is empty');
    const result = await withImagegate(flags, (client) => {
      // Custom sizes (e.g. 256x320) and our `imagegate` fields are outside the SDK's types.
      const body = { prompt, ...imageRequestFields(flags) } as unknown as ImageGenerateParams;
      const caller: ImagesCaller = {
        async once() {
          const { data, response } = await client.images.generate({ ...body, stream: false }).withResponse();
          return { result: data, headers: response.headers };
        },
        async stream(partialImages) {
          const { data, response } = await client.images.generate({ ...body, stream: true, ...(partialImages === undefined ? {} : { partial_images: partialImages }) }).withResponse();
          return { events: data as AsyncIterable<ImageStreamEvent>, headers: response.headers };
        },
      };
      return runImageJob({ verb: 'generating', prompt, flags }, caller);
    });
    if (flags.json) output.json(result);
  });
}
