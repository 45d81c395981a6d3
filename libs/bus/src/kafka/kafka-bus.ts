import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import { type BatchHandler, type Bus, type BusMessage, type BusSubscription, type MessageHandler, Topics } from '../bus';
import { type KafkaBusLog, kafkajsLogCreator, silentKafkaLog } from './kafka-log';
import { messageSize, toKafkaMessage } from './kafka-message';
import { KafkaPublisher } from './kafka-publisher';
import { DEFAULT_KAFKA_SETTINGS, type KafkaSettings } from './kafka-settings';
import { type ConsumerSettings, DEFAULT_CONSUMER_SETTINGS, KafkaSubscription } from './kafka-subscription';
import { TopicNamespace } from './topic-namespace';

export interface KafkaBusOptions extends Partial<KafkaSettings> {
  brokers: string[];
  clientId: string;
  consumer?: Partial<ConsumerSettings>;
  log?: KafkaBusLog;
  /** Extra kafkajs client settings (ssl, sasl, timeouts). */
  client?: Partial<KafkaConfig>;
}

/**
 * The Bus port on Apache Kafka (kafkajs 2.2.4). Topics are created at start with the configured
 * partitions and replication factor (the brokers run with auto-create off); names are mapped
 * into an optional namespace. See KafkaPublisher (producing) and KafkaSubscription (consuming).
 */
export class KafkaBus implements Bus {
  readonly kafka: Kafka;
  readonly names: TopicNamespace;
  private readonly settings: KafkaSettings;
  private readonly consumerSettings: ConsumerSettings;
  private readonly log: KafkaBusLog;
  private readonly publisher: KafkaPublisher;
  private readonly subscriptions = new Set<KafkaSubscription>();

  constructor(options: KafkaBusOptions) {
    this.settings = {
      partitions: options.partitions ?? DEFAULT_KAFKA_SETTINGS.partitions,
      replicationFactor: options.replicationFactor ?? DEFAULT_KAFKA_SETTINGS.replicationFactor,
      namespace: options.namespace ?? DEFAULT_KAFKA_SETTINGS.namespace,
      sessionTimeoutMs: options.sessionTimeoutMs ?? DEFAULT_KAFKA_SETTINGS.sessionTimeoutMs,
      retentionMs: options.retentionMs ?? DEFAULT_KAFKA_SETTINGS.retentionMs,
      deadLetterRetentionMs: options.deadLetterRetentionMs ?? DEFAULT_KAFKA_SETTINGS.deadLetterRetentionMs,
    };
    this.consumerSettings = { ...DEFAULT_CONSUMER_SETTINGS, sessionTimeoutMs: this.settings.sessionTimeoutMs, ...options.consumer };
    this.log = options.log ?? silentKafkaLog;
    this.names = new TopicNamespace(this.settings.namespace);
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      logCreator: kafkajsLogCreator(this.log),
      retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 10 },
      ...options.client,
    });
    this.publisher = new KafkaPublisher(this.kafka, this.log);
  }

  /**
   * Creates the missing topics. Several services start at once and race to create the same
   * topics: "already exists" is success. An existing topic with fewer partitions than
   * configured is reported, never altered (adding partitions re-maps keys and breaks per-clue
   * order for messages in flight).
   */
  async ensureTopics(topics: string[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const wanted = [...new Set(topics)].map((t) => ({ logical: t, physical: this.names.topic(t) }));
      const existing = new Set(await admin.listTopics());
      const missing = wanted.filter((t) => !existing.has(t.physical));
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((t) => ({
            topic: t.physical,
            numPartitions: this.settings.partitions,
            replicationFactor: this.settings.replicationFactor,
            configEntries: [{ name: 'retention.ms', value: String(this.retentionOf(t.logical)) }],
          })),
        });
        this.log.info({ msg: 'kafka topics created', topics: missing.map((t) => t.physical), partitions: this.settings.partitions, replicationFactor: this.settings.replicationFactor, retentionMs: this.settings.retentionMs, deadLetterRetentionMs: this.settings.deadLetterRetentionMs });
      }
      const present = wanted.filter((t) => existing.has(t.physical));
      if (present.length > 0) {
        const meta = await admin.fetchTopicMetadata({ topics: present.map((t) => t.physical) });
        for (const t of meta.topics) {
          if (t.partitions.length < this.settings.partitions) {
            this.log.warn({ msg: 'kafka topic has fewer partitions than configured; left as is', topic: t.name, partitions: t.partitions.length, configured: this.settings.partitions });
          }
        }
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** Parked messages wait for a person to fix and replay them: the dead-letter topic has its own, longer retention. */
  private retentionOf(logical: string): number {
    return logical === Topics.deadLetter ? this.settings.deadLetterRetentionMs : this.settings.retentionMs;
  }

  publish(topic: string, messages: BusMessage[]): Promise<void> {
    const bytes = messages.reduce((sum, m) => sum + messageSize(m), 0);
    return this.publisher.publish(this.names.topic(topic), messages.map(toKafkaMessage), bytes);
  }

  /** One message at a time: each offset is resolved after its own handler (a failure re-delivers from there). */
  subscribe(topic: string, groupId: string, handler: MessageHandler): Promise<BusSubscription> {
    return this.start(topic, groupId, async ([m]) => handler(m), 1);
  }

  subscribeBatches(topic: string, groupId: string, handler: BatchHandler): Promise<BusSubscription> {
    return this.start(topic, groupId, handler, this.consumerSettings.maxBatchMessages);
  }

  private async start(topic: string, groupId: string, handler: BatchHandler, maxBatchMessages: number): Promise<BusSubscription> {
    const settings = { ...this.consumerSettings, maxBatchMessages };
    const subscription = new KafkaSubscription(this.kafka, this.names.topic(topic), this.names.group(groupId), topic, handler, settings, this.log);
    this.subscriptions.add(subscription);
    try {
      await subscription.start();
    } catch (error) {
      this.subscriptions.delete(subscription);
      await subscription.stop();
      throw error;
    }
    return {
      lag: () => subscription.lag(),
      stop: async () => {
        this.subscriptions.delete(subscription);
        await subscription.stop();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
    await this.publisher.close();
  }
}
