// The ceiling of this stack on this machine: a bare Hono app on @hono/node-server
// that parses a JSON body and answers JSON, nothing else.
import { Hono } from 'hono';
import { serve } from '@hono/node-server';

const app = new Hono();
app.post('/v1/check', async (c) => {
  const body = await c.req.json();
  return c.json({ decision: 'allow', session_id: body.session_id });
});
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  process.stdout.write(`listening ${info.port}\n`);
});
