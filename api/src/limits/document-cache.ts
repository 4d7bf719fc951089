// Parsed and validated documents by the hash of their text, least recently used first out. Apollo
// consults it before parsing and stores a document once it has passed validation (limits included),
// so a repeated query skips both.
import type { DocumentNode } from 'graphql';

export class DocumentCache {
  readonly #documents = new Map<string, DocumentNode>();

  constructor(
    private readonly capacity = 2_000,
    private readonly onLookup: (result: 'hit' | 'miss') => void = () => {},
  ) {}

  get size(): number {
    return this.#documents.size;
  }

  async get(key: string): Promise<DocumentNode | undefined> {
    const document = this.#documents.get(key);
    this.onLookup(document ? 'hit' : 'miss');
    if (document) {
      this.#documents.delete(key);
      this.#documents.set(key, document);
    }
    return document;
  }

  async set(key: string, document: DocumentNode): Promise<void> {
    this.#documents.delete(key);
    this.#documents.set(key, document);
    if (this.#documents.size > this.capacity) {
      const oldest = this.#documents.keys().next().value;
      if (oldest !== undefined) this.#documents.delete(oldest);
    }
  }

  async delete(key: string): Promise<boolean> {
    return this.#documents.delete(key);
  }
}
