/** Where the CLI writes: stdout for results, so `--json` output pipes cleanly. */
export interface Output {
  line(text: string): void;
  json(value: unknown): void;
  /** One value on one line (JSON Lines), for results that arrive one by one. */
  jsonLine(value: unknown): void;
}

export const stdoutOutput: Output = {
  line: (text) => process.stdout.write(`${text}\n`),
  json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  jsonLine: (value) => process.stdout.write(`${JSON.stringify(value)}\n`),
};

/** Aligned columns for people. */
export function printTable(output: Output, headers: string[], rows: string[][]): void {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  output.line(format(headers));
  for (const row of rows) output.line(format(row));
}
