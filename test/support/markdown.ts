/**
 * Whether Discord would render a masked link (`[text](url)`) in `text`: an unescaped `[`, then an unescaped
 * `]` directly followed by `(`. A backslash escapes the punctuation after it, as in Discord's markdown.
 */
export function hasMaskedLink(text: string): boolean {
  let open = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && /[^0-9A-Za-z\s]/.test(text[i + 1] ?? 'a')) {
      i++;
      continue;
    }
    if (c === '[') open = true;
    else if (c === ']' && open && text[i + 1] === '(') return true;
  }
  return false;
}
