// CSV cells for files people open in spreadsheets: every exported CSV writes its cells through here.
// A text cell starting with = + - @, a tab or a carriage return would be read as a formula (CSV
// injection): it gets a leading apostrophe, so the spreadsheet shows it as text.

/** One CSV field: text quoted with quotes doubled and a leading formula character neutralized. */
export function csvField(value: string | number | bigint | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** Rows as a CSV file: comma-separated fields, CRLF line ends, a final line end. */
export function csvFile(rows: ReadonlyArray<ReadonlyArray<string | number | bigint | null>>): string {
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
