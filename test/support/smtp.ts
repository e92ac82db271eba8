/**
 * A real SMTP server on 127.0.0.1 and a free port (the `smtp-server` package), for email tests
 * and the benchmark: it stores every message it receives, parsed with `mailparser`.
 * `setMode('tempfail' | 'permfail')` makes it refuse the next messages with 451 or 550.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly raw: Buffer;
  readonly parsed: ParsedMail;
}

export type SmtpMode = 'ok' | 'tempfail' | 'permfail';

export interface SmtpOptions {
  /** When set, AUTH is required with this user and password. */
  readonly auth?: { readonly user: string; readonly password: string };
  /** Do not parse messages (the benchmark counts them only). */
  readonly parse?: boolean;
}

export interface LocalSmtp {
  readonly port: number;
  readonly host: '127.0.0.1';
  readonly messages: ReceivedMail[];
  /** Raw messages received (also when not parsed). */
  readonly count: () => number;
  setMode(mode: SmtpMode, times?: number): void;
  close(): Promise<void>;
}

export async function startSmtpServer(options: SmtpOptions = {}): Promise<LocalSmtp> {
  const messages: ReceivedMail[] = [];
  let received = 0;
  let mode: SmtpMode = 'ok';
  let remaining = Infinity;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    size: 25 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.password)
        return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const current = mode;
        if (current !== 'ok' && --remaining <= 0) {
          mode = 'ok';
          remaining = Infinity;
        }
        if (current === 'tempfail')
          return callback(
            Object.assign(new Error('4.3.0 Mailbox temporarily unavailable, try again later'), { responseCode: 451 }),
          );
        if (current === 'permfail')
          return callback(Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 }));
        const raw = Buffer.concat(chunks);
        received += 1;
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        if (options.parse === false) return callback();
        simpleParser(raw)
          .then((parsed) => {
            messages.push({ envelope, raw, parsed });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    host: '127.0.0.1',
    messages,
    count: () => received,
    setMode(next, times) {
      mode = next;
      remaining = times ?? Infinity;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
