/**
 * Amounts from the API are integers in minor units of the organization's currency (cents for USD,
 * yen for JPY, fils for KWD). The number of minor digits comes from Intl, not from a table here.
 */

/** How many minor-unit digits the currency has (2 for EUR, 0 for JPY, 3 for KWD). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function toMajorUnits(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}

export interface MoneyFormat {
  /** Full amount: whole units when it is whole (`$120,000`), otherwise with the minor digits. */
  format(minor: number): string;
  /** Short amount for chart axes (`$1.2M`). */
  compact(minor: number): string;
  /** Minor units to a plain number of major units, for charts. */
  major(minor: number): number;
}

/** Formats for the organization's currency; an unknown code is shown as a plain number with the code. */
export function moneyFormat(currency: string, locale?: string): MoneyFormat {
  const digits = minorDigits(currency);
  const scale = 10 ** digits;
  let whole: Intl.NumberFormat;
  let exact: Intl.NumberFormat;
  let compact: Intl.NumberFormat;
  try {
    whole = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: 0,
      maximumFractionDigits: 0,
    });
    exact = new Intl.NumberFormat(locale, { style: 'currency', currency });
    compact = new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact' });
  } catch {
    const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
    const text = (minor: number) => `${plain.format(minor / scale)} ${currency}`;
    return { format: text, compact: text, major: (minor) => minor / scale };
  }
  return {
    format: (minor) => (minor % scale === 0 ? whole : exact).format(minor / scale),
    compact: (minor) => compact.format(minor / scale),
    major: (minor) => minor / scale,
  };
}
