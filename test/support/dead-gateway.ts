/**
 * Test support for adapters: a gateway URL where nothing listens. (Not port 9 or other
 * "bad ports": fetch refuses those before connecting, which is not the outage being tested.)
 */
import { createServer } from 'node:net';

export async function deadGatewayUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
