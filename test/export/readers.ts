// Readers of the export formats, strict where the formats are, to check what the writers produce.

/** An RFC 4180 reader: CRLF records, quoted fields may hold commas, CR, LF and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n')
          throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted field at ${i}`);
        field += text[i++];
      }
    }
    record.push(field);
    if (text[i] === ',') {
      i++;
    } else if (text.startsWith('\r\n', i)) {
      i += 2;
      records.push(record);
      record = [];
    } else {
      throw new Error(`expected , or CRLF at ${i}`);
    }
  }
  if (record.length > 0) throw new Error('last record without CRLF');
  return records;
}

export interface Entry {
  type: string;
  key: string;
  fields: Map<string, string>;
}

/**
 * A small BibTeX reader, strict where BibTeX is: braces balance by plain counting (BibTeX ignores
 * backslashes there), every entry is `@type{key,` then `name = {value}` fields separated by commas.
 */
export function parseBibtex(text: string): Entry[] {
  const entries: Entry[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${i}: ${JSON.stringify(text.slice(i, i + 40))}`);
  };
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  };
  const braced = (): string => {
    if (text[i] !== '{') fail('expected {');
    let depth = 0;
    const start = i + 1;
    for (; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) return text.slice(start, i++);
    }
    return fail('unbalanced braces');
  };
  for (skipSpace(); i < text.length; skipSpace()) {
    const head = /^@(\w+)\{([^\s,{}()="#%'~\\]+),/.exec(text.slice(i));
    if (!head) fail('expected @type{key,');
    const [whole, type = '', key = ''] = head ?? [];
    i += whole?.length ?? 0;
    const fields = new Map<string, string>();
    for (;;) {
      skipSpace();
      if (text[i] === '}') {
        i++;
        break;
      }
      const name = /^(\w+)\s*=\s*/.exec(text.slice(i));
      if (!name) fail('expected a field');
      i += name?.[0].length ?? 0;
      if (fields.has(name?.[1] ?? '')) fail('repeated field');
      fields.set(name?.[1] ?? '', braced());
      skipSpace();
      if (text[i] === ',') i++;
      else if (text[i] !== '}') fail('expected , or }');
    }
    entries.push({ type, key, fields });
  }
  return entries;
}
