// Markdown tables, ratios against Portkey and the issue's targets, for the terminal and the README.
import type { ImageRow } from './image-rows.ts';
import { type PairedRound, pairedMedians, pairedTable } from './paired-rounds.ts';
import type { TextRow } from './text-rows.ts';

export const TARGET_NAMES = {
  upstream: 'upstream alone (the floor)',
  portkey: 'Portkey OSS 1.15.2',
  storeFalse: 'imagegate, store: false',
  storeTrue: 'imagegate, store: true (SQLite)',
  passthrough: 'imagegate passthrough route, store: false',
  chat: 'imagegate Chat Completions route, store: false',
  postgres: 'imagegate, store: true (PostgreSQL)',
} as const;

export interface Verdict {
  target: string;
  value: string;
  met: boolean | undefined;
}

export interface PeersResults {
  date: string;
  machine: { cpuModel: string; cores: number; node: string; os: string; memoryGb: number; loadAverageAtStart: number; loadAverageAtEnd: number | undefined };
  settings: { seconds: number; warmupSeconds: number; burst: number; pngBytes: number | undefined; quick: boolean };
  imagegateIdleRssKb: number | undefined;
  /** Every process the run started (all stopped by its end). */
  processes: Array<{ name: string; pid: number }>;
  text: TextRow[];
  /** The targets' rows again, side by side in rounds (their medians are the verdicts). */
  paired: PairedRound[];
  images: ImageRow[];
  verdicts: Verdict[];
  notes: string[];
}

