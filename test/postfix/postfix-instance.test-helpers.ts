/**
 * A private Postfix instance for interoperability tests: its own config_directory,
 * queue_directory and data_directory in a temp dir, smtpd listeners on 127.0.0.1 high ports
 * (one per case, each with its own `-o` overrides), mail for a test domain delivered by
 * virtual(8) into Maildirs the test reads back, Cyrus SASL with a sasldb file (no saslauthd).
 * Nothing of the system's Postfix configuration is read or touched (except the daemon
 * binaries). Needs root (master runs as root, daemons as mail_owner `postfix`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The test mail domain. */
export const POSTFIX_DOMAIN = 'herald.test';
/** The instance's host name (SASL realm too). */
export const POSTFIX_HOSTNAME = 'mail.herald.test';
/** How long start and delivery may take, in ms. */
export const POSTFIX_START_TIMEOUT_MS = 20_000;
/** How long a delivered message may take to reach the Maildir, in ms. */
export const POSTFIX_DELIVERY_TIMEOUT_MS = 15_000;

/** Why Postfix cannot run here, or null when it can (binaries, user, root). */
export function postfixUnavailableReason(): string | null {
  if (!fs.existsSync('/usr/sbin/postfix') || !fs.existsSync('/usr/lib/postfix/sbin/master')) return 'Postfix is not installed (apt-get install postfix)';
  if (!fs.existsSync('/usr/sbin/saslpasswd2')) return 'saslpasswd2 is not installed (apt-get install sasl2-bin)';
  if (process.getuid?.() !== 0) return 'the Postfix master must be started as root';
  if (spawnSync('id', ['postfix']).status !== 0) return 'the mail_owner user "postfix" does not exist';
  return null;
}

/** What the instance needs. */
export interface PostfixOptions {
  /** Listener name → smtpd `-o` overrides. */
  listeners: Record<string, Record<string, string>>;
  /** Server certificate, key and the CA that verifies client certificates (PEM). */
  tls: { cert: string; key: string; ca: string };
  /** Local parts that get a Maildir at `<local>@herald.test`. */
  mailboxes: string[];
  /** SASL users (realm = POSTFIX_HOSTNAME). */
  saslUsers?: Array<{ user: string; password: string }>;
}

