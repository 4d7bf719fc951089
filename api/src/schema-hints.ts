// graphql-js suggests names from the schema in its error messages ('Did you mean "name"?'). With
// introspection off (production) those hints would reveal the schema piece by piece, so they are cut.

const HINT = / ?Did you mean [\s\S]*$/;

/** The message without graphql-js's suggestion, from the first "Did you mean" on. */
export function withoutSchemaHints(message: string): string {
  return message.replace(HINT, '');
}
