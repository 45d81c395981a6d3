import { ReadAhead } from './read-ahead';

/** A reader of pages 1..last that records when each read starts. */
function pages(last: number) {
  const started: number[] = [];
  const next = async (previous: number | undefined) => {
    const page = (previous ?? 0) + 1;
    if (page > last) return undefined;
    started.push(page);
    await new Promise(setImmediate);
    return page;
  };
  return { started, next };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise(setImmediate);
};

describe('ReadAhead', () => {
  it('given pages 1..5, when they are taken, then they come in order and then undefined', async () => {
    const { next } = pages(5);
    const ahead = new ReadAhead(next, 2);
    const taken: Array<number | undefined> = [];
    for (let i = 0; i < 6; i++) taken.push(await ahead.take());
    expect(taken).toEqual([1, 2, 3, 4, 5, undefined]);
  });

  it('given depth 0, when the consumer holds a page, then the next is not read until it asks again', async () => {
    const { started, next } = pages(5);
    const ahead = new ReadAhead(next, 0);
    expect(await ahead.take()).toBe(1);
    await settle();
    expect(started).toEqual([1]);
    expect(await ahead.take()).toBe(2);
    await settle();
    expect(started).toEqual([1, 2]);
  });

  it('given depth 2, when the consumer holds a page, then two more are read meanwhile and no further', async () => {
    const { started, next } = pages(10);
    const ahead = new ReadAhead(next, 2);
    expect(await ahead.take()).toBe(1);
    await settle();
    expect(started).toEqual([1, 2, 3]);
    expect(ahead.queued()).toEqual([2, 3]);
  });

  it('given a read that fails, when the pages before it are taken, then they come first and the error after them', async () => {
    const ahead = new ReadAhead<number>(async (previous) => {
      if (previous === 2) throw new Error('connection lost');
      return (previous ?? 0) + 1;
    }, 3);
    expect(await ahead.take()).toBe(1);
    expect(await ahead.take()).toBe(2);
    await expect(ahead.take()).rejects.toThrow('connection lost');
  });

  it('given close, when reads were pending, then no further page is read', async () => {
    const { started, next } = pages(100);
    const ahead = new ReadAhead(next, 1);
    expect(await ahead.take()).toBe(1);
    ahead.close();
    await settle();
    expect(started.length).toBeLessThanOrEqual(2);
  });
});