/** A running instance. */
export interface PostfixInstance {
  dir: string;
  /** Listener name → port on 127.0.0.1. */
  ports: Record<string, number>;
  /** Waits for a message containing `marker` in a mailbox and returns it. */
  waitForMail(localPart: string, marker: string): Promise<string>;
  /** The instance's log (maillog_file). */
  log(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, deadline: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`Postfix did not listen on 127.0.0.1:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** master.cf: every service unchrooted (no copies of /etc in the queue dir). */
function masterCf(ports: Record<string, number>, listeners: PostfixOptions['listeners']): string {
  const services = [
    'pickup    unix  n       -       n       60      1       pickup',
    'cleanup   unix  n       -       n       -       0       cleanup',
    'qmgr      unix  n       -       n       300     1       qmgr',
    'tlsmgr    unix  -       -       n       1000?   1       tlsmgr',
    'rewrite   unix  -       -       n       -       -       trivial-rewrite',
    'bounce    unix  -       -       n       -       0       bounce',
    'defer     unix  -       -       n       -       0       bounce',
    'trace     unix  -       -       n       -       0       bounce',
    'verify    unix  -       -       n       -       1       verify',
    'flush     unix  n       -       n       1000?   0       flush',
    'proxymap  unix  -       -       n       -       -       proxymap',
    'proxywrite unix -       -       n       -       1       proxymap',
    'smtp      unix  -       -       n       -       -       smtp',
    'relay     unix  -       -       n       -       -       smtp',
    'showq     unix  n       -       n       -       -       showq',
    'error     unix  -       -       n       -       -       error',
    'retry     unix  -       -       n       -       -       error',
    'discard   unix  -       -       n       -       -       discard',
    'local     unix  -       n       n       -       -       local',
    'virtual   unix  -       n       n       -       -       virtual',
    'anvil     unix  -       -       n       -       1       anvil',
    'scache    unix  -       -       n       -       1       scache',
    'postlog   unix-dgram n  -       n       -       1       postlogd',
  ];
  for (const [name, overrides] of Object.entries(listeners)) {
    services.push(`127.0.0.1:${ports[name]} inet n - n - - smtpd`);
    services.push(`  -o syslog_name=postfix-herald/${name}`);
    for (const [key, value] of Object.entries(overrides)) services.push(`  -o ${key}=${value}`);
  }
  return `${services.join('\n')}\n`;
}

/** Starts the instance; throws with Postfix's own words when it cannot. */
export async function startPostfix(options: PostfixOptions): Promise<PostfixInstance> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-postfix-'));
  fs.chmodSync(dir, 0o755);
  const etc = path.join(dir, 'etc');
  const spool = path.join(dir, 'spool');
  const data = path.join(dir, 'data');
  const mail = path.join(dir, 'mail');
  // Debian's smtpd looks for $config_directory/sasl/smtpd.conf whatever cyrus_sasl_config_path says.
  const sasl = path.join(etc, 'sasl');
  for (const d of [etc, spool, data, mail, sasl]) fs.mkdirSync(d, { mode: 0o755 });
  const uid = Number(execFileSync('id', ['-u', 'postfix']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postfix']).toString().trim());
  fs.chownSync(data, uid, gid);
  fs.chownSync(mail, uid, gid);

  fs.writeFileSync(path.join(etc, 'server.crt'), options.tls.cert, { mode: 0o644 });
  fs.writeFileSync(path.join(etc, 'server.key'), options.tls.key, { mode: 0o600 });
  fs.writeFileSync(path.join(etc, 'ca.crt'), options.tls.ca, { mode: 0o644 });
  fs.writeFileSync(path.join(etc, 'vmailbox'), options.mailboxes.map((m) => `${m}@${POSTFIX_DOMAIN} ${m}/\n`).join(''));

  const sasldb = path.join(sasl, 'sasldb2');
  fs.writeFileSync(
    path.join(sasl, 'smtpd.conf'),
    `pwcheck_method: auxprop\nauxprop_plugin: sasldb\nmech_list: PLAIN LOGIN CRAM-MD5\nsasldb_path: ${sasldb}\n`,
  );
  for (const { user, password } of options.saslUsers ?? []) {
    execFileSync('saslpasswd2', ['-f', sasldb, '-p', '-c', '-u', POSTFIX_HOSTNAME, user], { input: password });
  }
  if (fs.existsSync(sasldb)) {
    fs.chownSync(sasldb, uid, gid);
    fs.chmodSync(sasldb, 0o640);
  }

  const ports: Record<string, number> = {};
  for (const name of Object.keys(options.listeners)) ports[name] = await freePort();
  const logFile = path.join(dir, 'maillog');
  const mainCf = {
    compatibility_level: '3.6',
    config_directory: etc,
    queue_directory: spool,
    data_directory: data,
    mail_owner: 'postfix',
    setgid_group: 'postdrop',
    myhostname: POSTFIX_HOSTNAME,
    mydomain: POSTFIX_DOMAIN,
    myorigin: POSTFIX_HOSTNAME,
    mydestination: '',
    inet_interfaces: '127.0.0.1',
    inet_protocols: 'ipv4',
    mynetworks: '127.0.0.0/8',
    smtputf8_enable: 'no',
    maillog_file: logFile,
    maillog_file_prefixes: dir,
    syslog_name: 'postfix-herald',
    alias_maps: '',
    alias_database: '',
    local_recipient_maps: '',
    relayhost: '',
    default_transport: 'error:no outbound mail from the test instance',
    virtual_mailbox_domains: POSTFIX_DOMAIN,
    virtual_mailbox_base: mail,
    virtual_mailbox_maps: `texthash:${path.join(etc, 'vmailbox')}`,
    virtual_uid_maps: `static:${uid}`,
    virtual_gid_maps: `static:${gid}`,
    virtual_minimum_uid: '1',
    smtpd_tls_cert_file: path.join(etc, 'server.crt'),
    smtpd_tls_key_file: path.join(etc, 'server.key'),
    smtpd_tls_CAfile: path.join(etc, 'ca.crt'),
    smtpd_tls_loglevel: '1',
    smtpd_tls_received_header: 'yes',
    smtpd_sasl_type: 'cyrus',
    smtpd_sasl_path: 'smtpd',
    cyrus_sasl_config_path: sasl,
    smtpd_sasl_local_domain: POSTFIX_HOSTNAME,
    smtpd_sasl_authenticated_header: 'yes',
    smtpd_relay_restrictions: 'permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination',
    smtpd_banner: '$myhostname ESMTP Postfix (Herald test instance)',
    biff: 'no',
    // The master must not hand out a "postfix" that collides with the system instance.
    shlib_directory: '/usr/lib/postfix',
    daemon_directory: '/usr/lib/postfix/sbin',
    meta_directory: '/etc/postfix',
  };
  fs.writeFileSync(path.join(etc, 'main.cf'), Object.entries(mainCf).map(([k, v]) => `${k} = ${v}`).join('\n') + '\n');
  fs.writeFileSync(path.join(etc, 'master.cf'), masterCf(ports, options.listeners));

  // postfix(1) prints its own fatal errors only to a terminal (else to syslog, absent here): script(1) gives it one.
  const started = spawnSync('script', ['-qec', `postfix -c ${etc} start`, '/dev/null'], { encoding: 'utf8' });
  const readLog = (): string => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  if (started.status !== 0) {
    const why = `${started.stdout}${started.stderr}${readLog()}`;
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`postfix -c ${etc} start failed: ${why}`);
  }
  const stop = async (): Promise<void> => {
    spawnSync('postfix', ['-c', etc, 'stop'], { encoding: 'utf8' });
    const pidFile = path.join(spool, 'pid', 'master.pid');
    const deadline = Date.now() + 10_000;
    while (fs.existsSync(pidFile) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + POSTFIX_START_TIMEOUT_MS;
    for (const port of Object.values(ports)) await waitForPort(port, deadline);
  } catch (err) {
    const log = readLog();
    await stop();
    throw new Error(`${(err as Error).message}\n${log}`);
  }

  return {
    dir,
    ports,
    log: readLog,
    stop,
    async waitForMail(localPart, marker) {
      const deadline = Date.now() + POSTFIX_DELIVERY_TIMEOUT_MS;
      const newDir = path.join(mail, localPart, 'new');
      for (;;) {
        if (fs.existsSync(newDir)) {
          for (const file of fs.readdirSync(newDir)) {
            const text = fs.readFileSync(path.join(newDir, file), 'utf8');
            if (text.includes(marker)) return text;
          }
        }
        if (Date.now() > deadline) throw new Error(`No mail with ${marker} for ${localPart}@${POSTFIX_DOMAIN}; log:\n${readLog()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}
