/**
 * Secure mode of the local broker (startKafka({ security: true })): a SASL_SSL client listener
 * with SCRAM-SHA-512 users, TLS from a keystore made on the fly with Java's keytool, the KRaft
 * StandardAuthorizer with allow.everyone.if.no.acl.found=false, and cluebus's ACL table.
 *
 * Self-contained on purpose (kafkajs and Node only): run-kafka.ts runs under plain ts-node,
 * without the @cluebus path aliases. test/support/kafka/kafka-acls.unit.spec.ts checks the
 * names below against @cluebus/contracts and @cluebus/bus, and the table against README.md.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from './run-command';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, type AclEntry, type Admin, ResourcePatternTypes } from 'kafkajs';

/** The department codes (libs/contracts DEPARTMENT_CODES): one principal each. */
export const DEPARTMENT_PRINCIPALS = ['nhc', 'nhsa', 'mps', 'sta', 'samr', 'ccdi'] as const;
/** Super user: ACL administration and the inter-broker listener. Never used by a cluebus service. */
export const SUPER_USER = 'admin';
/** The read side; it runs the relay, so it writes every topic and creates them. */
export const LEDGER_PRINCIPAL = 'ledger';
/** The broker's own certificate subject: its principal on the mutual-TLS controller listener. */
export const BROKER_CERT_PRINCIPAL = 'User:CN=cluebus-broker';
export const SCRAM_MECHANISM = 'SCRAM-SHA-512';

export interface KafkaSecurityOptions {
  /** Password per user; users of the default set without one get a random password. */
  passwords?: Record<string, string>;
  /** CLUEBUS_KAFKA_NAMESPACE the ACLs cover (topic and group names get `<namespace>.`). Default none. */
  namespace?: string;
  /** Departments whose process also runs the relay (CLUEBUS_RELAY=true): they may write every topic too. */
  relayDepartments?: string[];
  /** Apply the ACL table after the first start. Default true; false leaves only the super user able to do anything. */
  applyAcls?: boolean;
}

export interface KafkaSecurity {
  /** PEM of the broker's (self-signed) certificate: the CA clients trust. */
  readonly caPem: string;
  readonly caFile: string;
  /** Every SCRAM user and its password, the super user included. */
  readonly passwords: Readonly<Record<string, string>>;
  readonly acls: readonly AclRow[];
  /** The bus's settings to connect as `user` (libs/bus/src/kafka/kafka-settings.ts). */
  env(user: string, password?: string): Record<string, string>;
  /** kafkajs client options to connect as `user`. */
  client(user: string, password?: string): { ssl: { ca: string[] }; sasl: { mechanism: 'scram-sha-512'; username: string; password: string } };
}

// ---------------------------------------------------------------------------------------------
// The ACL table

export type AclResource = 'TOPIC' | 'GROUP' | 'CLUSTER';
export type AclPattern = 'LITERAL' | 'PREFIXED';
export type AclOperation = 'READ' | 'WRITE' | 'CREATE' | 'DESCRIBE' | 'DELETE' | 'IDEMPOTENT_WRITE';
export interface AclRow {
  principal: string;
  resource: AclResource;
  pattern: AclPattern;
  name: string;
  operations: AclOperation[];
}

/**
 * Who may do what (ALLOW only; everything else is denied). Why each row:
 * - DESCRIBE on `cluebus.*`: every service runs ensureTopics at start; it lists the topics and
 *   creates the missing ones, so a topic it cannot see it would try (and fail) to create.
 * - a department READs only its own topic and its own groups (`cluebus-inbox-<code>`), and
 *   WRITEs only the dead-letter topic (the consumer parks poison messages there).
 * - the ledger principal reads cluebus.events, and because it runs the relay it WRITEs every
 *   topic and CREATEs them; `cluebus dlq list|replay` runs as it too (READ cluebus.dlq with a
 *   throwaway `cluebus-dlq-reader-*` group, deleted after, and WRITE back to the original topic).
 * - IDEMPOTENT_WRITE on the cluster for every writer: the bus's producer is idempotent.
 */
