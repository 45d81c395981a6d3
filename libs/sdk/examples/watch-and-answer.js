// @ts-check
/**
 * A department system follows its inbox and answers each transfer: 签收, 立案调查, 核查结论, 处置, 反馈.
 *
 *   CLUEBUS_URL=http://localhost:3000 CLUEBUS_KEY=dev-samr node watch-and-answer.js [count]
 *
 * Stops after answering `count` transfers (default: runs until Ctrl-C). Resumes where it left
 * off when WATCH_AFTER is the last `position` it printed; every answer's Idempotency-Key comes
 * from the item's event id, so answering an item again after a crash stores nothing twice.
 * Prints one JSON line per answered transfer.
 */
'use strict';
const { CluebusClient } = require('@cluebus/sdk');

async function main() {
  const count = process.argv[2] ? Number(process.argv[2]) : Infinity;
  const client = new CluebusClient({
    baseUrl: process.env.CLUEBUS_URL ?? 'http://localhost:3000',
    apiKey: process.env.CLUEBUS_KEY ?? 'dev-samr',
    actor: process.env.CLUEBUS_ACTOR ?? '市场监管-核查员',
  });
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  let answered = 0;
  for await (const item of client.inbox.watch({ after: Number(process.env.WATCH_AFTER ?? 0), signal: stop.signal })) {
    if (item.kind !== 'transfer' || !item.clueId || !item.transferId) continue;
    const { clueId, transferId } = item;
    const key = (step) => ({ idempotencyKey: `${item.eventId}-${step}` });
    await client.clues.acknowledge(clueId, transferId, key('ack'));
    await client.clues.openInvestigation(clueId, { basis: '《反不正当竞争法》第七条' }, key('open'));
    const finding = await client.clues.recordFinding(clueId, { result: 'substantiated', summary: '经核查，回扣属实' }, key('finding'));
    await client.clues.decideDisposition(clueId, { measures: [{ kind: 'administrative-penalty', detail: '没收违法所得并罚款', basis: '《反不正当竞争法》第十九条' }] }, key('disposition'));
    await client.clues.sendFeedback(clueId, { summary: '经核查属实，已行政处罚' }, key('feedback'));
    const findingEventId = finding.events.find((e) => e.type === 'FindingRecorded')?.eventId;
    console.log(JSON.stringify({ position: item.position, clueId, transferId, from: item.from, findingEventId }));
    if (++answered >= count) stop.abort();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
