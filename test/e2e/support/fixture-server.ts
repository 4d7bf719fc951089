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
