import { CommanderError } from 'commander';
import { APIConnectionError, APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/load-config.ts';
import { CliApiError } from './api-client.ts';
import { CliUsageError } from './cli-usage-error.ts';
import { describeError, exitCodeFor } from './report-error.ts';

describe('exit codes and messages', () => {
  it('maps usage and config mistakes to 2, API and runtime failures to 1, help to 0', () => {
    expect(exitCodeFor(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(0);
    expect(exitCodeFor(new CommanderError(1, 'commander.invalidArgument', 'bad'))).toBe(2);
    expect(exitCodeFor(new CliUsageError('bad'))).toBe(2);
    expect(exitCodeFor(new ConfigError('bad'))).toBe(2);
    expect(exitCodeFor(new CliApiError(500, 'boom'))).toBe(1);
    expect(exitCodeFor(new Error('disk full'))).toBe(1);
  });

  it("shows the server's message and param, and the reason a connection failed", () => {
    const apiError = APIError.generate(400, { error: { message: 'Invalid size.', type: 'invalid_request_error', param: 'size', code: 'invalid_value' } }, undefined, new Headers());
    expect(describeError(apiError)).toBe('400: Invalid size. (param: size)');
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const connection = new APIConnectionError({ cause: new TypeError('fetch failed', { cause: refused }) });
    expect(describeError(connection)).toBe('cannot reach imagegate: ECONNREFUSED');
  });
});
