/** The composition root for deployed functions: the core's ports on WeChat Cloud. */
import type { Deps } from '../../core/ports';
import { depsOn } from './compose';
import { database, sendSubscribeMessage } from './sdk';

/** Build the ports for one invocation. */
export function wxDeps(): Deps {
  return depsOn(database(), {
    send: sendSubscribeMessage,
    miniprogramState: (process.env.MINIPROGRAM_STATE as 'developer' | 'trial' | 'formal') || 'formal',
  });
}
