import { DomainError } from '@cluebus/domain';
import { issueScanCommand, recordEach } from './scan-commands';

describe('the commands of a scheduled scan', () => {
  it('given candidates answered stored, replayed and refused, when each is issued, then each answer is counted and refusals by code', async () => {
    const answers: Array<() => Promise<{ replayed: boolean }>> = [
      async () => ({ replayed: false }),
      async () => ({ replayed: true }),
      async () => {
        throw new DomainError('TRANSFER_ALREADY_ANSWERED', 'answered meanwhile');
      },
      async () => ({ replayed: false }),
      async () => {
        throw new DomainError('TRANSFER_ALREADY_ANSWERED', 'answered meanwhile');
      },
    ];
    const result = await recordEach([0, 1, 2, 3, 4], (i) => answers[i]());
    expect(result).toEqual({ candidates: 5, recorded: 2, replayed: 1, refused: { TRANSFER_ALREADY_ANSWERED: 2 } });
  });

  it('given a fault that is no refusal, when issued, then it propagates and is not counted', async () => {
    const refused: Record<string, number> = {};
    await expect(issueScanCommand(refused, async () => Promise.reject(new Error('connection lost')))).rejects.toThrow('connection lost');
    expect(refused).toEqual({});
  });

  it('given no candidates, when the scan runs, then nothing is issued and all counts are zero', async () => {
    const issue = jest.fn();
    expect(await recordEach([], issue)).toEqual({ candidates: 0, recorded: 0, replayed: 0, refused: {} });
    expect(issue).not.toHaveBeenCalled();
  });
});
