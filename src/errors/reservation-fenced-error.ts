/**
 * The money reserved for a piece of work was released by another server instance before the
 * work could be charged: this instance stalled past its lease (and the grace after it), was
 * fenced, and no longer holds what it reserved. toClientError makes it 503 `server_error`; a
 * response ends `failed`.
 *
 * - `image`: the image is not delivered and not charged — delivering it would spend budget
 *   another request may already have taken.
 * - `text`: a model step's tokens were already produced (and streamed), so they were charged
 *   anyway (spend-guard.ts); the response stops there.
 */
export class ReservationFencedError extends Error {
  override readonly name = 'ReservationFencedError';

  constructor(
    /** The `rsv_…` that could not be settled. */
    readonly reservationId: string,
    /** What the reservation paid for. */
    readonly work: 'image' | 'text' = 'image',
  ) {
    super(
      work === 'text'
        ? 'This server instance lost its lease while the response ran, and the money reserved for it was released; the text already produced was charged and the response stopped there. Try again.'
        : 'This server instance lost its lease while the work ran, and the money reserved for it was released; the result was not delivered or charged. Try again.',
    );
  }
}
