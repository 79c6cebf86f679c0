// A small RFC 4180 CSV reader: quoted fields (with "" for a quote, and line breaks inside), CRLF or
// LF line ends, a UTF-8 byte-order mark, and `,` or `;` as the delimiter (spreadsheets in many
// locales write `;`), chosen by which one the header line holds more of outside quotes.

export class CsvError extends Error {
  constructor(readonly row: number, message: string) {
    super(message);
  }
}

function delimiterOf(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/** The rows of `text`, each an array of cells; blank lines are left out. Rows are numbered from 1. */
export function parseCsv(input: string): Array<{ row: number; cells: string[] }> {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const delimiter = delimiterOf(text);
  const rows: Array<{ row: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowStart = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0] !== '') rows.push({ row: rowStart, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      rowStart = ++line;
    } else cell += ch;
  }
  if (quoted) throw new CsvError(rowStart, 'a quoted field is not closed');
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}
