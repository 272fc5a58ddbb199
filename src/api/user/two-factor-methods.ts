/**
 * `user.twoFactor.methods` on the User API (seed 001): each method is `authenticator` (with a base64
 * `secret` and the TOTP settings, always HmacSHA1/6/30 today), `email` (with `email`) or `sms` (with
 * `mobilePhone`), and gets a short id such as `35VW`. Secrets are stored but never returned. A method
 * sent back with a known id (what a PATCH or a PUT of a retrieved user does) keeps its stored secret.
 */
import { randomBytes } from 'node:crypto';
import type { ValidationError } from '../../core/errors.js';
import { TWO_FACTOR_METHODS, type TwoFactorMethod, type User } from './model.js';

export interface StoredTwoFactor {
  methods: TwoFactorMethod[];
  recoveryCodes?: string[];
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function newMethodId(taken: ReadonlySet<string>): string {
  for (;;) {
    const id = [...randomBytes(4)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
    if (!taken.has(id)) return id;
  }
}

/**
 * The two-factor configuration to store: the existing one when the request says nothing about it,
 * otherwise the requested methods, validated, with ids assigned and known secrets kept.
 */
export function twoFactorToStore(requested: User['twoFactor'], existing: User['twoFactor'], errors: ValidationError): StoredTwoFactor {
  const current: StoredTwoFactor = { ...existing, methods: existing?.methods ?? [] };
  if (requested?.methods === undefined) return current;
  const known = new Map(current.methods.filter((m) => m.id !== undefined).map((m) => [m.id!, m]));
  const taken = new Set(known.keys());
  const methods: TwoFactorMethod[] = [];
  for (const method of requested.methods) {
    const previous = method.id !== undefined ? known.get(method.id) : undefined;
    const merged: TwoFactorMethod = { ...method, ...(method.secret === undefined && previous?.secret !== undefined ? { secret: previous.secret } : {}) };
    if (!(TWO_FACTOR_METHODS as readonly string[]).includes(merged.method ?? '')) {
      errors.add('user.twoFactor.methods.method', 'invalid', `The [user.twoFactor.methods.method] property must be one of [${TWO_FACTOR_METHODS.join(', ')}].`);
      continue;
    }
    if (merged.method === 'authenticator') {
      if ((merged.secret ?? '').trim() === '') {
        errors.add('user.twoFactor.methods.secret', 'blank', 'You must specify the [user.twoFactor.methods.secret] property for an authenticator method.');
      }
      merged.authenticator = { algorithm: 'HmacSHA1', codeLength: 6, timeStep: 30, ...merged.authenticator };
    }
    if (merged.method === 'email' && (merged.email ?? '').trim() === '') {
      errors.add('user.twoFactor.methods.email', 'blank', 'You must specify the [user.twoFactor.methods.email] property for an email method.');
    }
    if (merged.method === 'sms' && (merged.mobilePhone ?? '').trim() === '') {
      errors.add('user.twoFactor.methods.mobilePhone', 'blank', 'You must specify the [user.twoFactor.methods.mobilePhone] property for an sms method.');
    }
    const id = previous !== undefined ? previous.id! : newMethodId(taken);
    taken.add(id);
    methods.push({ ...merged, id });
  }
  return { ...current, methods };
}
