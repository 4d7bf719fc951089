// Which errors say "the database could not be reached or did not answer": each form node-postgres,
// pg-pool, the driver adapter and the Prisma client raise it in, against errors the server answered.
import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { Prisma } from '../../src/client.ts';
import { databaseTimeouts, isConnectionFailure } from '../../src/database.ts';

const serverError = (code: string, message = 'server error') => {
  const error = new pg.DatabaseError(message, 0, 'error');
  error.code = code;
  return error;
};
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
const prismaError = (code: string, message: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion: '7', meta });

describe('isConnectionFailure', () => {
  it.each<[string, unknown, boolean]>([
    ['an answer that never came (query_timeout)', new Error('Query read timeout'), true],
    ['no pooled connection in time', new Error('timeout exceeded when trying to connect'), true],
    ['connecting took too long', new Error('Connection terminated due to connection timeout'), true],
    ['the server went away', new Error('Connection terminated unexpectedly'), true],
    ['a pool already ended', new Error('Cannot use a pool after calling end on the pool'), true],
    ['refused', socketError('ECONNREFUSED'), true],
    ['reset', socketError('ECONNRESET'), true],
    ['unknown host', socketError('ENOTFOUND'), true],
    ['server shutting down (57P01)', serverError('57P01'), true],
    ['too many connections (53300)', serverError('53300'), true],
    ['adapter: connection closed', new DriverAdapterError({ kind: 'ConnectionClosed' }), true],
    ['adapter: not reachable', new DriverAdapterError({ kind: 'DatabaseNotReachable' }), true],
    [
      'Prisma P1017 with the adapter cause',
      prismaError('P1017', 'Server has closed the connection.', {
        driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'ConnectionClosed' } },
      }),
      true,
    ],
    [
      'Prisma raw query failed on a closed connection',
      prismaError('P2010', 'Raw query failed. Message: `Server has closed the connection.`', {
        driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'ConnectionClosed' } },
      }),
      true,
    ],
    ['Prisma P1001 (cannot reach)', prismaError('P1001', "Can't reach database server"), true],
    ['Prisma P2024 (pool timeout)', prismaError('P2024', 'Timed out fetching a new connection'), true],
    [
      'Prisma P2028: no connection for a transaction in time',
      prismaError('P2028', 'Transaction API error: Unable to start a transaction in the given time.'),
      true,
    ],
    // Answers from a working server, and other failures, are not.
    ['unique violation (23505)', serverError('23505'), false],
    ['statement cancelled by statement_timeout (57014)', serverError('57014'), false],
    ['syntax error (42601)', serverError('42601'), false],
    ['adapter: unique violation', new DriverAdapterError({ kind: 'UniqueConstraintViolation' }), false],
    [
      'Prisma P2002 (unique)',
      prismaError('P2002', 'Unique constraint failed', {
        driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'UniqueConstraintViolation' } },
      }),
      false,
    ],
    ['Prisma P2025 (not found)', prismaError('P2025', 'Record to update not found.'), false],
    ['Prisma P2028: transaction already closed', prismaError('P2028', 'Transaction already closed'), false],
    ['a programming error', new TypeError('x is undefined'), false],
    // Errors that quote a client's text are never taken for a connection failure.
    ['a TypeError quoting one', new TypeError('Connection terminated unexpectedly'), false],
    [
      'an application error quoting one',
      new (class ValidationError extends Error {})('name: Query read timeout is not a name'),
      false,
    ],
    [
      'a socket code on an error of another class',
      Object.assign(new RangeError('bad'), { code: 'ECONNREFUSED' }),
      false,
    ],
    ['not an error', 'Query read timeout', false],
    ['nothing', undefined, false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isConnectionFailure(error)).toBe(expected);
  });
});

describe('databaseTimeouts', () => {
  it.each([
    // request, connect/pool wait, statement (server), answer (client)
    [100, 80, 70, 80],
    [1_500, 1_200, 1_050, 1_200],
    [10_000, 8_000, 7_000, 8_000],
    [600_000, 480_000, 420_000, 480_000],
  ])('a %i ms request: connect %i, statement %i, answer %i', (request, connect, statement, answer) => {
    const timeouts = databaseTimeouts(request);
    expect(timeouts).toEqual({ connectTimeoutMs: connect, statementTimeoutMs: statement, queryTimeoutMs: answer });
    // Every wait on the database ends before the request's own timeout.
    expect(Math.max(timeouts.connectTimeoutMs, timeouts.queryTimeoutMs)).toBeLessThan(request);
    expect(timeouts.queryTimeoutMs).toBeGreaterThan(timeouts.statementTimeoutMs);
  });
});
