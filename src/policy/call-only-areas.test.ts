import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseCallOnly, callOnlyAreas, stripCommentsAndStrings } from './call-only-areas.js';
import { collectSources } from './sources.js';
import { DEFAULT_POLICY_DIR } from '../paths.js';

const mod = (text: string) => ({ file: 'x.rego', text });

describe('callOnlyAreas', () => {
  it('finds that the shipped rules decide from the call alone except the session area', () => {
    const sources = collectSources([DEFAULT_POLICY_DIR]);
    const analysis = analyseCallOnly(sources.modules.map((file) => ({ file, text: readFileSync(file, 'utf8') })));
    expect(analysis.areas).toEqual(['bash', 'core', 'effects', 'files', 'guard', 'message', 'web']);
    // context_tokens and context_window are read by the session rules only; gateway (the guard's own files) by the self-defence
    // rules; token_env (which gateway tokens the agent's environment holds) by the environment-dump rule, so it keys the findings cache.
    expect(analysis.contextFields).toEqual(['cwd', 'gateway', 'home', 'token_env', 'workspace_roots']);
  });

  it('names the context fields call-only rules read, or null when they read the context whole', () => {
    const fields = (body: string) =>
      analyseCallOnly([
        mod(`package toolgate.rules.bash.a\nfindings contains 1 if {\n\t${body}\n}\n`),
        mod('package toolgate.rules.session.a\nfindings contains 1 if input.context.context_tokens > input.session.x\n'),
      ]).contextFields;
    expect(fields('input.context.cwd == "/"')).toEqual(['cwd']);
    expect(fields('object.get(input.context, "repo", "") == "x"')).toEqual(['repo']);
    expect(fields('c := input.context\n\tc.cwd == "/"')).toBeNull();
    expect(fields('input.context[k] == "/"')).toBeNull();
  });

  it('leaves out an area that reads the session, the session id or the whole input', () => {
    for (const body of [
      'input.session.calls > 3',
      'input["session"].calls > 3',
      'input.call.session_id == "x"',
      'input.call.agent_id == "x"',
      'x := input\n\tx.session.calls > 3',
      'object.get(input, "session", {}) != {}',
      'some k, _ in input.call\n\tk == "a"',
    ]) {
      const areas = callOnlyAreas([
        mod(`package toolgate.rules.bash.a\nfindings contains 1 if {\n\t${body}\n}\n`),
        mod('package toolgate.rules.web.a\nfindings contains 1 if input.facts.urls[_].host == "x"\n'),
      ]);
      expect(areas, body).toEqual(['web']);
    }
  });

  it('follows references: an area using a helper that reads the session is not call-only', () => {
    const areas = callOnlyAreas([
      mod('package toolgate.helpers\nbusy if input.session.calls > 10\n'),
      mod('package toolgate.lib\nimport data.toolgate.helpers\nloud if helpers.busy\n'),
      mod('package toolgate.rules.bash.a\nimport data.toolgate.lib\nfindings contains 1 if lib.loud\n'),
      mod('package toolgate.rules.files.a\nfindings contains 1 if data.toolgate.rules.bash[_].findings[_]\n'),
      mod('package toolgate.rules.web.a\nfindings contains 1 if input.call.input.url == "x"\n'),
    ]);
    expect(areas).toEqual(['web']);
  });

  it('is not fooled by comments or strings that mention the session', () => {
    const areas = callOnlyAreas([
      mod('package toolgate.rules.bash.a\n# input.session is not read here\nfindings contains "input.session" if input.facts.kind == "bash"\n'),
    ]);
    expect(areas).toEqual(['bash']);
    expect(stripCommentsAndStrings('a := "x # y" # z\nb := `raw input`')).toBe('a := "" \nb := ``');
  });
});
