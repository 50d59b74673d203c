import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ftsString, matchExpression } from '../../src/search/fts-query.ts';
import { MAX_QUERY_CHARS, MAX_TERMS, parseQuery, words } from '../../src/search/query-parser.ts';

const terms = (q: string) => parseQuery(q).terms.map((t) => ({ ...t, words: t.words.join(' ') }));
const match = (q: string) => matchExpression(parseQuery(q).terms);

describe('query parser', () => {
  it('splits words as unicode61 does: letters and digits, case and diacritics folded', () => {
    expect(words('Café  RÉSUMÉ naïve GPT-4o, x_y')).toEqual(['cafe', 'resume', 'naive', 'gpt', '4o', 'x', 'y']);
  });

  it('reads plain words, all required, with the last one also a prefix', () => {
    expect(terms('diffusion transf')).toEqual([
      { words: 'diffusion', negated: false, author: false, prefix: false },
      { words: 'transf', negated: false, author: false, prefix: true },
    ]);
    expect(match('diffusion transf')).toBe('("diffusion" AND "transf"*)');
  });

  it('reads quoted phrases; a closed phrase at the end is not a prefix, an unclosed one is', () => {
    expect(match('"large language model" agents')).toBe('("large language model" AND "agents"*)');
    expect(match('agents "large language model"')).toBe('("agents" AND "large language model")');
    expect(match('agents "large lang')).toBe('("agents" AND "large lang"*)');
  });

  it('reads exclusions of words and phrases, which are never prefixes', () => {
    expect(match('vision -"video generation" -audio')).toBe('"vision" NOT ("video generation" OR "audio")');
    expect(terms('-audio')[0]).toMatchObject({ negated: true, prefix: false });
  });

  it('reads author:name and author:"Full Name" as authors-column terms', () => {
    expect(match('author:hinton')).toBe('{authors}: "hinton"*');
    expect(match('author:"Geoffrey Hinton" capsules')).toBe('({authors}: "geoffrey hinton" AND "capsules"*)');
    expect(match('-author:smith nets')).toBe('"nets"* NOT ({authors}: "smith")');
  });

  it('treats an unknown prefix like foo: as words', () => {
    expect(match('title:attention')).toBe('("title" AND "attention"*)');
    expect(match('-title:attention')).toBe('"attention"* NOT ("title")');
    expect(match('abstract: attention')).toBe('("abstract" AND "attention"*)');
  });

  it('has nothing to search for when the query is empty or only exclusions', () => {
    for (const q of ['', '   ', '-foo', '-"a b" -c', '!!! ??? ***', '😀🎉', '\u0000\u0007'])
      expect(match(q)).toBeNull();
  });

  it('treats every FTS5 operator and special character as text', () => {
    expect(match('cats AND dogs OR NOT mice')).toBe('("cats" AND "and" AND "dogs" AND "or" AND "not" AND "mice"*)');
    expect(match('NEAR(a b, 3)')).toBe('("near a" AND "b" AND "3"*)');
    expect(match('a* ^b c:d {title}: (e) + f')).toBe('("a" AND "b" AND "c" AND "d" AND "title" AND "e" AND "f"*)');
    expect(match('"unbalanced')).toBe('"unbalanced"*');
    expect(match('one"two')).toBe('("one" AND "two"*)');
    expect(match('he said ""')).toBe('("he" AND "said"*)');
  });

  it('caps the length and the number of terms', () => {
    const many = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
    const q = parseQuery(many);
    expect(q.terms).toHaveLength(MAX_TERMS);
    expect(q.truncated).toBe(true);
    expect(q.terms.at(-1)!.prefix).toBe(false);
    const long = parseQuery('x'.repeat(6000));
    expect(long.terms[0]!.words[0]).toHaveLength(MAX_QUERY_CHARS);
  });

  it('doubles double quotes inside FTS5 strings', () => {
    expect(ftsString('say "hi"')).toBe('"say ""hi"""');
  });

  it('builds expressions FTS5 accepts for hostile input', () => {
    const db = new BetterSqlite3(':memory:');
    db.exec("CREATE VIRTUAL TABLE f USING fts5(a, b, authors, tokenize = 'porter unicode61 remove_diacritics 2')");
    db.exec("INSERT INTO f VALUES ('near and or not', 'x', '[\"Ada Lovelace\"]')");
    const run = db.prepare('SELECT count(*) FROM f WHERE f MATCH ?').pluck();
    for (const q of [
      'AND',
      'OR',
      'NOT',
      'NEAR',
      'near and or not',
      '"',
      '""',
      '(',
      ')',
      '*',
      '^',
      'a:b',
      '{a b}: c',
      '-',
      '- -',
      'author:',
      'author:"',
      'author:""',
      '\\"x\\"',
      'x"y"z',
      'NEAR("a" "b", 5)',
    ]) {
      const m = match(q);
      if (m !== null) expect(() => run.get(m), q).not.toThrow();
    }
    expect(run.get(match('near and or not')!)).toBe(1);
  });
});
