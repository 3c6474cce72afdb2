import { describe, expect, it } from 'vitest';
import { anthropicStreamError, parseAnthropicError } from './anthropic-messages-error.ts';
import { readAnthropicFixture } from '../../../test/kits/providers/anthropic/anthropic-test-kit.ts';

describe('parseAnthropicError', () => {
  it('reads the error envelope of every recorded error', () => {
    expect(parseAnthropicError(readAnthropicFixture('error-overloaded.json'))).toEqual({ type: 'overloaded_error', message: 'Overloaded', requestId: 'req_011CSHoEeqs5C35K2UUqR7Fy' });
    expect(parseAnthropicError(readAnthropicFixture('error-rate-limit.json'))?.type).toBe('rate_limit_error');
    expect(parseAnthropicError(readAnthropicFixture('error-invalid-request.json'))?.type).toBe('invalid_request_error');
  });

  it('returns undefined for anything else', () => {
    for (const text of [undefined, '', 'Bad Gateway', '{"error":{"message":"x"}}', '{"type":"error"}']) expect(parseAnthropicError(text)).toBeUndefined();
  });
});

describe('anthropicStreamError', () => {
  it('keeps the event as body and marks transient types retryable', () => {
    const data = '{"type":"error","error":{"type":"api_error","message":"Internal server error"}}';
    expect(anthropicStreamError('anthropic', data)).toMatchObject({ provider: 'anthropic', kind: 'http', status: undefined, body: data, isRetryable: true });
    expect(anthropicStreamError('anthropic', 'garbage')).toMatchObject({ isRetryable: false, message: 'anthropic reported an error mid-stream: unreadable error event' });
  });
});
