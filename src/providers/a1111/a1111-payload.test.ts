import { describe, expect, it } from 'vitest';
import { type A1111Request, buildA1111Img2ImgPayload, buildA1111Txt2ImgPayload } from './a1111-payload.ts';

const request: A1111Request = {
  prompt: 'a fox',
  negativePrompt: 'blurry',
  width: 512,
  height: 768,
  steps: 20,
  seed: 42,
  batchSize: 2,
  checkpoint: 'dreamshaper_8.safetensors',
  keepCheckpointLoaded: false,
};

describe('buildA1111Txt2ImgPayload', () => {
  it('sends the batch, the seed and the checkpoint override', () => {
    expect(buildA1111Txt2ImgPayload(request)).toEqual({
      prompt: 'a fox',
      negative_prompt: 'blurry',
      width: 512,
      height: 768,
      steps: 20,
      seed: 42,
      batch_size: 2,
      n_iter: 1,
      save_images: false,
      send_images: true,
      override_settings: { sd_model_checkpoint: 'dreamshaper_8.safetensors' },
    });
  });

  it('leaves the loaded checkpoint alone for `default`, and can keep an override loaded', () => {
    expect(buildA1111Txt2ImgPayload({ ...request, checkpoint: undefined })).not.toHaveProperty('override_settings');
    expect(buildA1111Txt2ImgPayload({ ...request, keepCheckpointLoaded: true })).toMatchObject({ override_settings_restore_afterwards: false });
  });
});

describe('buildA1111Img2ImgPayload', () => {
  it('inpaints only the white of the mask, from the original pixels, on the whole picture', () => {
    expect(buildA1111Img2ImgPayload(request, { initImage: 'SU1H', mask: 'TUFTSw==', denoisingStrength: 0.75 })).toMatchObject({
      init_images: ['SU1H'],
      resize_mode: 0,
      denoising_strength: 0.75,
      include_init_images: false,
      mask: 'TUFTSw==',
      inpainting_mask_invert: 0,
      inpainting_fill: 1,
      inpaint_full_res: false,
      mask_blur: 4,
      width: 512,
      height: 768,
      batch_size: 2,
    });
  });

  it('sends no mask fields without a mask', () => {
    const payload = buildA1111Img2ImgPayload(request, { initImage: 'SU1H', mask: undefined, denoisingStrength: 0.5 });
    expect(Object.keys(payload).filter((key) => key.includes('mask') || key.startsWith('inpaint'))).toEqual([]);
  });
});
