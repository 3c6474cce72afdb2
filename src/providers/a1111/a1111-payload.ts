/**
 * The JSON bodies of `POST /sdapi/v1/txt2img` and `/sdapi/v1/img2img`. Field names are the
 * keyword arguments of `StableDiffusionProcessingTxt2Img` / `…Img2Img` (modules/processing.py),
 * which the API turns into its request models (modules/api/models.py).
 */

/** One call, decided: every value is what goes on the wire. */
export interface A1111Request {
  readonly prompt: string;
  readonly negativePrompt: string;
  readonly width: number;
  readonly height: number;
  readonly steps: number;
  /** A1111 gives image `i` of the batch `seed + i` itself. */
  readonly seed: number;
  readonly batchSize: number;
  /** Sent as `override_settings.sd_model_checkpoint`; undefined keeps the loaded checkpoint. */
  readonly checkpoint: string | undefined;
  /** Leave the requested checkpoint loaded after the call instead of switching back. */
  readonly keepCheckpointLoaded: boolean;
}

export interface A1111EditInput {
  /** Base64 PNG at the working size. */
  readonly initImage: string;
  /** Base64 grayscale PNG, white = repaint. */
  readonly mask: string | undefined;
  readonly denoisingStrength: number;
}

export type A1111Payload = Record<string, unknown>;

export function buildA1111Txt2ImgPayload(request: A1111Request): A1111Payload {
  return {
    prompt: request.prompt,
    negative_prompt: request.negativePrompt,
    width: request.width,
    height: request.height,
    steps: request.steps,
    seed: request.seed,
    batch_size: request.batchSize,
    n_iter: 1,
    // The default already; explicit because a saved grid would come back as images[0].
    save_images: false,
    send_images: true,
    ...checkpointOverride(request),
  };
}

/**
 * img2img: the init image is already at width x height (`resize_mode` 0 is then a no-op). With a
 * mask, only white pixels are repainted (`inpainting_mask_invert` 0), starting from the original
 * pixels (`inpainting_fill` 1), on the whole picture rather than a crop around the mask.
 */
export function buildA1111Img2ImgPayload(request: A1111Request, edit: A1111EditInput): A1111Payload {
  const maskFields =
    edit.mask === undefined ? {} : { mask: edit.mask, inpainting_mask_invert: 0, inpainting_fill: 1, inpaint_full_res: false, mask_blur: 4 };
  return {
    ...buildA1111Txt2ImgPayload(request),
    init_images: [edit.initImage],
    resize_mode: 0,
    denoising_strength: edit.denoisingStrength,
    include_init_images: false,
    ...maskFields,
  };
}

function checkpointOverride(request: A1111Request): A1111Payload {
  if (request.checkpoint === undefined) return {};
  // The API restores the previous checkpoint after each call by default, reloading its weights.
  return {
    override_settings: { sd_model_checkpoint: request.checkpoint },
    ...(request.keepCheckpointLoaded ? { override_settings_restore_afterwards: false } : {}),
  };
}
