import { TopicNamespace } from './topic-namespace';

describe('TopicNamespace', () => {
  it('given no namespace, when mapping, then names stay as they are', () => {
    const ns = new TopicNamespace();
    expect(ns.topic('cluebus.dept.samr')).toBe('cluebus.dept.samr');
    expect(ns.group('cluebus-inbox-samr')).toBe('cluebus-inbox-samr');
  });

  it('given a namespace, when mapping there and back, then physical names are prefixed and logical names restored', () => {
    const ns = new TopicNamespace('staging');
    expect(ns.topic('cluebus.events')).toBe('staging.cluebus.events');
    expect(ns.group('cluebus-ledger')).toBe('staging.cluebus-ledger');
    expect(ns.logical('staging.cluebus.events')).toBe('cluebus.events');
    expect(() => ns.logical('prod.cluebus.events')).toThrow(RangeError);
  });

  it('given characters Kafka refuses in topic names, when constructing, then it throws', () => {
    expect(() => new TopicNamespace('a b')).toThrow(RangeError);
    expect(() => new TopicNamespace('租户')).toThrow(RangeError);
  });
});
