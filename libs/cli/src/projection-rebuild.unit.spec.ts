import { UsageError } from './cli-args';
import { rebuildTargets } from './projection-rebuild';

describe('rebuildTargets', () => {
  it('given each projection name, when resolved, then the projection and how it is fed (store position or topic dedup marks)', () => {
    expect(rebuildTargets('blacklist').map((t) => [t.projection.name, t.feed])).toEqual([['blacklist', 'store']]);
    expect(rebuildTargets('transfer-ledger').map((t) => [t.projection.name, t.feed])).toEqual([['transfer-ledger', 'store']]);
    expect(rebuildTargets('ledger').map((t) => [t.projection.name, t.feed])).toEqual([['ledger', 'topic']]);
  });

  it('given the inbox, when resolved, then one consumer per department code, or the one asked for', () => {
    expect(rebuildTargets('inbox').map((t) => t.projection.name)).toEqual(['inbox-nhc', 'inbox-nhsa', 'inbox-mps', 'inbox-sta', 'inbox-samr', 'inbox-ccdi']);
    expect(rebuildTargets('inbox', 'samr').map((t) => t.projection.name)).toEqual(['inbox-samr']);
  });

  it('given an unknown name or department, when resolved, then a usage error naming it', () => {
    expect(() => rebuildTargets('ledgr')).toThrow(new UsageError('unknown projection "ledgr" (inbox, ledger, transfer-ledger, blacklist)'));
    expect(() => rebuildTargets('inbox', 'xyz')).toThrow(/--department must be a department code/);
    expect(() => rebuildTargets('blacklist', 'samr')).toThrow(/--department applies to the inbox only/);
  });
});
