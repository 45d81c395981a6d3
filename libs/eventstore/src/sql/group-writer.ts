/**
 * Queues requests and commits them in groups: while one group is being committed, new
 * requests wait and then go together in the next one (appends, access-log rows; reads too,
 * where one statement answers many lookups). A group's commit returns one outcome
 * per request (a result or an Error, which rejects only that request); if the commit itself
 * throws, each request is committed again on its own, so only the one at fault fails.
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

  private async commitAlone(g: { req: Req; resolve: (r: Res) => void; reject: (e: unknown) => void }): Promise<void> {
    try {
      const [outcome] = await this.commit([g.req]);
      if (outcome instanceof Error) g.reject(outcome);
      else g.resolve(outcome as Res);
    } catch (error) {
      g.reject(error);
    }
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
          if (group.length === 1) group[0].reject(error);
          // One request the database refused (bad data) aborted the shared transaction; it
          // rolled back, so commit each alone: only the culprit fails.
          else for (const g of group) await this.commitAlone(g);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
