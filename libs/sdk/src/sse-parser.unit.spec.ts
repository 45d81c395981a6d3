import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('given a stream split at every character, when pushed, then the messages equal those of the whole text', () => {
    const text = 'retry: 1000\n\n: heartbeat\n\nid: 7\nevent: inbox\ndata: {"a":1}\n\nid: 9\r\nevent: cursor\r\ndata: x\r\ndata: y\r\n\r\n';
    const whole = new SseParser().push(text);
    const split = new SseParser();
    const pieces = [...text].flatMap((ch) => split.push(ch));
    expect(whole).toEqual([
      { event: 'inbox', data: '{"a":1}', id: '7' },
      { event: 'cursor', data: 'x\ny', id: '9' },
    ]);
    expect(pieces).toEqual(whole);
    expect(split.comments).toBe(1);
  });

  it('given a message not yet ended by a blank line, when pushed, then nothing is dispatched until it is', () => {
    const p = new SseParser();
    expect(p.push('id: 1\nevent: inbox\ndata: {}\n')).toEqual([]);
    expect(p.push('\n')).toEqual([{ event: 'inbox', data: '{}', id: '1' }]);
  });

  it('given a lone \\r line end across chunks, when pushed, then the following \\n does not make an extra blank line', () => {
    const p = new SseParser();
    expect(p.push('data: a\r')).toEqual([]);
    expect(p.push('\ndata: b\r\n\r\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('given fields without a space, unknown fields and a bad retry, when parsed, then only the known ones count', () => {
    expect(new SseParser().push('data:x\nfoo: bar\nretry: soon\nretry:5\n\n')).toEqual([{ event: 'message', data: 'x', retry: 5 }]);
  });
});
