// The targets' ratios from rows measured side by side: each round runs Portkey and imagegate at
// c=50, then the upstream alone and imagegate at c=1, back to back, and each ratio is taken within
// its round. Rows minutes apart on a shared 2-core machine move ±20% with its load; rows seconds
// apart move together, so the median of the rounds' ratios is what the verdicts use.
import { type RowTiming, type Target, type TextRow, type TextRowSpec, measureTextRow } from './text-rows.ts';

export interface PairedTargets {
  upstream: Target;
  portkey: Target;
  storeFalse: Target;
  storeTrue: Target;
}

export interface PairedRound {
  /** imagegate `store: false` ÷ Portkey, c=50 JSON responses/s. */
  storeFalseRatio: number;
  /** imagegate `store: true` ÷ Portkey, c=50 JSON responses/s. */
  storeTrueRatio: number;
  /** imagegate `store: false` mean minus the upstream's, c=1 JSON, ms. */
  addedMillis: number;
  rows: TextRow[];
}

const json = (connections: number, store: boolean, model: string): TextRowSpec => ({ connections, stream: false, store, model });

export async function measurePairedRounds(
  targets: PairedTargets,
  model: string,
  rounds: number,
  timing: RowTiming,
  log: (message: string) => void,
  outOfTime: () => boolean,
): Promise<PairedRound[]> {
  const out: PairedRound[] = [];
  for (let round = 1; round <= rounds && !outOfTime(); round += 1) {
    log(`paired round ${round} of ${rounds}`);
    const measure = (target: Target, spec: TextRowSpec): Promise<TextRow> => measureTextRow(target, spec, timing, log);
    const portkey = await measure(targets.portkey, json(50, false, model));
    const storeFalse = await measure(targets.storeFalse, json(50, false, model));
    const storeTrue = await measure(targets.storeTrue, json(50, true, model));
    const upstream = await measure(targets.upstream, json(1, false, model));
    const sequential = await measure(targets.storeFalse, json(1, false, model));
    out.push({
      storeFalseRatio: storeFalse.okPerSecond / portkey.okPerSecond,
      storeTrueRatio: storeTrue.okPerSecond / portkey.okPerSecond,
      addedMillis: sequential.meanMillis - upstream.meanMillis,
      rows: [portkey, storeFalse, storeTrue, upstream, sequential],
    });
  }
  return out;
}

/** The middle value (the mean of the two middle ones for an even count); NaN when there is none or any is NaN. */
export function median(values: number[]): number {
  if (values.length === 0 || values.some((value) => !Number.isFinite(value))) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

export function pairedTable(rounds: PairedRound[]): string {
  const lines = [
    '| round | Portkey c=50 /s | store: false c=50 /s | ÷ Portkey | store: true c=50 /s | ÷ Portkey | upstream c=1 mean ms | store: false c=1 mean ms | added ms |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  rounds.forEach((round, index) => {
    const [portkey, storeFalse, storeTrue, upstream, sequential] = round.rows;
    lines.push(
      `| ${index + 1} | ${fixed(portkey?.okPerSecond ?? Number.NaN, 0)} | ${fixed(storeFalse?.okPerSecond ?? Number.NaN, 0)} | ${fixed(round.storeFalseRatio, 2)}x | ` +
        `${fixed(storeTrue?.okPerSecond ?? Number.NaN, 0)} | ${fixed(round.storeTrueRatio, 2)}x | ${fixed(upstream?.meanMillis ?? Number.NaN, 3)} | ` +
        `${fixed(sequential?.meanMillis ?? Number.NaN, 3)} | ${fixed(round.addedMillis, 2)} |`,
    );
  });
  const medians = pairedMedians(rounds);
  lines.push(`| median | | | ${fixed(medians.storeFalseRatio, 2)}x | | ${fixed(medians.storeTrueRatio, 2)}x | | | ${fixed(medians.addedMillis, 2)} |`);
  return lines.join('\n');
}

export function pairedMedians(rounds: PairedRound[]): { storeFalseRatio: number; storeTrueRatio: number; addedMillis: number } {
  return {
    storeFalseRatio: median(rounds.map((round) => round.storeFalseRatio)),
    storeTrueRatio: median(rounds.map((round) => round.storeTrueRatio)),
    addedMillis: median(rounds.map((round) => round.addedMillis)),
  };
}
