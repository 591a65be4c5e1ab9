/**
 * A started server process's port: resolves when it prints `listening <port>` (toolgate serve
 * with TOOLGATE_PRINT_PORT=1, bench/hello-hono.mjs), rejects when it exits first or takes over
 * 30 s. `ready` may resolve the port another way (opa logs none: it is polled).
 */
export function whenListening(child, name, ready) {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let errText = '';
    const done = (port) => {
      clearTimeout(timer);
      resolve({ child, port });
    };
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${errText}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const match = /listening (\d+)/.exec(buffered);
      if (match) done(Number(match[1]));
    });
    child.stderr.on('data', (chunk) => {
      errText += chunk;
    });
    child.on('exit', (code) => reject(new Error(`${name} exited ${code}: ${errText.slice(-500)}`)));
    ready?.(done);
  });
}
