/** Kafka's legal topic characters; a namespace must keep every topic name legal. */
const LEGAL = /^[a-zA-Z0-9._-]*$/;

/**
 * Maps the bus's logical topic and group names onto one Kafka cluster shared by several
 * deployments (environments, test runs): `<namespace>.cluebus.dept.samr`. The empty namespace
 * maps names to themselves. Handlers and dead letters only ever see logical names, so a
 * parked message can be replayed into any namespace.
 */
export class TopicNamespace {
  private readonly prefix: string;

  constructor(readonly namespace = '') {
    if (!LEGAL.test(namespace) || namespace.length > 100) {
      throw new RangeError(`Kafka namespace "${namespace}" may only hold a-z A-Z 0-9 . _ - (at most 100 characters)`);
    }
    this.prefix = namespace ? `${namespace}.` : '';
  }

  topic(logical: string): string {
    return this.prefix + logical;
  }

  group(logical: string): string {
    return this.prefix + logical;
  }

  /** The logical name of a physical topic of this namespace. */
  logical(physical: string): string {
    if (!physical.startsWith(this.prefix)) throw new RangeError(`topic ${physical} is not in namespace "${this.namespace}"`);
    return physical.slice(this.prefix.length);
  }
}
