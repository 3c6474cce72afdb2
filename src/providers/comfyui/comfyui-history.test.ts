import { describe, expect, it } from 'vitest';
import { ProviderError } from '../spec/provider-error.ts';
import { readComfyFixture } from '../../../test/kits/providers/comfyui/comfyui-fake-server.ts';
import { readComfyHistory } from './comfyui-history.ts';

const promptId = '5f0b6a8e-2f7c-4b7e-9a57-1d3c2f0e9b41';

describe('readComfyHistory', () => {
  it('reads an empty answer as still queued or running', () => {
    expect(readComfyHistory('comfyui', readComfyFixture('history-pending.json'), promptId, undefined)).toEqual({ kind: 'pending' });
  });

  it('collects the saved images of a finished run', () => {
    const state = readComfyHistory('comfyui', readComfyFixture('history-success.json'), promptId, '9');
    expect(state).toEqual({
      kind: 'success',
      images: [
        { filename: 'imagegate_00001_.png', subfolder: '', type: 'output' },
        { filename: 'imagegate_00002_.png', subfolder: '', type: 'output' },
      ],
    });
  });

  it('without an output node takes every output image in node order and skips previews', () => {
    const history = {
      [promptId]: {
        outputs: {
          '12': { images: [{ filename: 'b.png', subfolder: 'x', type: 'output' }] },
          '9': { images: [{ filename: 'a.png', subfolder: '', type: 'output' }] },
          '20': { images: [{ filename: 'preview.png', subfolder: '', type: 'temp' }], text: ['not an image'] },
        },
        status: { status_str: 'success', completed: true, messages: [] },
      },
    };
    const state = readComfyHistory('comfyui', history, promptId, undefined);
    expect(state.kind === 'success' && state.images.map((image) => image.filename)).toEqual(['a.png', 'b.png']);
  });

  it('explains a failed run from its execution_error message', () => {
    expect(readComfyHistory('comfyui', readComfyFixture('history-error.json'), promptId, '9')).toEqual({
      kind: 'error',
      message: 'the run failed in node 3 (KSampler): torch.OutOfMemoryError: Allocation on device \nThis error means you ran out of memory on your GPU.',
      interrupted: false,
    });
  });

  it('says when the run was interrupted on the server', () => {
    const history = { [promptId]: { outputs: {}, status: { status_str: 'error', completed: false, messages: [['execution_interrupted', { prompt_id: promptId, node_id: '3' }]] } } };
    expect(readComfyHistory('comfyui', history, promptId, undefined)).toEqual({ kind: 'error', message: 'the run was interrupted on the server', interrupted: true });
  });

  it('treats an entry without status (servers before 2023) as finished', () => {
    const history = { [promptId]: { outputs: { '9': { images: [{ filename: 'a.png', subfolder: '', type: 'output' }] } } } };
    expect(readComfyHistory('comfyui', history, promptId, '9')).toMatchObject({ kind: 'success' });
  });

  it('refuses an answer of another shape as invalid_response', () => {
    let caught: unknown;
    try {
      readComfyHistory('comfyui', { [promptId]: { outputs: { '9': { images: [{ subfolder: '' }] } } } }, promptId, '9');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProviderError);
    expect(caught).toMatchObject({ kind: 'invalid_response', isRetryable: false });
  });
});
