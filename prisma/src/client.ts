// The generated Prisma client and its types, under one stable import path.
export * from '../generated/client/client.js';
