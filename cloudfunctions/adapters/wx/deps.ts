/** The composition root for deployed functions: the core's ports on WeChat Cloud. */
import type { Deps } from '../../core/ports';
import { depsOn } from './compose';
import { ConfigCache } from './config-cache';
import type { ReportRenderer } from '../../core/ports';
import { checkImageAsync, checkText, database, deleteFiles, makePlaceCodeImage, sendSubscribeMessage, tempFileURLs, uploadFile } from './sdk';

const ENV_VERSIONS = { developer: 'develop', trial: 'trial', formal: 'release' } as const;

/** One per warm function instance (module scope): the community configuration, re-read at most once a minute. */
const configCache = new ConfigCache();

/** Build the ports for one invocation; the office and sweeper functions pass the 通报's renderer. */
export function wxDeps(opts: { reportFiles?: ReportRenderer } = {}): Deps {
  const state = (process.env.MINIPROGRAM_STATE as 'developer' | 'trial' | 'formal') || 'formal';
  return depsOn(database(), {
    // 地点码: the version of the mini-program the printed code opens (the one residents use: release, unless testing).
    placeImages: { make: (scene, page) => makePlaceCodeImage(scene, page, ENV_VERSIONS[state] ?? 'release') },
    send: sendSubscribeMessage,
    content: { text: checkText, imageAsync: checkImageAsync },
    files: { urls: tempFileURLs, remove: deleteFiles, upload: uploadFile },
    reportFiles: opts.reportFiles,
    configCache,
    miniprogramState: state,
    // The first admins, from the function's environment variables (set in the cloud console or by deploy).
    bootstrapAdmins: (process.env.ADMIN_OPENIDS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  });
}
