/**
 * Sending one-time codes. Email goes through the tenant's MFA email template
 * (`multiFactorConfiguration.email.templateId`) and the shared template sender; SMS goes through the
 * tenant's messenger (`multiFactorConfiguration.sms.messengerId`) with the Messengers API's sender.
 * The code is passed to the email template as `code`, as FusionAuth's does. SMS text is FusionAuth's
 * default message ("Two Factor Code: <code>"): message templates are not stored yet.
 */
import { fieldError, generalError } from '../../core/errors.js';
import type { SendSms } from '../messenger/delivery.js';
import type { TemplateSender } from '../../email/template-sender.js';
import type { StoredApplication } from '../application/store.js';
import type { StoredTenant } from '../tenant/store.js';
import type { User } from '../user/model.js';
import type { Destination } from './codes.js';

export type SmsSender = SendSms;

export interface CodeDelivery {
  /** `application`: its `multiFactorConfiguration.email.templateId` overrides the tenant's. */
  deliver(tenant: StoredTenant, user: User | undefined, destination: Destination, code: string, application?: StoredApplication): Promise<void>;
}

export function createCodeDelivery(email: Pick<TemplateSender, 'sendTemplate'>, sms: SmsSender | undefined): CodeDelivery {
  return {
    async deliver(tenant, user, destination, code, application) {
      const configuration = tenant.multiFactorConfiguration;
      if (destination.kind === 'email') {
        const templateId = application?.multiFactorConfiguration?.email?.templateId ?? configuration?.email?.templateId;
        if (templateId === undefined) {
          throw fieldError('tenant.multiFactorConfiguration.email.templateId', 'missing', 'The tenant has no Multi-Factor email template configured.');
        }
        await email.sendTemplate({ tenant, templateId, to: { ...user, email: destination.value }, data: { code }, ...(application !== undefined ? { application } : {}) });
        return;
      }
      const messengerId = configuration?.sms?.messengerId;
      if (messengerId === undefined || sms === undefined) {
        throw fieldError('tenant.multiFactorConfiguration.sms.messengerId', 'missing', 'The tenant has no Multi-Factor SMS messenger configured.');
      }
      const result = await sms({
        messengerId, phoneNumber: destination.value, textMessage: `Two Factor Code: ${code}`, type: 'SMS', code,
        ...(user?.id !== undefined ? { userId: user.id } : {}),
      });
      if (result.status === 'failed') throw generalError('[TwoFactorSendFailed]', 'The Multi-Factor code could not be sent by SMS.');
    },
  };
}
