import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createKey, querySqlite } from './support/accounting.ts';
import { serveProcess } from './support/serve-process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'imagegate-ledger-journal-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const serve = (configFile: string) => serveProcess(['--port', '0', '--data-dir', dataDir, '--config', configFile]);

interface Answer {
  id: string;
  imagegate: { cost: { total_usd: number } };
}

describe('the ledger journal across a SIGKILL', () => {
  it('every answered response is in the usage report after a restart, costs exact to the micro-dollar, nothing twice', async () => {
    const configFile = join(dataDir, 'imagegate.yaml');
    writeFileSync(configFile, `auth:\n  adminKey: ${ADMIN_KEY}\n`);
    const first = await serve(configFile);
    // No budgets: its rows are recorded directly, through the journal.
    const key = await createKey(first.url, 'journal');
    const answers: Answer[] = [];
    for (let index = 0; index < 12; index += 1) {
      const response = await fetch(`${first.url}/v1/responses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'simulator', input: `Say something ${'long '.repeat(index)}`, store: false }),
      });
      expect(response.status).toBe(200);
      answers.push((await response.json()) as Answer);
    }
    // Killed right after the answers: nothing is closed or folded on the way out.
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const expectedMicros = answers.reduce((sum, answer) => sum + Math.round(answer.imagegate.cost.total_usd * 1e6), 0);
    expect(expectedMicros).toBeGreaterThan(0);
    expect(readdirSync(dataDir).filter((name) => /\.ledger-\d+-\d+-[0-9a-f]+\.jsonl$/.test(name))).toHaveLength(1);
    // Its rows are in that dead process's journal (some may have been folded by its timer already).

    const second = await serve(configFile);
    try {
      const usage = (await (await fetch(`${second.url}/v1/usage`, { headers: { authorization: `Bearer ${key.secret}` } })).json()) as { totals: { cost_usd: number; entries: number } };
      expect(usage.totals.entries).toBe(12);
      expect(Math.round(usage.totals.cost_usd * 1e6)).toBe(expectedMicros);
      const ledger = querySqlite<{ n: number; responses: number; micros: number }>(
        dataDir,
        `select count(*) as n, count(distinct response_id) as responses, sum(cost_micros) as micros from usage_ledger where key_id = '${key.id}'`,
      );
      expect(ledger).toEqual({ n: 12, responses: 12, micros: expectedMicros });
      // The dead journal was replayed and removed; the new process has its own.
      expect(readdirSync(dataDir).filter((name) => name.includes('.ledger-'))).toHaveLength(1);
    } finally {
      await second.stop();
    }
    expect(readdirSync(dataDir).filter((name) => name.includes('.ledger-'))).toEqual([]);
  }, 60_000);
});
