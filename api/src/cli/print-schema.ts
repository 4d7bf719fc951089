// Writes the GraphQL schema to api/schema.graphql: the committed contract for clients.
import { writeFile } from 'node:fs/promises';
import { printedSchema, schemaFile } from '../schema/printed.ts';

await writeFile(schemaFile, printedSchema());
console.log(`Wrote ${schemaFile}`);
