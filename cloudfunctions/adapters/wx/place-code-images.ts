/**
 * 地点码 images on WeChat: a mini-program code (wxacode.getUnlimited) per code, for the version of the mini-program
 * residents use (release; trial or develop when the function's MINIPROGRAM_STATE says so). Only the admin function
 * passes it (its config.json grants wxacode.getUnlimited).
 */
import type { PlaceCodeImages } from '../../core/ports';
import { makePlaceCodeImage } from './sdk';

const ENV_VERSIONS = { developer: 'develop', trial: 'trial', formal: 'release' } as const;

export const wxPlaceCodeImages: PlaceCodeImages = {
  make: (scene, page) => {
    const state = (process.env.MINIPROGRAM_STATE as keyof typeof ENV_VERSIONS) || 'formal';
    return makePlaceCodeImage(scene, page, ENV_VERSIONS[state] ?? 'release');
  },
};
