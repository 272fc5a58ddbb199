/**
 * Retrieve a User by `?changePasswordId=` or `?verificationId=` (seed 001 "Retrieve a User"): the user
 * a live change-password (or set-password) id, or a live email or registration verification id, was
 * issued for. Looking does not spend the id. A request that names a tenant sees only its users.
 */
import { NotFoundError } from '../../core/errors.js';
import type { FlowKind } from '../../flows/store.js';
import type { User } from '../user/model.js';
import { requireAccountUser, type LifecycleDeps } from './context.js';
import { PASSWORD_FLOW_KINDS } from './model.js';

export interface FlowUserLookup {
  byChangePasswordId(changePasswordId: string, explicitTenantId?: string): Promise<User>;
  byVerificationId(verificationId: string, explicitTenantId?: string): Promise<User>;
}

const VERIFICATION_KINDS: readonly FlowKind[] = ['emailVerification', 'registrationVerification'];

export function createFlowUserLookup(deps: LifecycleDeps): FlowUserLookup {
  async function userOf(secret: string, kinds: readonly FlowKind[], explicitTenantId: string | undefined): Promise<User> {
    const now = deps.clock.now();
    for (const kind of kinds) {
      const flow = await deps.flows.find(secret, kind, now);
      if (flow?.userId !== undefined && (explicitTenantId === undefined || flow.tenantId === explicitTenantId)) {
        return requireAccountUser(deps, flow.userId, explicitTenantId);
      }
    }
    throw new NotFoundError();
  }
  return {
    byChangePasswordId: (id, explicitTenantId) => userOf(id, PASSWORD_FLOW_KINDS, explicitTenantId),
    byVerificationId: (id, explicitTenantId) => userOf(id, VERIFICATION_KINDS, explicitTenantId),
  };
}
