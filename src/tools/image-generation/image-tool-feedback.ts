/**
 * What the model reads back after each image call. It says plainly that the image already
 * reached the user and how many more may be made, so well-behaved models stop by themselves.
 * JSON with a human sentence inside: structured for scripts, readable for any model.
 */
export type ImageToolFeedback =
  | { status: 'delivered'; imageId: string; imagesRemaining: number | undefined }
  | { status: 'reused'; imageId: string; imagesRemaining: number | undefined }
  | { status: 'not_executed'; reason: string; imagesRemaining: number | undefined }
  | { status: 'failed'; message: string };

export function formatImageToolFeedback(feedback: ImageToolFeedback): string {
  const remaining = feedback.status === 'failed' ? undefined : feedback.imagesRemaining;
  const more =
    remaining === undefined
      ? 'Only make another image if the user asked for more than one.'
      : remaining === 0
        ? 'You may not generate any more images in this response: answer the user in text now.'
        : `You may generate at most ${remaining} more image${remaining === 1 ? '' : 's'} in this response, and only if the user asked for them.`;
  switch (feedback.status) {
    case 'delivered':
      return JSON.stringify({
        status: 'delivered',
        image_id: feedback.imageId,
        images_remaining: remaining ?? null,
        message: `The image was generated and delivered to the user, who can already see it. Do not generate it again. ${more}`,
      });
    case 'reused':
      return JSON.stringify({
        status: 'reused',
        image_id: feedback.imageId,
        images_remaining: remaining ?? null,
        message: `This exact image was already delivered to the user earlier in this response; nothing new was generated. ${more}`,
      });
    case 'not_executed':
      return JSON.stringify({
        status: 'not_executed',
        reason: feedback.reason,
        images_remaining: remaining ?? null,
        message: `This call was not executed (${feedback.reason}); no image was created. ${more}`,
      });
    case 'failed':
      return JSON.stringify({ status: 'failed', message: `Image generation failed: ${feedback.message}` });
  }
}