const fixed = (value: number | undefined, digits: number): string => (value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const mb = (kb: number | undefined): string => (kb === undefined ? 'n/a' : (kb / 1024).toFixed(0));

function find(rows: TextRow[], target: string, mode: TextRow['mode'], connections: number): TextRow | undefined {
  return rows.find((row) => row.target === target && row.mode === mode && row.connections === connections && row.failure === undefined);
}

/** Mean latency at c=1 minus the upstream's: what the gateway adds to one sequential request. */
export function addedMillis(rows: TextRow[], row: TextRow): number {
  const floor = find(rows, TARGET_NAMES.upstream, row.mode, 1);
  return row.connections === 1 && floor ? row.meanMillis - floor.meanMillis : Number.NaN;
}

export function ratioToPortkey(rows: TextRow[], row: TextRow): number {
  const portkey = find(rows, TARGET_NAMES.portkey, row.mode, row.connections);
  return portkey && row.failure === undefined ? row.okPerSecond / portkey.okPerSecond : Number.NaN;
}

export function textTable(rows: TextRow[]): string {
  const lines = [
    '| target | answer | c | mean ms | added ms (c=1, vs upstream) | responses/s | ÷ Portkey | server CPU ms/response | RSS after load MB | VmHWM MB |',
    '|---|:-:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const row of rows) {
    if (row.failure !== undefined) {
      lines.push(`| ${row.target} | ${row.mode} | ${row.connections} | failed: ${row.failure.slice(0, 90).replace(/\|/g, '/')} | | | | | | |`);
      continue;
    }
    const ratio = ratioToPortkey(rows, row);
    lines.push(
      `| ${row.target} | ${row.mode} | ${row.connections} | ${fixed(row.meanMillis, 2)} | ${row.connections === 1 && row.target !== TARGET_NAMES.upstream ? fixed(addedMillis(rows, row), 2) : '—'} | ` +
        `${fixed(row.okPerSecond, 0)}${row.problems ? ' ⚠' : ''} | ${row.target === TARGET_NAMES.portkey || row.target === TARGET_NAMES.upstream ? '—' : (Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : 'n/a')} | ` +
        `${fixed(row.cpuMillisPerResponse, 2)} | ${mb(row.rssAfterKb)} | ${mb(row.hwmKb)} |`,
    );
  }
  return lines.join('\n');
}

export function imageTable(rows: ImageRow[]): string {
  const lines = ['| target | scenario | at once | ok / failed | responses/s | server CPU ms/response | peak RSS MB | VmHWM MB |', '|---|---|--:|--:|--:|--:|--:|--:|'];
  for (const row of rows) {
    const scenario = `${row.kind === 'relay' ? 'relay' : 'all at once'}, ${row.stream ? 'SSE, partial_images 2' : 'JSON'}`;
    if (row.failure !== undefined) {
      lines.push(`| ${row.target} | ${scenario} | ${row.concurrency} | failed: ${row.failure.slice(0, 90).replace(/\|/g, '/')} | | | | |`);
      continue;
    }
    const capped = row.cappedAtKb !== undefined ? ` (cut off past ${mb(row.cappedAtKb)} MB)` : '';
    lines.push(
      `| ${row.target} | ${scenario} | ${row.concurrency} | ${row.ok} / ${row.failed} | ${fixed(row.okPerSecond, 1)} | ${fixed(row.cpuMillisPerResponse, 1)} | ${mb(row.peakRssKb)}${capped} | ${mb(row.hwmKb)} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The issue's targets, each with its number and met / not met (undefined: not measured). The c=50
 * JSON ratios and the c=1 added time come from the paired rounds' medians when there are any.
 */
export function verdicts(text: TextRow[], paired: PairedRound[], images: ImageRow[], idleRssKb: number | undefined, burst: number): Verdict[] {
  const out: Verdict[] = [];
  const medians = paired.length > 0 ? pairedMedians(paired) : undefined;
  const pairedNote = medians ? ` (median of ${paired.length} paired rounds)` : '';
  const ratioVerdict = (target: string, name: string, mode: TextRow['mode'], min: number, pairedRatio: number | undefined): void => {
    const row = find(text, name, mode, 50);
    const ratio = pairedRatio ?? (row ? ratioToPortkey(text, row) : Number.NaN);
    const note = pairedRatio === undefined ? '' : pairedNote;
    out.push({ target: `${target} (${mode})`, value: Number.isFinite(ratio) ? `${ratio.toFixed(2)}x${note}` : 'n/a', met: Number.isFinite(ratio) ? ratio >= min : undefined });
  };
  for (const mode of ['JSON', 'SSE'] as const) {
    ratioVerdict('c=50 throughput, store: false ≥ 5x Portkey', TARGET_NAMES.storeFalse, mode, 5, mode === 'JSON' ? medians?.storeFalseRatio : undefined);
    ratioVerdict('c=50 throughput, store: true ≥ 3x Portkey', TARGET_NAMES.storeTrue, mode, 3, mode === 'JSON' ? medians?.storeTrueRatio : undefined);
  }
  const sequential = find(text, TARGET_NAMES.storeFalse, 'JSON', 1);
  const added = medians?.addedMillis ?? (sequential ? addedMillis(text, sequential) : Number.NaN);
  out.push({ target: 'c=1 added time, store: false ≤ 0.5 ms', value: `${fixed(added, 2)} ms${medians ? pairedNote : ''}`, met: Number.isFinite(added) ? added <= 0.5 : undefined });
  out.push({ target: 'RSS idle after start ≤ 150 MB', value: `${mb(idleRssKb)} MB`, met: idleRssKb === undefined ? undefined : idleRssKb <= 150 * 1024 });
  const burstRow = images.find((row) => row.target.startsWith('imagegate') && row.kind === 'burst' && row.failure === undefined);
  const burstPeak = burstRow ? Math.max(burstRow.peakRssKb ?? 0, burstRow.hwmKb ?? 0) : undefined;
  out.push({
    target: `${burst} concurrent streamed image responses < 1 GiB`,
    value: burstRow ? `${mb(burstPeak)} MB peak, ${burstRow.ok} ok / ${burstRow.failed} failed` : 'n/a',
    met: burstRow && burstPeak !== undefined ? burstPeak < 1024 * 1024 && burstRow.failed === 0 && burstRow.cappedAtKb === undefined : undefined,
  });
  const relay = images.find((row) => row.target.startsWith('imagegate') && row.kind === 'relay' && row.failure === undefined);
  out.push({
    target: 'server CPU per relayed 1024² image response ≤ 10 ms',
    value: `${fixed(relay?.cpuMillisPerResponse, 1)} ms`,
    met: relay && Number.isFinite(relay.cpuMillisPerResponse) ? relay.cpuMillisPerResponse <= 10 : undefined,
  });
  return out;
}

export function verdictList(list: Verdict[]): string {
  return list.map((verdict) => `- ${verdict.met === undefined ? '— not measured' : verdict.met ? '✅ met' : '❌ not met'}: ${verdict.target}: ${verdict.value}`).join('\n');
}

export function markdown(results: PeersResults): string {
  const { machine, settings } = results;
  return [
    '## Compared with Portkey',
    '',
    `Measured by \`npm run bench:peers\` on ${results.date}: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb.toFixed(0)} GB RAM, Node ${machine.node}, ${machine.os}; ` +
      `1-minute load average ${machine.loadAverageAtStart.toFixed(2)} at start, ${fixed(machine.loadAverageAtEnd, 2)} at the end (other work on the machine slows every row by an unknown amount). Everything on 127.0.0.1 in one run: a fake OpenAI upstream in its own process ` +
      `(replaying a recorded OpenAI Responses stream; Images API answering a ${settings.pngBytes === undefined ? '' : `${(settings.pngBytes / 1e6).toFixed(1)} MB `}1024×1024 PNG at once), ` +
      `Portkey's gateway from npm as a passthrough (\`x-portkey-provider: openai\` + \`x-portkey-custom-host\`), imagegate as \`npm start\` runs it. ` +
      `Text rows: autocannon, ${settings.warmupSeconds} s warm-up then ${settings.seconds} s per row; the client shares the machine's cores.`,
    '',
    textTable(results.text),
    '',
    `imagegate RSS right after start, before any request: ${mb(results.imagegateIdleRssKb)} MB.`,
    '',
    '**Image relay**: imagegate\'s tool loop (the upstream model calls the image tool once; the upstream Images API answers the PNG), beside Portkey relaying the same Images API call.',
    '',
    imageTable(results.images),
    ...(results.paired.length > 0
      ? ['', '**Paired rounds**: the rows the targets compare, run again back to back in each round (Portkey and imagegate at c=50, then the upstream alone and imagegate at c=1), each ratio taken within its round.', '', pairedTable(results.paired)]
      : []),
    '',
    '**Targets**',
    '',
    verdictList(results.verdicts),
    ...(results.notes.length ? ['', ...results.notes.map((note) => `- ${note}`)] : []),
  ].join('\n');
}
