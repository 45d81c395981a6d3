import { progressOn } from './progress';

const stream = (isTTY: boolean) => {
  const written: string[] = [];
  const s = { isTTY, columns: 80, write: (chunk: string) => (written.push(String(chunk)), true), cursorTo: () => true, clearLine: () => true, moveCursor: () => true, on: () => s, removeListener: () => s };
  return { s: s as unknown as NodeJS.WriteStream, written };
};

describe('progressOn', () => {
  it('given stderr is not a terminal, when long work reports, then nothing is written (logs and pipes stay clean)', () => {
    // given
    const { s, written } = stream(false);
    // when
    const p = progressOn(s);
    p.start(10, 'verify');
    p.update(5);
    p.stop();
    // then
    expect(written).toEqual([]);
  });

  it('given a terminal, when long work reports, then a bar with the label and counts is drawn', () => {
    const { s, written } = stream(true);
    const p = progressOn(s);
    p.start(10, 'verify');
    p.update(5);
    p.stop();
    expect(written.join('')).toMatch(/verify \[.*\] \d+% \| \d+\/10/);
  });
});
