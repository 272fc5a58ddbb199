/**
 * Sending a text message through a messenger, as FusionAuth does for SMS (and voice) codes:
 * - Generic: an HTTP POST of JSON to `url` (docs customize/email-and-messages/generic-messenger,
 *   "Writing the Generic Message Receiver": `phoneNumber`, `textMessage`, `type`, and `code`/`userId`
 *   when known) with the configured headers, Basic authentication and both timeouts; any 2xx is success.
 * - Twilio: Twilio's Messages API, a form POST to `<url>/2010-04-01/Accounts/{accountSID}/Messages.json`
 *   with Basic `accountSID:authToken`, `To`, `Body` and `MessagingServiceSid` (preferred, Twilio's
 *   load balancing) or `From`.
 * The result is a value (`ok`, or `failed` with a reason and the HTTP status when there was one); a
 * remote failure never throws. Nothing here logs a secret, a header, the phone number or the message.
 */
import type { EventLogWriter } from '../event-log/service.js';
import type { MessageType, StoredMessenger } from './model.js';
import { postHttp, type HttpOutcome, type HttpPost } from './http-post.js';

export interface SmsMessage {
  readonly messengerId: string;
  readonly phoneNumber: string;
  /** The text to send (a rendered message template). */
  readonly textMessage: string;
  /** `SMS` (default) or `Voice`; the messenger's `messageTypes` must include it. */
  readonly type?: MessageType;
  /** The one-time code inside the message, passed to a Generic receiver as FusionAuth does. */
  readonly code?: string;
  readonly userId?: string;
}

export type SmsFailureReason = 'messengerNotFound' | 'unsupportedMessageType' | 'connectTimeout' | 'readTimeout' | 'connectionFailed' | 'rejected';

export type SmsResult =
  | { readonly status: 'ok'; readonly httpStatus: number }
  | { readonly status: 'failed'; readonly reason: SmsFailureReason; readonly httpStatus?: number; readonly message: string };

export type SendSms = (message: SmsMessage) => Promise<SmsResult>;

/** Twilio's configuration has no timeouts: these bound a call to Twilio's API. */
const TWILIO_CONNECT_TIMEOUT_MS = 2_000;
const TWILIO_READ_TIMEOUT_MS = 10_000;

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

function genericCall(messenger: StoredMessenger, message: SmsMessage, type: MessageType): HttpPost {
  const body: Record<string, string> = { phoneNumber: message.phoneNumber, textMessage: message.textMessage, type };
  // FusionAuth sends a voice message's text as `message` too.
  if (type === 'Voice') body.message = message.textMessage;
  if (message.code !== undefined) body.code = message.code;
  if (message.userId !== undefined) body.userId = message.userId;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...messenger.headers };
  if (messenger.httpAuthenticationUsername !== undefined && messenger.httpAuthenticationUsername !== '') {
    headers.Authorization = basic(messenger.httpAuthenticationUsername, messenger.httpAuthenticationPassword ?? '');
  }
  return {
    url: new URL(messenger.url!),
    headers,
    body: JSON.stringify(body),
    connectTimeout: messenger.connectTimeout!,
    readTimeout: messenger.readTimeout!,
    ...(messenger.sslCertificate !== undefined ? { trustedCertificate: messenger.sslCertificate } : {}),
  };
}

function twilioCall(messenger: StoredMessenger, message: SmsMessage): HttpPost {
  const base = messenger.url!.replace(/\/+$/, '');
  const form = new URLSearchParams({ To: message.phoneNumber, Body: message.textMessage });
  if (messenger.messagingServiceSid !== undefined && messenger.messagingServiceSid !== '') form.set('MessagingServiceSid', messenger.messagingServiceSid);
  else form.set('From', messenger.fromPhoneNumber ?? '');
  return {
    url: new URL(`${base}/2010-04-01/Accounts/${encodeURIComponent(messenger.accountSID!)}/Messages.json`),
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
      Authorization: basic(messenger.accountSID!, messenger.authToken ?? ''),
    },
    body: form.toString(),
    connectTimeout: TWILIO_CONNECT_TIMEOUT_MS,
    readTimeout: TWILIO_READ_TIMEOUT_MS,
  };
}

function resultOf(outcome: HttpOutcome): SmsResult {
  if (outcome.kind !== 'response') return { status: 'failed', reason: outcome.kind, message: outcome.message };
  if (outcome.status >= 200 && outcome.status <= 299) return { status: 'ok', httpStatus: outcome.status };
  return { status: 'failed', reason: 'rejected', httpStatus: outcome.status, message: `The messenger answered with status ${outcome.status}.` };
}

/** Delivers `message` through `messenger` (already looked up). */
export async function deliverThrough(messenger: StoredMessenger, message: SmsMessage): Promise<SmsResult> {
  const type = message.type ?? 'SMS';
  if (!messenger.messageTypes.includes(type)) {
    return { status: 'failed', reason: 'unsupportedMessageType', message: `The messenger [${messenger.id}] does not send ${type} messages.` };
  }
  if (messenger.type === 'Twilio' && type !== 'SMS') {
    // A Twilio voice message is a call with TwiML, which Gatehouse does not place.
    return { status: 'failed', reason: 'unsupportedMessageType', message: 'Gatehouse sends only SMS through Twilio.' };
  }
  let call: HttpPost;
  try {
    call = messenger.type === 'Generic' ? genericCall(messenger, message, type) : twilioCall(messenger, message);
  } catch (error) {
    return { status: 'failed', reason: 'connectionFailed', message: error instanceof Error ? error.message : 'The request could not be built.' };
  }
  return resultOf(await postHttp(call));
}

export interface SmsSenderDeps {
  readonly findMessenger: (id: string) => Promise<StoredMessenger | undefined>;
  /** A messenger with `debug` writes one Debug event log entry per message (FusionAuth's "debug"). */
  readonly events?: EventLogWriter;
  readonly log?: { warn(details: Record<string, unknown>, message: string): void };
}

/** `sendSms({messengerId, phoneNumber, textMessage, type})`: looks the messenger up, delivers, reports. */
export function createSmsSender({ findMessenger, events, log }: SmsSenderDeps): SendSms {
  return async (message) => {
    const messenger = await findMessenger(message.messengerId.toLowerCase());
    if (messenger === undefined) {
      return { status: 'failed', reason: 'messengerNotFound', message: `The messenger [${message.messengerId}] does not exist.` };
    }
    const result = await deliverThrough(messenger, message);
    if (result.status === 'failed') {
      log?.warn({ messengerId: messenger.id, messengerType: messenger.type, reason: result.reason, httpStatus: result.httpStatus }, 'messenger delivery failed');
    }
    if (messenger.debug === true && events !== undefined) {
      const outcome = result.status === 'ok' ? `succeeded with status ${result.httpStatus}` : `failed (${result.reason}): ${result.message}`;
      await events.write({ type: 'Debug', message: `${messenger.type} messenger [${messenger.name}] (${messenger.id}): sending a ${message.type ?? 'SMS'} message ${outcome}` })
        .catch(() => undefined);
    }
    return result;
  };
}
