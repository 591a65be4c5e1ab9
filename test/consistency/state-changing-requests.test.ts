/**
 * One stance for a state-changing HTTP request, whatever the client (issue 13, item 2): the same
 * request through curl, wget, httpie, inline python and node, the WebFetch tool and MCP fetch
 * tools gets one decision. DESIGN.md allows curl to public hosts: a literal body without
 * credentials to a public host is allowed (what it carries is in the call, and the secret
 * catalogue reads it); a DELETE asks (it removes what a service keeps). (A secret in the body is
 * denied by every client: one-effect-one-judgment and the rules-tests web files.)
 */
import { describe, expect, it } from 'vitest';
import { runCase } from '../../src/testing/cases.js';
import { LoadedRevision, readBundle } from '../../src/policy/index.js';
import { DEFAULT_BUNDLE_DIR } from '../../src/paths.js';

const revision = new LoadedRevision(readBundle(DEFAULT_BUNDLE_DIR));

type Spelling = [tool: string, input: Record<string, unknown>];
const U = 'https://api.unknown-service.example.org/v1/items';
const BODY = '{"name":"demo","count":3}';

function spellings(method: string, body: string | null): Spelling[] {
  const b = body ?? '';
  const data = body === null ? '' : ` -d '${b}'`;
  const out: Spelling[] = [
    ['Bash', { command: `curl -s -X ${method}${data} ${U}` }],
    ['Bash', { command: `http ${method} ${U}${body === null ? '' : ' name=demo count:=3'}` }],
    ['Bash', { command: `python3 -c "import requests; requests.${method.toLowerCase()}('${U}'${body === null ? '' : `, data='${b.replace(/"/g, '\\"')}'`})"` }],
    ['Bash', { command: `node -e "fetch('${U}', {method: '${method}'${body === null ? '' : `, body: '${b.replace(/"/g, '\\"')}'`}})"` }],
    ['WebFetch', { url: U, method, ...(body === null ? {} : { body: b }), prompt: 'summarise the answer' }],
    ['mcp__fetch__fetch', { url: U, method, ...(body === null ? {} : { body: b }) }],
    ['mcp__http__http_request', { url: U, method, ...(body === null ? {} : { body: b }) }],
  ];
  if (method === 'POST' || method === 'PUT') out.push(['Bash', { command: `wget -qO- --method=${method} --body-data='${b}' ${U}` }]);
  return out;
}

const ROWS: Array<{ what: string; decision: 'allow' | 'ask' | 'deny'; spellings: Spelling[] }> = [
  { what: 'POST of a literal body, no credentials, to a public host', decision: 'allow', spellings: spellings('POST', BODY) },
  { what: 'PUT of a literal body, no credentials, to a public host', decision: 'allow', spellings: spellings('PUT', BODY) },
  { what: 'PATCH of a literal body, no credentials, to a public host', decision: 'allow', spellings: spellings('PATCH', BODY) },
  { what: 'DELETE on a public host', decision: 'ask', spellings: spellings('DELETE', null) },
];

describe('a state-changing request: one stance for every client', () => {
  for (const row of ROWS) {
    describe(row.what, () => {
      for (const [tool, input] of row.spellings) {
        it(`${tool} ${JSON.stringify(input)} → ${row.decision}`, () => {
          const { decision } = runCase(revision, { name: row.what, tool, input, context: { cwd: '/home/dev/project', home: '/home/dev' }, expect: {} } as never);
          expect(decision.decision, JSON.stringify(decision.reasons.map((r) => `${r.action} ${r.rule}`))).toBe(row.decision);
        });
      }
    });
  }
});
