// arXiv has two id schemes: new-style `YYMM.NNNN` (from 0704; five digits after the dot since 1501) and
// old-style `archive[.SUBJ]/YYMMNNN`. Users paste either, with versions, prefixes and URLs around them.
const NEW_STYLE = /^((\d{2})(\d{2})\.(\d{4,5}))(?:v\d+)?$/;
const OLD_STYLE = /^([a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/;

/**
 * The canonical arXiv id (no version) of `input`, or null when it is not one.
 * Accepts `arXiv:2509.04664v2`, `https://arxiv.org/abs/...`, `.../pdf/....pdf`,
 * `https://huggingface.co/papers/...`, `hep-th/9901001`, `math.CA/0611800v2`.
 */
export function normalizeArxivId(input: string): string | null {
  let s = input.trim();
  s = s.replace(/^arxiv:\s*/i, '');
  const url = tryUrl(s);
  if (url) {
    const m = url.pathname.match(/^\/(?:abs|pdf|html|papers)\/(.+?)\/?$/);
    if (!m?.[1]) return null;
    const decoded = tryDecode(m[1]);
    if (decoded === null) return null;
    s = decoded.replace(/\.pdf$/i, '');
  }
  const modern = s.match(NEW_STYLE);
  if (modern) {
    const yymm = Number(`${modern[2]}${modern[3]}`);
    const digits = modern[4]?.length;
    const month = Number(modern[3]);
    const valid = month >= 1 && month <= 12 && yymm >= 704 && digits === (yymm >= 1501 ? 5 : 4);
    return valid ? (modern[1] ?? null) : null;
  }
  // Archive names are lower case, subject classes upper case (`math.CA`); users often get the case wrong.
  const [archive, rest] = splitOnce(s, '/');
  if (rest === undefined) return null;
  const [name, subject] = splitOnce(archive, '.');
  const fixed = `${name.toLowerCase()}${subject === undefined ? '' : `.${subject.toUpperCase()}`}/${rest}`;
  const old = fixed.match(OLD_STYLE);
  return old?.[1] ?? null;
}

function tryUrl(s: string): URL | null {
  if (!/^https?:\/\//i.test(s)) return null;
  try {
    return new URL(s);
  } catch {
    return null;
  }
}

/** A malformed percent-escape (`%E0%A4%A`) makes decodeURIComponent throw: such a link is not an id. */
function tryDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

export const arxivLinks = (id: string) => ({
  hf: `https://huggingface.co/papers/${id}`,
  abs: `https://arxiv.org/abs/${id}`,
  pdf: `https://arxiv.org/pdf/${id}`,
});
