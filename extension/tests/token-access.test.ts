import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The token lives in `local:` storage, which content scripts could read in principle; the rule in
// src/utils/storage.ts is that only background modules touch it. These tests enforce that rule.
const SRC = resolve(import.meta.dirname, '../src');
const TOKEN_MODULES = ['api/connection.ts', 'settings/settings-store.ts', 'utils/storage.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = resolve(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | null {
  const base = specifier.startsWith('@/')
    ? resolve(SRC, specifier.slice(2))
    : specifier.startsWith('.')
      ? resolve(dirname(from), specifier)
      : null;
  if (!base) return null;
  const candidates = [base, `${base}.ts`, `${base}.tsx`, resolve(base, 'index.ts')];
  return candidates.find((path) => /\.(ts|tsx)$/.test(path) && existsSync(path)) ?? null;
}

/** Every source module an entry bundles (type-only imports are erased, so they do not count). */
function bundledModules(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^import\s+(type\s+)?[^'"]*?['"]([^'"]+)['"]/gm)) {
      if (match[1] || !match[2]) continue;
      const target = resolveImport(file, match[2]);
      if (target) visit(target);
    }
  };
  visit(resolve(SRC, entry));
  return [...seen].map((file) => relative(SRC, file)).sort();
}

describe('API token access', () => {
  it('is confined to the settings and connection modules (and its declaration)', () => {
    const users = sourceFiles(SRC)
      .filter((file) => /\bapiToken\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file))
      .sort();
    expect(users).toEqual(TOKEN_MODULES);
  });

  it('leaves the content script without any storage module', () => {
    const modules = bundledModules('entrypoints/linkedin.content/index.ts');
    expect(modules).toContain('utils/linkedin-page.ts');
    expect(modules.filter((module) => TOKEN_MODULES.includes(module))).toEqual([]);
  });

  it('leaves the overlay’s UI without the token and without any API client: it goes through the background', () => {
    const modules = bundledModules('entrypoints/overlay-ui.content/index.tsx');
    expect(modules).toContain('overlay/AddStakeholderForm.tsx');
    expect(modules).toContain('overlay/stakeholder-adder.ts');
    expect(modules.filter((module) => TOKEN_MODULES.includes(module))).toEqual([]);
    expect(
      modules.filter(
        (module) => module.startsWith('api/') && module !== 'api/enum-labels.ts' && module !== 'api/enum-values.ts',
      ),
    ).toEqual([]);
  });

  it('leaves the popup without the modules that read the token', () => {
    const modules = bundledModules('entrypoints/popup/main.tsx');
    expect(modules).toContain('entrypoints/popup/SettingsForm.tsx');
    expect(modules).not.toContain('api/connection.ts');
    expect(modules).not.toContain('settings/settings-store.ts');
  });

  it('reaches the dashboard (an extension page that queries the API) only through api/connection.ts', () => {
    const modules = bundledModules('entrypoints/dashboard/main.tsx');
    expect(modules).toContain('api/connection.ts');
    expect(modules).not.toContain('settings/settings-store.ts');
  });

  it('is read by the background', () => {
    expect(bundledModules('entrypoints/background/index.ts')).toEqual(expect.arrayContaining(TOKEN_MODULES));
  });
});
