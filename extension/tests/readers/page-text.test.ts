import { describe, expect, it } from 'vitest';
import { isCurrentRange, isDateRange } from '@/readers/experience-section';
import { cleanText, readText, textLines } from '@/readers/page-text';

function element(html: string): Element {
  const doc = new DOMParser().parseFromString(`<div id="root">${html}</div>`, 'text/html');
  return doc.getElementById('root') as Element;
}

describe('cleanText', () => {
  it.each([
    { raw: '  Jane \n\t Doe  ', text: 'Jane Doe', truncated: false },
    { raw: 'Jane\u00a0Doe', text: 'Jane Doe', truncated: false },
    { raw: 'Ja\u200bne\u2060 \ufeffDoe', text: 'Jane Doe', truncated: false },
    { raw: 'Jane\u200dDoe', text: 'JaneDoe', truncated: false },
    { raw: 'Dev 👩\u200d💻 🏳️\u200d🌈', text: 'Dev 👩\u200d💻 🏳️\u200d🌈', truncated: false },
    { raw: 'a\u0000b\u0007c', text: 'abc', truncated: false },
    {
      raw: '<img src=x onerror=alert(1)> & "quotes"',
      text: '<img src=x onerror=alert(1)> & "quotes"',
      truncated: false,
    },
    { raw: `${' '.repeat(5000)}Jane${' '.repeat(5000)}`, text: 'Jane', truncated: false },
    { raw: '🦄'.repeat(301), text: '🦄'.repeat(300), truncated: true },
    { raw: 'ab '.repeat(400_000), text: 'ab '.repeat(100).trim(), truncated: true },
  ])('$raw → "$text"', ({ raw, text, truncated }) => {
    expect(cleanText(raw)).toEqual({ text, truncated });
  });

  // Text-direction controls: read in the order the page displays, and always reported (unsure).
  it.each([
    { raw: '\u202eevil\u202c name', text: 'live name' },
    { raw: 'Umbrella \u202eproC', text: 'Umbrella Corp' },
    { raw: 'Umbrella \u202eproC\u202c · Full-time', text: 'Umbrella Corp · Full-time' },
    { raw: 'Jane Doe\u200e', text: 'Jane Doe' },
    { raw: 'Jane Doe\u200f', text: 'Jane Doe' },
    { raw: 'Acme\u061c', text: 'Acme' },
    { raw: '\u202aAcme\u202c', text: 'Acme' },
    { raw: '\u202bAcme\u202c', text: 'Acme' },
    { raw: '\u202dAcme\u202c', text: 'Acme' },
    { raw: '\u2066Acme\u2069 Corp', text: 'Acme Corp' },
    { raw: '\u2067Acme\u2069 Corp', text: 'Acme Corp' },
    { raw: '\u2068Acme\u2069 Corp', text: 'Acme Corp' },
    // Already right to left: kept in logical order, as RTL text is stored everywhere.
    { raw: '\u202eשלום\u202c', text: 'שלום' },
    // Nested controls: not reordered (a simple rule would get them wrong), but reported.
    { raw: '\u202e\u202ecba\u202c\u202c', text: 'cba' },
  ])('$raw → "$text", marked unsure', ({ raw, text }) => {
    expect(cleanText(raw)).toEqual({ text, truncated: false, directionControls: true });
  });
});

describe('textLines and readText', () => {
  it.each([
    {
      name: 'visible copy kept, .visually-hidden copy dropped',
      html: '<span aria-hidden="true">Engineer</span><span class="visually-hidden">Engineer</span>',
      lines: ['Engineer'],
    },
    {
      name: 'screen-reader copy with an obfuscated class dropped after an aria-hidden twin',
      html: '<div><span aria-hidden="true">Jan 2020 - Present</span><span class="_x1">Jan 2020 to Present</span></div>',
      lines: ['Jan 2020 - Present'],
    },
    {
      name: 'screen-reader text used when it is all there is',
      html: '<span class="visually-hidden">Only for screen readers</span>',
      lines: ['Only for screen readers'],
    },
    {
      name: 'inline elements joined into one line, blocks split',
      html: '<p><time>Jan 2020</time> - <b>Present</b></p><div>Next</div>',
      lines: ['Jan 2020 - Present', 'Next'],
    },
    {
      name: 'scripts, styles, buttons, svg and hidden elements ignored',
      html: '<script>alert(1)</script><style>p{}</style><button>Connect</button><svg><text>x</text></svg><p hidden>no</p><p>yes</p>',
      lines: ['yes'],
    },
    {
      name: 'consecutive repeats dropped',
      html: '<div>Acme</div><div>Acme</div><div>Beta</div>',
      lines: ['Acme', 'Beta'],
    },
  ])('$name', ({ html, lines }) => {
    expect(textLines(element(html)).map((line) => line.text)).toEqual(lines);
  });

  it('reads a name split over inline elements with the space between them', () => {
    expect(readText(element('<h1><b>Jane</b> <i>Doe</i></h1>'))).toEqual({ text: 'Jane Doe', truncated: false });
  });

  it('keeps a megabyte text node to one capped, truncated line', () => {
    const root = element('');
    root.append('x '.repeat(500_000));
    const [line] = textLines(root);
    expect(line?.text).toHaveLength(299);
    expect(line?.truncated).toBe(true);
  });
});

describe('date ranges', () => {
  it.each([
    { line: 'Jan 2020 - Present · 4 yrs 2 mos', range: true, current: true },
    { line: 'Jan 2020 to Present · 4 yrs 2 mos', range: true, current: true },
    { line: 'Jan 2020 Present 4 years', range: true, current: true },
    { line: 'Okt. 2020 – heute · 3 J. 9 Mon.', range: true, current: true },
    { line: 'janv. 2022 - aujourd’hui · 2 ans', range: true, current: true },
    { line: 'sept. 2017 - déc. 2021 · 4 ans', range: true, current: false },
    { line: '2019-2021', range: true, current: false },
    { line: 'May 2018 - Mar 2022', range: true, current: false },
    { line: 'Present Value Analyst', range: false, current: false },
    { line: 'Full-time · 6 yrs 1 mo', range: false, current: false },
    { line: 'Present - 2020', range: true, current: false },
  ])('"$line": range $range, current $current', ({ line, range, current }) => {
    expect(isDateRange(line)).toBe(range);
    expect(isCurrentRange(line)).toBe(current);
  });
});
