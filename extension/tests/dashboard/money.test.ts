import { describe, expect, it } from 'vitest';
import { minorDigits, moneyFormat } from '@/dashboard/money';

describe('money from minor units', () => {
  it.each([
    { currency: 'USD', digits: 2 },
    { currency: 'EUR', digits: 2 },
    { currency: 'JPY', digits: 0 },
    { currency: 'KWD', digits: 3 },
  ])('$currency has $digits minor digits', ({ currency, digits }) => {
    expect(minorDigits(currency)).toBe(digits);
  });

  it.each([
    { currency: 'USD', minor: 120_000_000, text: '$1,200,000' },
    { currency: 'USD', minor: 45_000_050, text: '$450,000.50' },
    { currency: 'USD', minor: 0, text: '$0' },
    { currency: 'JPY', minor: 1_500_000, text: '¥1,500,000' },
    { currency: 'KWD', minor: 1_234_567, text: 'KWD 1,234.567' },
    { currency: 'EUR', minor: 99, text: '€0.99' },
  ])('formats $minor $currency as $text', ({ currency, minor, text }) => {
    expect(
      moneyFormat(currency, 'en-US')
        .format(minor)
        .replace(/\u00a0/g, ' '),
    ).toBe(text);
  });

  it('formats in the given locale', () => {
    expect(
      moneyFormat('EUR', 'de-DE')
        .format(120_000_050)
        .replace(/\u00a0/g, ' '),
    ).toBe('1.200.000,50 €');
  });

  it('shortens amounts for chart axes and gives major units for charts', () => {
    const usd = moneyFormat('USD', 'en-US');
    expect(usd.compact(120_000_000)).toBe('$1.2M');
    expect(usd.major(120_000_000)).toBe(1_200_000);
  });

  it('falls back to a plain number with the code for a currency Intl does not accept', () => {
    expect(moneyFormat('XX', 'en-US').format(12_345)).toBe('123.45 XX');
  });
});
