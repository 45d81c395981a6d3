/**
 * Queues requests and commits them in groups: while one group is being committed, new
 * requests wait and then go together in the next one. A group's commit returns one outcome
 * per request (a result or an Error, which rejects only that request); if the commit itself
 * throws, every request of the group is rejected with that error.
 */
export class GroupWriter<Req, Res> {
  private queue: Array<{ req: Req; resolve: (r: Res) => void; reject: (e: unknown) => void }> = [];
  private running = false;

  constructor(
    private readonly commit: (group: Req[]) => Promise<Array<Res | Error>>,
    private readonly maxGroup = 256,
  ) {}

  submit(req: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, this.maxGroup);
        try {
          const outcomes = await this.commit(group.map((g) => g.req));
          group.forEach((g, i) => (outcomes[i] instanceof Error ? g.reject(outcomes[i]) : g.resolve(outcomes[i] as Res)));
        } catch (error) {
          group.forEach((g) => g.reject(error));
        }
      }
    } finally {
      this.running = false;
    }
  }
}
