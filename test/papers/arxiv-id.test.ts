import { describe, expect, it } from 'vitest';
import { normalizeArxivId } from '../../src/papers/arxiv-id.ts';

describe('normalizeArxivId', () => {
  it.each([
    ['2509.04664', '2509.04664'],
    ['arXiv:2509.04664v2', '2509.04664'],
    ['ARXIV: 2509.04664', '2509.04664'],
    ['  2509.04664v12 ', '2509.04664'],
    ['0704.0001', '0704.0001'],
    ['https://arxiv.org/abs/2509.04664', '2509.04664'],
    ['https://arxiv.org/abs/2509.04664v3', '2509.04664'],
    ['http://arxiv.org/pdf/2509.04664v1.pdf', '2509.04664'],
    ['https://arxiv.org/pdf/2509.04664', '2509.04664'],
    ['https://huggingface.co/papers/2509.07980', '2509.07980'],
    ['hep-th/9901001', 'hep-th/9901001'],
    ['hep-th/9901001v3', 'hep-th/9901001'],
    ['math.CA/0611800v2', 'math.CA/0611800'],
    ['math.ca/0611800', 'math.CA/0611800'],
    ['arXiv:cond-mat/0102536v1', 'cond-mat/0102536'],
    ['https://arxiv.org/abs/math.CA/0611800v2', 'math.CA/0611800'],
  ])('%s -> %s', (input, id) => {
    expect(normalizeArxivId(input)).toBe(id);
  });

  it.each([
    '',
    'diffusion models',
    '2509.0466',
    '25090.4664',
    'hep-th/99010',
    'https://example.com/x',
    '1234.56789v',
    'http://arxiv.org/list/cs.AI',
  ])('refuses %j', (input) => {
    expect(normalizeArxivId(input)).toBeNull();
  });

  it.each([
    'https://arxiv.org/abs/%E0%A4%A',
    'https://huggingface.co/papers/2509.%E0%A4%A',
    'https://arxiv.org/pdf/%zz.pdf',
  ])('refuses a link with a malformed percent-escape, without throwing: %j', (input) => {
    expect(normalizeArxivId(input)).toBeNull();
  });
});
