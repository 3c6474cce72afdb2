import { describe, expect, it } from 'vitest';
import { geminiStreamError } from './gemini-generate-content-error.ts';
import { readGeminiFixture } from '../../../test/kits/providers/gemini/gemini-generate-content-test-kit.ts';

describe('geminiStreamError', () => {
  it('takes the status from the error code', () => {
    expect(geminiStreamError('gemini', readGeminiFixture('error-invalid-argument.json'))).toMatchObject({ status: 400, isRetryable: false });
    expect(geminiStreamError('gemini', '{"error":{}}')).toMatchObject({ status: undefined, isRetryable: false });
  });
});