export function cluebusAcls(namespace = '', relayDepartments: readonly string[] = []): AclRow[] {
  const p = namespace ? `${namespace}.` : '';
  const user = (name: string) => `User:${name}`;
  const rows: AclRow[] = [];
  for (const code of DEPARTMENT_PRINCIPALS) {
    const who = user(code);
    rows.push(
      { principal: who, resource: 'TOPIC', pattern: 'PREFIXED', name: `${p}cluebus.`, operations: relayDepartments.includes(code) ? ['DESCRIBE', 'WRITE'] : ['DESCRIBE'] },
      { principal: who, resource: 'TOPIC', pattern: 'LITERAL', name: `${p}cluebus.dept.${code}`, operations: ['READ'] },
      { principal: who, resource: 'GROUP', pattern: 'PREFIXED', name: `${p}cluebus-inbox-${code}`, operations: ['READ'] },
      { principal: who, resource: 'TOPIC', pattern: 'LITERAL', name: `${p}cluebus.dlq`, operations: ['WRITE'] },
      { principal: who, resource: 'CLUSTER', pattern: 'LITERAL', name: 'kafka-cluster', operations: ['IDEMPOTENT_WRITE'] },
    );
  }
  const ledger = user(LEDGER_PRINCIPAL);
  rows.push(
    { principal: ledger, resource: 'TOPIC', pattern: 'PREFIXED', name: `${p}cluebus.`, operations: ['DESCRIBE', 'WRITE', 'CREATE'] },
    { principal: ledger, resource: 'TOPIC', pattern: 'LITERAL', name: `${p}cluebus.events`, operations: ['READ'] },
    { principal: ledger, resource: 'GROUP', pattern: 'PREFIXED', name: `${p}cluebus-ledger`, operations: ['READ'] },
    { principal: ledger, resource: 'TOPIC', pattern: 'LITERAL', name: `${p}cluebus.dlq`, operations: ['READ'] },
    { principal: ledger, resource: 'GROUP', pattern: 'PREFIXED', name: `${p}cluebus-dlq-reader-`, operations: ['READ', 'DELETE'] },
    { principal: ledger, resource: 'CLUSTER', pattern: 'LITERAL', name: 'kafka-cluster', operations: ['IDEMPOTENT_WRITE'] },
  );
  return rows;
}

export function toKafkajsAcls(rows: readonly AclRow[]): AclEntry[] {
  return rows.flatMap((r) =>
    r.operations.map((op) => ({
      principal: r.principal,
      host: '*',
      resourceType: AclResourceTypes[r.resource],
      resourceName: r.name,
      resourcePatternType: ResourcePatternTypes[r.pattern],
      operation: AclOperationTypes[op],
      permissionType: AclPermissionTypes.ALLOW,
    })),
  );
}

/**
 * Creates the ACLs (as the super user) and waits until this broker's authorizer serves them:
 * in KRaft an ACL is a metadata record, applied by the broker a moment after the controller
 * accepted it, and a client that came in between would be refused.
 */
