/**
 * What a Generic or Twilio messenger must hold (FusionAuth docs apis/messengers/generic and twilio,
 * "Request Body"): a unique `name`; Generic: `url`, and `connectTimeout` and `readTimeout` greater
 * than 0; Twilio: `accountSID` and a `fromPhoneNumber` unless a `messagingServiceSid` is given. Codes
 * follow FusionAuth's grammar: `[blank]messenger.name`, `[invalid]messenger.connectTimeout` …
 */
import { X509Certificate } from 'node:crypto';
import type { ValidationError } from '../../core/errors.js';
import { isUuid } from '../../core/ids.js';
import { MESSAGE_TYPES, type Messenger, type MessengerType } from './model.js';

const isBlank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function isPemCertificate(value: string): boolean {
  try {
    new X509Certificate(value);
    return true;
  } catch {
    return false;
  }
}

function requireUrl(messenger: Messenger, errors: ValidationError): void {
  if (isBlank(messenger.url)) errors.add('messenger.url', 'blank', 'You must specify the [messenger.url] property.');
  else if (!isAbsoluteHttpUrl(messenger.url!)) errors.add('messenger.url', 'invalid', 'The [messenger.url] must be an absolute http or https URL.');
}

function requirePositive(messenger: Messenger, field: 'connectTimeout' | 'readTimeout', errors: ValidationError): void {
  const value = messenger[field];
  const path = `messenger.${field}`;
  if (value === undefined) errors.add(path, 'blank', `You must specify the [${path}] property.`);
  else if (value <= 0) errors.add(path, 'invalid', `The [${path}] must be greater than 0.`);
}

function validateGeneric(messenger: Messenger, errors: ValidationError): void {
  requireUrl(messenger, errors);
  requirePositive(messenger, 'connectTimeout', errors);
  requirePositive(messenger, 'readTimeout', errors);
  if (messenger.sslCertificate !== undefined && !isPemCertificate(messenger.sslCertificate)) {
    errors.add('messenger.sslCertificate', 'invalid', 'The [messenger.sslCertificate] must be an X.509 certificate in PEM format.');
  }
  if (messenger.sslCertificateId !== undefined && !isUuid(messenger.sslCertificateId)) {
    errors.add('messenger.sslCertificateId', 'invalid', 'The [messenger.sslCertificateId] must be a UUID.');
  }
  for (const [name, value] of Object.entries(messenger.headers ?? {})) {
    // A header name or value that Node cannot send would only fail at delivery time: refuse it now.
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name) || /[\r\n\0]/.test(value)) {
      errors.add('messenger.headers', 'invalid', `The header [${name}] is not a valid HTTP header.`);
    }
  }
}

function validateTwilio(messenger: Messenger, errors: ValidationError): void {
  requireUrl(messenger, errors);
  if (isBlank(messenger.accountSID)) errors.add('messenger.accountSID', 'blank', 'You must specify the [messenger.accountSID] property.');
  // "When using messagingServicesSid, you may omit the fromPhoneNumber field."
  if (isBlank(messenger.fromPhoneNumber) && isBlank(messenger.messagingServiceSid)) {
    errors.add('messenger.fromPhoneNumber', 'blank', 'You must specify the [messenger.fromPhoneNumber] property or the [messenger.messagingServiceSid] property.');
  }
}

/** Adds every problem of `messenger` (already reduced to its type's fields, defaults applied). */
export function validateMessenger(messenger: Messenger, type: MessengerType, errors: ValidationError): void {
  if (isBlank(messenger.name)) errors.add('messenger.name', 'blank', 'You must specify the [messenger.name] property.');
  const messageTypes = messenger.messageTypes ?? [];
  if (messageTypes.length === 0 || messageTypes.some((t) => !(MESSAGE_TYPES as readonly string[]).includes(t))) {
    errors.add('messenger.messageTypes', 'invalid', `The [messenger.messageTypes] must hold one or more of ${MESSAGE_TYPES.join(', ')}.`);
  }
  if (type === 'Generic') validateGeneric(messenger, errors);
  else validateTwilio(messenger, errors);
}
