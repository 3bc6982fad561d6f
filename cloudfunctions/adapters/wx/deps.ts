/** The composition root for deployed functions: the core's ports on WeChat Cloud. */
import type { Deps } from '../../core/ports';
import { depsOn } from './compose';
import { ConfigCache } from './config-cache';
import type { PlaceCodeImages, ReportRenderer } from '../../core/ports';
import { checkImageAsync, checkText, database, deleteFiles, sendSubscribeMessage, tempFileURLs, uploadFile } from './sdk';

/** One per warm function instance (module scope): the community configuration, re-read at most once a minute. */
const configCache = new ConfigCache();

/**
 * Build the ports for one invocation; the office and sweeper functions pass the 通报's renderer, the admin function
 * the 地点码 images (wxacode.getUnlimited, which only its config.json grants).
 */
export function wxDeps(opts: { reportFiles?: ReportRenderer; placeImages?: PlaceCodeImages } = {}): Deps {
  const state = (process.env.MINIPROGRAM_STATE as 'developer' | 'trial' | 'formal') || 'formal';
  return depsOn(database(), {
    placeImages: opts.placeImages,
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
