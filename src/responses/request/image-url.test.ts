import { describe, expect, it } from 'vitest';
import { checkImageUrl } from './image-url.ts';

describe('checkImageUrl', () => {
  it.each([
    'https://example.com/cat.png',
    'http://localhost:8080/a.jpg?x=1',
    'data:image/png;base64,iVBORw0KGgo=',
    'data:image/jpeg;base64,/9j/4AAQ',
    'data:image/webp;base64,UklGRg',
    'DATA:IMAGE/GIF;BASE64,R0lGODlh',
  ])('accepts %s', (url) => {
    expect(checkImageUrl(url)).toBeUndefined();
  });

  it.each([
    ['cat.png', 'invalid_image_url'],
    ['ftp://example.com/cat.png', 'invalid_image_url'],
    ['https://', 'invalid_image_url'],
    ['data:image/png,rawbytes', 'invalid_image_url'],
    ['data:image/png;base64', 'invalid_image_url'],
    ['data:text/plain;base64,aGk=', 'invalid_image_url'],
    ['data:image/svg+xml;base64,PHN2Zz4=', 'unsupported_image_media_type'],
    ['data:image/png;base64,', 'invalid_base64_image'],
    ['data:image/png;base64,a', 'invalid_base64_image'],
    ['data:image/png;base64,ab=c', 'invalid_base64_image'],
    ['data:image/png;base64,aGk h', 'invalid_base64_image'],
  ])('rejects %s with %s', (url, code) => {
    expect(checkImageUrl(url)?.code).toBe(code);
  });

  it('keeps huge values out of the message', () => {
    const message = checkImageUrl(`x${'a'.repeat(10_000)}`)?.message ?? '';
    expect(message.length).toBeLessThan(400);
  });

  it('checks a large data URL quickly', () => {
    const url = `data:image/png;base64,${'A'.repeat(8_000_000)}`;
    const started = performance.now();
    expect(checkImageUrl(url)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(500);
  });
});
