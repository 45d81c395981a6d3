/**
 * Runs a local single-node Kafka broker until Ctrl-C, for the multi-process setup by hand:
 *
 *   npx ts-node deploy/kafka/run-kafka.ts [--port 9092] [--partitions 3] [--auto-create] [--secure [--namespace <ns>]]
 *   -> KAFKA_BROKERS=127.0.0.1:<port>
 *
 * --secure: SASL_SSL + SCRAM-SHA-512 + ACLs (kafka-security.ts); the CA file and every user's
 * CLUEBUS_KAFKA_* settings go to stderr (a throwaway dev broker: its passwords are random).
 *
 * The data dir is temporary: every run starts with an empty broker.
 */
import { startKafka } from './kafka-runner';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const port = flag('port');
  const partitions = flag('partitions');
  let stopping = false;
  const kafka = await startKafka({
    port: port ? Number(port) : undefined,
    numPartitions: partitions ? Number(partitions) : undefined,
    autoCreateTopics: process.argv.includes('--auto-create'),
    security: process.argv.includes('--secure') ? { namespace: flag('namespace') } : undefined,
    log: (m) => console.error(`[kafka] ${m}`),
    onUnexpectedExit: (code, signal) => {
      if (stopping) return; // Ctrl-C reaches the JVM too (same process group)
      console.error(`[kafka] broker exited unexpectedly (code ${code}, signal ${signal}); see ${kafka.logFile}`);
      process.exit(1);
    },
  });
  console.error(`[kafka] data dir ${kafka.dataDir}, log ${kafka.logFile}`);
  if (kafka.security) {
    console.error(`[kafka] SASL_SSL, SCRAM-SHA-512, ACLs on; CA ${kafka.security.caFile}; connect as:`);
    for (const user of Object.keys(kafka.security.passwords)) {
      const env = Object.entries(kafka.security.env(user)).map(([k, v]) => `${k}=${v}`).join(' ');
      console.error(`[kafka]   ${user}: ${env}`);
    }
  }
  console.log(`KAFKA_BROKERS=${kafka.brokers.join(',')}`); // stdout: the one machine-readable line

  const shutdown = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`[kafka] ${sig}: stopping`);
    await kafka.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  setInterval(() => {}, 1 << 30); // the broker child is unref'd; keep this process alive
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
