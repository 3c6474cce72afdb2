import { describe, expect, it } from 'vitest';
import { createProgressDisplay } from './progress-display.ts';

function fakeStream(isTTY: boolean, columns = 80) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns, write: (text: string) => writes.push(text) > 0 } };
}

describe('createProgressDisplay', () => {
  it('on a terminal redraws one line in place with the elapsed time and clears it at the end', () => {
    const { writes, stream } = fakeStream(true);
    let now = 1_000;
    const display = createProgressDisplay(stream, () => now);
    display.update('generating image 1/2');
    now += 1_500;
    display.update('generating image 2/2');
    display.stop();
    expect(writes[0]).toMatch(/^\r\x1b\[2K. generating image 1\/2 0\.0s$/);
    expect(writes[1]).toMatch(/^\r\x1b\[2K. generating image 2\/2 1\.5s$/);
    expect(writes.at(-1)).toBe('\r\x1b[2K');
  });

  it('lifts the status line out of the way to print a line, then redraws it', () => {
    const { writes, stream } = fakeStream(true);
    const other = fakeStream(true);
    const display = createProgressDisplay(stream, () => 0);
    display.update('working');
    display.log('saved a.png', other.stream);
    display.stop();
    expect(writes.slice(1)).toEqual(['\r\x1b[2K', expect.stringContaining('working'), '\r\x1b[2K']);
    expect(other.writes).toEqual(['saved a.png\n']);
  });

  it('cuts the line to the terminal width so it never wraps', () => {
    const { writes, stream } = fakeStream(true, 30);
    const display = createProgressDisplay(stream, () => 0);
    display.update('x'.repeat(100));
    display.stop();
    expect(writes[0]!.replace('\r\x1b[2K', '').length).toBe(29);
  });

  it('draws nothing and writes no escape codes when not a terminal', () => {
    const { writes, stream } = fakeStream(false);
    const display = createProgressDisplay(stream, () => 0);
    display.update('working');
    display.log('saved a.png');
    display.stop();
    expect(writes).toEqual(['saved a.png\n']);
  });
});
