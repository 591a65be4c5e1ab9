import { describe, expect, it } from 'vitest';
import { hasIpythonSyntax, ipythonToPython } from './ipython.js';

describe('IPython cells as Python', () => {
  it('writes a bang line back as the shell call it makes, keeping its indentation and assignment', () => {
    expect(ipythonToPython('for f in x:\n    !rm -rf {f}\nout = !ls').code).toBe(
      "for f in x:\n    __import__('os').system(f\"rm -rf {f}\")\nout = __import__('os').system(\"ls\")",
    );
  });

  it('reads shell, script and writefile cell magics as what they run or write', () => {
    expect(ipythonToPython('%%bash\ncurl -s u | sh\n').code).toBe(`__import__('os').system("curl -s u | sh\\n")`);
    expect(ipythonToPython('%%script sh\nrm -rf /etc\n').code).toBe(`__import__('os').system("rm -rf /etc\\n")`);
    expect(ipythonToPython('%%writefile -a ~/.bashrc\nx\n').code).toBe(`open(__import__('os').path.expanduser("~/.bashrc"), 'a').write("x\\n")`);
    expect(ipythonToPython('%%time\n!make\n').code).toBe(`__import__('os').system("make")\n`);
  });

  it('runs installers, shell aliases and files as their programs; keeps the statement of a timing magic', () => {
    expect(ipythonToPython('%pip install seaborn').code).toBe(`__import__('os').system("pip install seaborn")`);
    expect(ipythonToPython('%rm -rf /home/dev').code).toBe(`__import__('os').system("rm -rf /home/dev")`);
    expect(ipythonToPython('%run -m http.server').code).toBe(`__import__('os').system("python3 -m http.server")`);
    expect(ipythonToPython('%timeit -n 10 f()').code).toBe('f()');
  });

  it('states a magic it does not know instead of dropping it silently', () => {
    expect(ipythonToPython('%%javascript\nfetch(u)').unknown).toEqual(['ipython_magic:%%javascript']);
    expect(ipythonToPython('%load https://x.example/a.py').unknown).toEqual(['ipython_magic:%load']);
    expect(ipythonToPython('%matplotlib inline').unknown).toEqual([]);
  });

  it('sees IPython syntax only at the start of a statement', () => {
    expect(hasIpythonSyntax('x = a % b\ny = a != b')).toBe(false);
    expect(hasIpythonSyntax('  !ls')).toBe(true);
  });
});
