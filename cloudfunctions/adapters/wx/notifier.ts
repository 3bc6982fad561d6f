/** The Notifier port: subscription messages through WeChat's openapi (the message centre keeps the record). */
import type { SubscribeMessage } from '../../core/messages';
import type { Notifier, SendOutcome } from '../../core/ports';

/** How a message reaches WeChat (openapi.subscribeMessage.send in production). */
export type SendFn = (msg: SubscribeMessage & { miniprogramState: 'developer' | 'trial' | 'formal' }) => Promise<SendOutcome>;

export class NotifierWx implements Notifier {
  constructor(
    private readonly sendFn: SendFn,
    private readonly miniprogramState: 'developer' | 'trial' | 'formal',
  ) {}
  send(msg: SubscribeMessage): Promise<SendOutcome> {
    return this.sendFn({ ...msg, miniprogramState: this.miniprogramState });
  }
}
