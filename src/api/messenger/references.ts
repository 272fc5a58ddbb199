/**
 * Where a tenant names a messenger, and what it must be able to send there: SMS for phone messages
 * and SMS multi-factor codes, Voice for voice codes. The tenant validation checks these paths against
 * the messenger store, and the messenger delete refuses while any tenant still names the messenger.
 */
import { valueAt } from '../tenant/validation.js';
import type { MessageType } from './model.js';

export const TENANT_MESSENGER_PATHS: readonly { readonly path: string; readonly messageType: MessageType }[] = [
  { path: 'phoneConfiguration.messengerId', messageType: 'SMS' },
  { path: 'multiFactorConfiguration.sms.messengerId', messageType: 'SMS' },
  { path: 'multiFactorConfiguration.voice.messengerId', messageType: 'Voice' },
];

export interface MessengerUse {
  readonly tenantName: string;
  readonly path: string;
}

/** The tenants' settings naming `messengerId` (lower-case). */
export function messengerReferences(messengerId: string, tenants: readonly { id?: string; name?: string }[]): MessengerUse[] {
  const uses: MessengerUse[] = [];
  for (const tenant of tenants) {
    for (const { path } of TENANT_MESSENGER_PATHS) {
      const value = valueAt(tenant, path);
      if (typeof value === 'string' && value.toLowerCase() === messengerId) uses.push({ tenantName: tenant.name ?? tenant.id ?? '', path: `tenant.${path}` });
    }
  }
  return uses;
}
