// A raw HTTP answer as the both-ways tests compare it: status, body, and the headers that do not
// change from one request to the next (the date, the request id and connection headers left out).
import type { IncomingMessage } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function readRawAnswer(response: IncomingMessage): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk) => {
      text += chunk;
    });
    response.on('error', reject);
    response.on('end', () => {
      const { date: _date, 'x-request-id': _id, connection: _c, 'keep-alive': _k, ...kept } = response.headers;
      resolve({ status: response.statusCode ?? 0, headers: kept as Record<string, string>, body: text });
    });
  });
}
