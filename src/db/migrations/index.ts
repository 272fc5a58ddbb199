/**
 * Numbered, forward-only migrations. A released migration is never edited: add the next number.
 */
import type { Kysely } from 'kysely';
import { foundation } from './001-foundation.js';
import { refreshTokens } from './002-refresh-tokens.js';
import { login } from './003-login.js';
import { userSearch } from './004-user-search.js';
import { emailTemplates } from './005-email-templates.js';
import { identityProviders } from './006-identity-providers.js';
import { userActions } from './007-user-actions.js';
import { eventLog } from './008-event-log.js';
import { passwordHistory } from './009-password-history.js';
import { messengers } from './010-messengers.js';
import { messageTemplates } from './011-message-templates.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Kysely<unknown>): Promise<void>;
}

export const migrations: readonly Migration[] = [foundation, refreshTokens, login, userSearch, emailTemplates, identityProviders, userActions, eventLog, passwordHistory, messengers, messageTemplates];
