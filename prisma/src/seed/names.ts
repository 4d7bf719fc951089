// Text for the demo data: ASCII folding, slugs, e-mail address parts, company keys and URLs.
const FOLDED: Record<string, string> = {
  ß: 'ss',
  ø: 'o',
  Ø: 'O',
  æ: 'ae',
  Æ: 'AE',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
  œ: 'oe',
  Œ: 'OE',
  þ: 'th',
  Þ: 'Th',
};

/** "Jürgen Łukasz Øster" → "Jurgen Lukasz Oster": letters decomposition cannot strip are mapped. */
function asciiFold(text: string): string {
  return text
    .replace(/[ßøØæÆłŁđĐıœŒþÞ]/g, (letter) => FOLDED[letter] ?? letter)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

export function slugify(text: string): string {
  return asciiFold(text)
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** "Ní Bhriain" → "nibhriain", "Min-jun" → "min-jun". */
export function emailPart(text: string): string {
  return asciiFold(text)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
}

/** The uniqueness key of a company: its folded letters and digits ("Blue Water" = "Bluewater"). */
export function companyKey(name: string): string {
  return slugify(name).replace(/-/g, '');
}

export function companyUrlOf(name: string): string {
  return `linkedin.com/company/${slugify(name)}`;
}
