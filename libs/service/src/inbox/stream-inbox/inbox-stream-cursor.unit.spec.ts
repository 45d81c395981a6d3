import { streamCursorOf } from './inbox-stream-cursor';

describe('streamCursorOf', () => {
  it.each<[string | undefined, string | undefined, unknown]>([
    [undefined, undefined, { after: 0 }],
    ['17', undefined, { after: 17 }],
    [undefined, '5', { after: 5 }],
    ['17', '5', { after: 17 }],
    ['', '5', { after: 5 }],
  ])('given Last-Event-ID %p and after %p, when read, then %p', (header, query, expected) => {
    expect(streamCursorOf(header, query)).toEqual(expected);
  });

  it.each<[string | undefined, string | undefined, string]>([
    ['abc', undefined, 'Last-Event-ID'],
    ['-1', undefined, 'Last-Event-ID'],
    [undefined, '1.5', 'after'],
    [undefined, '9999999999999999', 'after'],
  ])('given Last-Event-ID %p and after %p, when read, then it is refused naming %s', (header, query, field) => {
    expect(streamCursorOf(header, query)).toMatchObject({ field, message: expect.stringContaining(field) });
  });
});
