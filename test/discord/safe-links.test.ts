import { describe, expect, it } from 'vitest';
import { escapeLinkMarkdown, httpUrl, safeLink, validTimestamp } from '../../src/discord/safe-links.ts';
import { hasMaskedLink } from '../support/markdown.ts';

describe('safeLink', () => {
  it.each([
    'https://github.com/example/repo',
    'https://www.github.com/example/repo',
    'https://gitlab.com/group/project',
    'https://huggingface.co/spaces/someone/demo',
    'http://arxiv.org/abs/2509.04664',
  ])('keeps %s', (url) => {
    expect(safeLink(url)).toBe(url);
  });

  it.each([
    'https://evil.example/x',
    'https://github.com.evil.example/x',
    'https://notgithub.com/x',
    'https://user:pass@github.com/x',
    'javascript:alert(1)',
    'ftp://github.com/x',
    'github.com/example/repo',
    'https://',
    '',
    null,
    `https://github.com/${'a'.repeat(600)}`,
  ])('refuses %j', (url) => {
    expect(safeLink(url)).toBeNull();
  });
});

describe('httpUrl', () => {
  it('keeps any http(s) URL and refuses other schemes', () => {
    expect(httpUrl('https://cdn.example.org/t.png')).toBe('https://cdn.example.org/t.png');
    expect(httpUrl('javascript:alert(1)')).toBeNull();
    expect(httpUrl('ftp://cdn.example.org/t.png')).toBeNull();
    expect(httpUrl('junk')).toBeNull();
  });
});

describe('escapeLinkMarkdown', () => {
  it.each([
    '[click](https://evil.example)',
    'See [here](<https://evil.example>) now',
    '\\\\[click](https://evil.example)',
    '[nested [x]](https://evil.example)',
  ])('leaves no masked link in %j', (text) => {
    expect(hasMaskedLink(text)).toBe(true);
    expect(hasMaskedLink(escapeLinkMarkdown(text))).toBe(false);
  });

  it('leaves text without brackets or backslashes as it is', () => {
    expect(escapeLinkMarkdown('Plain (with parentheses) text.')).toBe('Plain (with parentheses) text.');
  });
});

describe('validTimestamp', () => {
  it('parses a date and refuses junk', () => {
    expect(validTimestamp('2025-09-04T21:26:31.000Z')?.toISOString()).toBe('2025-09-04T21:26:31.000Z');
    expect(validTimestamp('junk')).toBeNull();
    expect(validTimestamp(null)).toBeNull();
  });
});
