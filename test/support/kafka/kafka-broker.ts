/**
 * What a test file uses to reach the run's Kafka broker (set up by kafka-global-setup.ts).
 *
 *   const kafka = new Kafka({ brokers: getKafkaBrokers(), ... });
 *   await restartKafka();   // fault tests: same address afterwards, data kept
 */
import * as http from 'node:http';

/** The broker list. Throws if no broker was set up: a Kafka test never passes without Kafka. */
export function getKafkaBrokers(): string[] {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0) {
    throw new Error(
      'No Kafka broker for this test. Add test/support/kafka/kafka-global-setup.ts (and ' +
        'kafka-global-teardown.ts) as globalSetup/globalTeardown of this jest project, ' +
        'or set KAFKA_BROKERS=host:port (see deploy/kafka/README.md).',
    );
  }
  return brokers;
}

/** external | docker | local, or undefined without the global setup. */
export function kafkaMode(): string | undefined {
  return process.env.CLUEBUS_KAFKA_MODE;
}

/**
 * Restarts the run's broker (SIGTERM, wait, start again on the same port and data) and resolves
 * once it serves metadata again. Works from any jest worker: the broker is owned by jest's parent
 * process, which does the restart when asked through CLUEBUS_KAFKA_CONTROL.
 * Other tests sharing the broker see the outage too: keep fault tests in their own file/topic.
 */
export async function restartKafka(timeoutMs = 180_000): Promise<void> {
  getKafkaBrokers();
  const url = process.env.CLUEBUS_KAFKA_CONTROL;
  if (!url) {
    throw new Error(
      `restartKafka(): this run's broker (mode ${kafkaMode() ?? 'unknown'}, KAFKA_BROKERS=${process.env.KAFKA_BROKERS}) ` +
        'was not started by the test run, so it cannot be restarted from here. Unset KAFKA_BROKERS to let the run start one.',
    );
  }
  const { status, body } = await post(`${url}/restart`, timeoutMs);
  if (status !== 200) throw new Error(`restartKafka() failed (HTTP ${status}): ${body}`);
}

function post(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from the Kafka control endpoint in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}
