/**
 * A LaTeXML page of at least `chars` characters: the first page with, inside its one article, the content of the
 * pages' articles in turn, over and over. Long papers (surveys, appendices of hundreds of tables) reach several
 * megabytes; the parser reads one article.
 */
export function longPage(pages: readonly string[], chars: number): string {
  const bodies = pages.map((html) => {
    const open = html.indexOf('>', html.indexOf('<article')) + 1;
    const close = html.lastIndexOf('</article>');
    if (open === 0 || close < open) throw new Error('not a LaTeXML page: no <article>');
    return html.slice(open, close);
  });
  const first = pages[0] ?? '';
  const parts = [first.slice(0, first.indexOf('>', first.indexOf('<article')) + 1)];
  let length = parts[0]!.length;
  for (let i = 0; length < chars; i++) {
    const body = bodies[i % bodies.length]!;
    parts.push(body);
    length += body.length;
  }
  parts.push(first.slice(first.lastIndexOf('</article>')));
  return parts.join('');
}