export async function applyAcls(admin: Admin, rows: readonly AclRow[], timeoutMs = 30_000): Promise<void> {
  const entries = toKafkajsAcls(rows);
  await admin.createAcls({ acl: entries });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const described = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    const count = described.resources.reduce((n, r) => n + r.acls.length, 0);
    if (count >= entries.length) return;
    if (Date.now() > deadline) throw new Error(`the broker serves ${count} of ${entries.length} ACLs after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---------------------------------------------------------------------------------------------
// Users, TLS material, broker properties

/** Restricted so a password needs no quoting in `--add-scram` nor in a JAAS line. */
const SAFE_PASSWORD = /^[A-Za-z0-9._~+-]{1,200}$/;

export function securityUsers(options: KafkaSecurityOptions): Record<string, string> {
  const passwords: Record<string, string> = {};
  for (const name of [SUPER_USER, LEDGER_PRINCIPAL, ...DEPARTMENT_PRINCIPALS, ...Object.keys(options.passwords ?? {})]) {
    const pw = options.passwords?.[name] ?? randomBytes(18).toString('base64url');
    if (!/^[a-z0-9_-]{1,64}$/.test(name)) throw new Error(`SCRAM user name "${name}" must match [a-z0-9_-]{1,64}`);
    if (!SAFE_PASSWORD.test(pw)) throw new Error(`password of SCRAM user ${name} may only hold A-Z a-z 0-9 . _ ~ + - (1-200 characters)`);
    passwords[name] = pw;
  }
  return passwords;
}

/** `kafka-storage format` arguments that store the users' SCRAM credentials in the metadata log. */
export function addScramArgs(passwords: Record<string, string>): string[] {
  return Object.entries(passwords).flatMap(([name, pw]) => ['--add-scram', `${SCRAM_MECHANISM}=[name=${name},password=${pw}]`]);
}

export interface TlsMaterial {
  keystore: string;
  truststore: string;
  storePassword: string;
  caFile: string;
  caPem: string;
}

/**
 * A self-signed EC key pair for CN=cluebus-broker (SAN localhost and 127.0.0.1, so clients
 * verify the host name), in a PKCS12 keystore; its certificate, exported as PEM, is what
 * clients trust and goes into a PKCS12 truststore for the broker's own controller connection.
 * keytool only: no openssl on these machines.
 */
export async function makeTlsMaterial(dir: string, validityDays = 30): Promise<TlsMaterial> {
  fs.mkdirSync(dir, { recursive: true });
  const keytool = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'keytool') : 'keytool';
  const storePassword = randomBytes(12).toString('hex');
  const keystore = path.join(dir, 'broker.p12');
  const truststore = path.join(dir, 'truststore.p12');
  const caFile = path.join(dir, 'ca.pem');
  const steps = [
    ['-genkeypair', '-alias', 'broker', '-keyalg', 'EC', '-groupname', 'secp256r1', '-validity', String(validityDays), '-dname', 'CN=cluebus-broker',
      '-ext', 'SAN=dns:localhost,ip:127.0.0.1', '-keystore', keystore, '-storetype', 'PKCS12', '-storepass', storePassword, '-keypass', storePassword],
    ['-exportcert', '-rfc', '-alias', 'broker', '-keystore', keystore, '-storetype', 'PKCS12', '-storepass', storePassword, '-file', caFile],
    ['-importcert', '-noprompt', '-alias', 'cluebus-broker', '-file', caFile, '-keystore', truststore, '-storetype', 'PKCS12', '-storepass', storePassword],
  ];
  for (const args of steps) {
    const res = await run(keytool, ['-J-XX:TieredStopAtLevel=1', ...args], dir);
    if (res.code !== 0) throw new Error(`keytool ${args[0]} failed (exit ${res.code}):\n${res.output.trim()}`);
  }
  return { keystore, truststore, storePassword, caFile, caPem: fs.readFileSync(caFile, 'utf8') };
}

/**
 * server.properties of the secure node: clients on SASL_SSL (SCRAM-SHA-512); the KRaft
 * controller listener on mutual TLS (SCRAM cannot serve it: the credentials live in the
 * metadata the controller itself serves), whose client is the broker with its own certificate.
 */
export function secureProperties(port: number, controllerPort: number, tls: TlsMaterial, adminPassword: string): Record<string, string> {
  return {
    listeners: `SASL_SSL://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `SASL_SSL://127.0.0.1:${port}`,
    'inter.broker.listener.name': 'SASL_SSL',
    'listener.security.protocol.map': 'SASL_SSL:SASL_SSL,CONTROLLER:SSL',
    'sasl.enabled.mechanisms': SCRAM_MECHANISM,
    'sasl.mechanism.inter.broker.protocol': SCRAM_MECHANISM,
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username="${SUPER_USER}" password="${adminPassword}";`,
    'listener.name.controller.ssl.client.auth': 'required',
    'ssl.keystore.type': 'PKCS12',
    'ssl.keystore.location': tls.keystore,
    'ssl.keystore.password': tls.storePassword,
    'ssl.key.password': tls.storePassword,
    'ssl.truststore.type': 'PKCS12',
    'ssl.truststore.location': tls.truststore,
    'ssl.truststore.password': tls.storePassword,
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found': 'false',
    'super.users': `User:${SUPER_USER};${BROKER_CERT_PRINCIPAL}`,
  };
}

export function kafkaSecurity(tls: TlsMaterial, passwords: Record<string, string>, acls: AclRow[]): KafkaSecurity {
  const pw = (user: string, given?: string) => {
    const found = given ?? passwords[user];
    if (found === undefined) throw new Error(`no SCRAM user ${user} on this broker (users: ${Object.keys(passwords).join(', ')})`);
    return found;
  };
  return {
    caPem: tls.caPem,
    caFile: tls.caFile,
    passwords,
    acls,
    env: (user, password) => ({
      CLUEBUS_KAFKA_SSL: 'true',
      CLUEBUS_KAFKA_SSL_CA_FILE: tls.caFile,
      CLUEBUS_KAFKA_SASL_MECHANISM: 'scram-sha-512',
      CLUEBUS_KAFKA_SASL_USERNAME: user,
      CLUEBUS_KAFKA_SASL_PASSWORD: pw(user, password),
    }),
    client: (user, password) => ({ ssl: { ca: [tls.caPem] }, sasl: { mechanism: 'scram-sha-512', username: user, password: pw(user, password) } }),
  };
}

