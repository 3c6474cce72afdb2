import { createInterface } from 'node:readline';
import { type Command, Option } from 'commander';
import { ChatSession, type ChatSettings } from '../chat-session.ts';
import { type ConnectionFlags, addConnectionOptions, withImagegate } from '../imagegate-connection.ts';
import { parseSize, wholeNumberIn } from '../image-options.ts';
import type { Output } from '../output.ts';
import { describeError } from '../report-error.ts';

const HELP = 'type a message; /edit <instruction> edits the last image; /quit (or Ctrl-D) leaves';
const DEFAULT_MODEL = 'gpt-4.1';

/** `imagegate chat`: a REPL over the Responses API with the image_generation tool. */
export function registerChatCommand(program: Command, output: Output): void {
  const command = program
    .command('chat')
    .description('chat with images: each line goes through POST /v1/responses (streaming) with the image_generation tool')
    .option('-m, --model <model>', 'language model', DEFAULT_MODEL)
    .option('--max-images <n>', 'images the whole conversation may make (each turn sends x-imagegate-max-images with what is left)', wholeNumberIn(0, 1_000_000))
    .option('-s, --size <size>', 'image size: WIDTHxHEIGHT or auto', parseSize)
    .addOption(new Option('-q, --quality <quality>', 'image quality').choices(['auto', 'low', 'medium', 'high']))
    .addOption(new Option('-f, --format <format>', 'image format').choices(['png', 'jpeg', 'webp']))
    .addOption(new Option('--background <background>', 'image background').choices(['auto', 'transparent', 'opaque']))
    .option('-o, --output-dir <dir>', 'where to save images', '.')
    .option('--json', 'print one JSON object per turn on stdout (the reply text and messages go to stderr)')
    .addHelpText('after', `\nIn the chat: ${HELP}.`);
  addConnectionOptions(command).action(async (flags: ChatSettings & ConnectionFlags) => {
    await withImagegate(flags, (client) => runRepl(new ChatSession(client, flags), flags, output));
  });
}

/**
 * Reads lines until /quit or end of input. On a terminal a failed turn is reported and the chat
 * goes on, and Ctrl-C cancels the running turn; with piped input a failed turn ends the chat
 * with the error (exit 1), so scripts notice.
 */
async function runRepl(session: ChatSession, settings: ChatSettings, output: Output): Promise<void> {
  const interactive = process.stdin.isTTY === true;
  const human = settings.json ? process.stderr : process.stdout;
  const lines = createInterface({ input: process.stdin, output: human, terminal: interactive });
  let turn: AbortController | undefined;
  lines.on('SIGINT', () => {
    if (turn) turn.abort();
    else lines.close();
  });
  lines.setPrompt('you› ');
  if (interactive) {
    human.write(`imagegate chat (${settings.model}) — ${HELP}\n`);
    lines.prompt();
  }
  try {
    for await (const raw of lines) {
      const line = raw.trim();
      if (line === '/quit' || line === '/exit') break;
      if (line === '/help') human.write(`${HELP}\n`);
      else if (line.startsWith('/') && !line.startsWith('/edit ') && line !== '/edit') human.write(`unknown command ${line.split(' ')[0]}; ${HELP}\n`);
      else if (line === '/edit') human.write('usage: /edit <instruction>, e.g. /edit make it blue\n');
      else if (line.startsWith('/edit ') && !session.hasImage) human.write('there is no image to edit yet; ask for one first\n');
      else if (line !== '') {
        const isEdit = line.startsWith('/edit ');
        const controller = new AbortController();
        turn = controller;
        try {
          const result = await session.send(isEdit ? line.slice('/edit '.length).trim() : line, isEdit ? 'edit' : 'chat', controller.signal);
          if (settings.json) output.jsonLine(result);
        } catch (error) {
          if (!interactive) throw error;
          human.write(controller.signal.aborted ? '(cancelled)\n' : `error: ${describeError(error)}\n`);
        } finally {
          turn = undefined;
        }
      }
      if (interactive) lines.prompt();
    }
  } finally {
    lines.close();
  }
}
