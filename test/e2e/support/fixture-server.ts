// Serves LinkedIn-style pages on loopback. Pages are registered per test: path → HTML.
import { createServer, type Server } from 'node:http';

export interface FixtureServer {
  port: number;
  /** Serve `html` at `path` (e.g. /in/dana-ruiz/), with or without a trailing slash. */
  page(path: string, html: string): void;
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://www.linkedin.com').pathname.replace(/\/+$/, '');
    const html = pages.get(path);
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? '<!DOCTYPE html><title>Not found</title><h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    page: (path, html) => pages.set(path.replace(/\/+$/, ''), html),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A logged-in style profile page. Every value is inserted as text by the caller's escaping. */
export function profilePage(person: {
  name: string;
  headline: string;
  title: string;
  company: string;
  companySlug: string;
}): string {
  const text = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${text(person.name)} | LinkedIn</title></head>
<body><main>
<section class="artdeco-card"><h1 class="text-heading-xlarge">${text(person.name)}</h1>
<div class="text-body-medium">${text(person.headline)}</div></section>
<section><div id="experience"></div><h2><span aria-hidden="true">Experience</span></h2>
<ul><li><div><span aria-hidden="true">${text(person.title)}</span></div>
<a href="https://www.linkedin.com/company/${person.companySlug}/"><span aria-hidden="true">${text(person.company)}</span></a>
<span aria-hidden="true">Jan 2021 - Present · 3 yrs</span></li></ul></section>
</main></body></html>`;
}

/** A logged-in style company page. */
export function companyPage(company: { name: string; industry: string }): string {
  const text = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${text(company.name)} | LinkedIn</title></head>
<body><main>
<section class="org-top-card"><h1 class="org-top-card-summary__title">${text(company.name)}</h1>
<div class="org-top-card-summary-info-list__info-item">${text(company.industry)}</div></section>
</main></body></html>`;
}

export interface SpaPerson {
  slug: string;
  name: string;
  headline: string;
  title: string;
  company: string;
  companySlug: string;
}

export interface SpaTiming {
  /** How long the previous person stays on screen after the URL changed. */
  topCardAfterMs: number;
  /** When the Experience section renders, after the top card. */
  experienceAfterMs: number;
}

/**
 * A single-page profile site like LinkedIn's: one shell for every `/in/<slug>/`; links move
 * between people with `history.pushState`, the previous person stays on screen until the new top
 * card renders, and the Experience section renders later still. A "People also viewed" sidebar
 * links to the others. `window.__experienceShown` says which person's Experience is on screen.
 */
export function spaSite(people: SpaPerson[], timing: SpaTiming): string {
  const data = JSON.stringify(Object.fromEntries(people.map((person) => [person.slug, person]))).replace(
    /</g,
    '\\u003c',
  );
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>LinkedIn</title></head>
<body><main id="app"></main>
<script>
const PEOPLE = ${data};
const TIMING = ${JSON.stringify(timing)};
const app = document.getElementById('app');
let generation = 0;
window.__experienceShown = null;
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
}
function slugOf(path) { const match = /^\\/in\\/([^/]+)/.exec(path); return match ? match[1] : null; }
function sidebar(current) {
  const list = el('ul');
  for (const person of Object.values(PEOPLE)) {
    if (person.slug === current) continue;
    const link = el('a', { href: '/in/' + person.slug + '/', 'data-spa': '' }, person.name);
    list.append(el('li', {}, link, el('div', {}, person.headline)));
  }
  return el('aside', { 'aria-label': 'People also viewed' }, el('h2', {}, 'People also viewed'), list);
}
function render(slug, immediate) {
  const mine = ++generation;
  const person = PEOPLE[slug];
  const show = () => {
    if (mine !== generation) return;
    window.__experienceShown = null;
    app.replaceChildren(
      el('section', { class: 'artdeco-card pv-top-card' },
        el('h1', { class: 'text-heading-xlarge' }, person.name),
        el('div', { class: 'text-body-medium break-words' }, person.headline),
        el('a', { href: '/in/' + slug + '/overlay/contact-info/' }, 'Contact info')),
      sidebar(slug));
    setTimeout(() => {
      if (mine !== generation) return;
      const item = el('li', {},
        el('div', {}, el('span', { 'aria-hidden': 'true' }, person.title)),
        el('a', { href: 'https://www.linkedin.com/company/' + person.companySlug + '/' }, el('span', { 'aria-hidden': 'true' }, person.company)),
        el('span', { 'aria-hidden': 'true' }, 'Jan 2021 - Present · 3 yrs'));
      const section = el('section', {}, el('div', { id: 'experience' }), el('h2', {}, 'Experience'), el('ul', {}, item));
      app.querySelector('.pv-top-card').after(section);
      window.__experienceShown = slug;
    }, TIMING.experienceAfterMs);
  };
  if (immediate) show(); else setTimeout(show, TIMING.topCardAfterMs);
}
document.addEventListener('click', (event) => {
  const link = event.target.closest && event.target.closest('a[data-spa]');
  if (!link) return;
  event.preventDefault();
  history.pushState(null, '', link.getAttribute('href'));
  render(slugOf(location.pathname), false);
});
window.addEventListener('popstate', () => render(slugOf(location.pathname), false));
render(slugOf(location.pathname), true);
</script></body></html>`;
}
