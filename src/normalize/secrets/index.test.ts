import { describe, expect, it } from 'vitest';
import { MAX_FINDINGS, MAX_SCAN_LENGTH, maskSecrets, maskSecretsDeep, scanSecrets, shannonEntropy } from './index.js';

function types(text: string): string[] {
  return scanSecrets(text).map((f) => f.type);
}

// Test fixtures are assembled from parts so that this file itself does not trip secret scanners.
const join = (...parts: string[]): string => parts.join('');

const RSA_KEY = [
  join('-----BEGIN RSA ', 'PRIVATE KEY-----'),
  'MIIEpAIBAAKCAQEA1c7+9z5Pad7OejecsQ0bu3aozN3tihPmljnnudb9G3HecDGo',
  'xK7Mdp2NpT3cQF1aDc6g0vN0cN3y2p0l1S1kXo8Vt2Vd2q7l+2K3vE6WzVvQ8bQe',
  join('-----END RSA ', 'PRIVATE KEY-----'),
].join('\n');

describe('scanSecrets: true positives', () => {
  const cases: Array<[string, string]> = [
    [RSA_KEY, 'private_key'],
    [RSA_KEY.replace(/RSA /g, 'OPENSSH '), 'private_key'],
    [RSA_KEY.replace(/RSA /g, 'EC '), 'private_key'],
    [RSA_KEY.replace(/RSA /g, 'DSA '), 'private_key'],
    [RSA_KEY.replace(/RSA /g, ''), 'private_key'],
    [RSA_KEY.replace(/RSA /g, 'ENCRYPTED '), 'private_key'],
    [
      [join('-----BEGIN PGP ', 'PRIVATE KEY BLOCK-----'), 'Version: GnuPG v2', '', 'lQOYBF0Xs8gBCADJkTq9Kx2m0V9dS7bVq1LmN3Yk8wP4rT6uZ2aB5cD7eF9gH1iJ3kL5', join('-----END PGP ', 'PRIVATE KEY BLOCK-----')].join('\n'),
      'private_key',
    ],
    // A key inside JSON, with escaped newlines (GCP service-account files, .tfstate).
    [JSON.stringify({ private_key: RSA_KEY }), 'private_key'],
    [`tls.key: ${Buffer.from(RSA_KEY).toString('base64')}`, 'private_key'],
    [join('AKIA', 'Z3MSJV4WBRTUKDPQ'), 'aws_access_key_id'],
    [join('AKIA', 'IOSFODNN7EXAMPLE'), 'aws_access_key_id'],
    [join('aws_secret_access_key = ', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY', 'EXAMPLEKEY'), 'aws_secret_access_key'],
    [join('"AWS_SECRET_ACCESS_KEY": "', 'Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0Lz9Xc8Vb7N', '"'), 'aws_secret_access_key'],
    [join('{"type": "service_account", "private_key_id": "', '3f1a2b4c5d6e7f8091a2b3c4d5e6f7081a2b3c4d', '"}'), 'gcp_service_account'],
    [join('ghp_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'), 'github_token'],
    [join('gho_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'), 'github_token'],
    [join('ghu_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'), 'github_token'],
    [join('ghs_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'), 'github_token'],
    [join('ghr_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'), 'github_token'],
    // A body a few characters short of 36 (a character lost in copying) is still one.
    [join('ghp_', 'Q7vT2mK9xR4nW8pL3sZ6yB1cF5hJ0dG8aE'), 'github_token'],
    [join('github_pat_', '11ABCDEFG0aB3dE5fG7hI9_jK1lM3nO5pQ7rS9tU1vW3xY5zA7bC9dE1fG3hI5jK7lM9nO1pQ3rS5tU7vW'), 'github_token'],
    [join('glpat-', 'xY7zA9bC1dE3fG5hI7jK'), 'gitlab_token'],
    [join('xoxb-', '2345678901-2345678901234-AbCdEfGhIjKlMnOpQrStUvWx'), 'slack_token'],
    [join('xoxp-', '2345678901-2345678901-2345678901234-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d'), 'slack_token'],
    [join('https://hooks.slack.com/services/', 'T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'), 'slack_webhook'],
    [join('sk_live_', '4eC39HqLyjWDarjtT1zdp7dc'), 'stripe_key'],
    [join('rk_live_', '4eC39HqLyjWDarjtT1zdp7dc'), 'stripe_key'],
    [join('sk-', 'proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90'), 'openai_key'],
    [join('sk-', 'Ab12Cd34Ef56Gh78Ij90T3BlbkFJKl12Mn34Op56Qr78St90'), 'openai_key'],
    [join('sk-ant-', 'api03-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv12Wx34Yz56-AbCdEfGh'), 'anthropic_key'],
    [join('AIza', 'SyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW'), 'google_api_key'],
    [join('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'), 'jwt'],
    [join('npm_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'), 'npm_token'],
    [join('//registry.npmjs.org/:_authToken=', 'aB3dE5fG-7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'), 'npm_token'],
    [join('pypi-', 'AgEIcHlwaS5vcmcCJGI4ZjA3YmM1LTQ5ZTEtNDdmMy1hNDQ2LTcxN2E0NzU3NjQzYgACKlsz'), 'pypi_token'],
    [join('SK', '0123456789abcdef0123456789abcdef'), 'twilio_api_key'],
    [join('SG.', 'ngeVfQFYQlKU0ufo8x5d1A', '.', 'TwL2iGABf9DHoTf-09kqeF8tAmbihYzrnopKc-1s5cr'), 'sendgrid_key'],
    [join('DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=', 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eA==', ';EndpointSuffix=core.windows.net'), 'azure_connection_string'],
    [join('postgres://admin:', 'Xk29dLq0z', '@db.example.com:5432/app'), 'url_credentials'],
    [join('https://deploy:', 'gh5Tq-99xZ', '@git.example.com/repo.git'), 'url_credentials'],
    [join('hf_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY'), 'huggingface_token'],
    ['machine api.example.com\n  login deploy\n  password Zq8-wX3vR9tL', 'netrc_password'],
    [`{"auths": {"ghcr.io": {"auth": "${Buffer.from('bot:Zq8wX3vR9tLm').toString('base64')}"}}}`, 'docker_auth'],
    [join('Authorization: Bearer ', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'), 'bearer_token'],
  ];
  it.each(cases)('finds %#: %s', (text, type) => {
    expect(types(text)).toContain(type);
  });

  const assignments = [
    'PASSWORD=S3cr3tP@ss!',
    'DB_PASSWORD="correct-Horse-7-battery"',
    "api_key: 'f3a9c1e7b2d84f6a9e0c3b5d7a1f2e4c'",
    'export API_TOKEN=Zk8Qp2Lx9Rv4Tn7W',
    'secret=9f8e7d6c5b4a39281706f5e4d3c2b1a0',
    '"client_secret": "GHq8~xR2.vL9-zT4_mN7"',
    'password: hunter2hunter2X9',
    'mysql --password=Tr0ub4dor&3x',
    'spring.datasource.password=Pg!9zQw#2xRt',
    'const apiKey = "AbCdEf0123456789GhIjKl"',
    '$password = "v3ry-S3cret-Value";',
    'token := "9aF3kLm2Qr7Tz8Xc"',
    'DB_PASSWORD=Xk29dLq0z',
    'kubectl create secret generic db --from-literal=password=Zq8wX3vR9tLm',
    'FYI the prod db password is Xk29dLq0zWp, keep it safe',
    'curl -u admin:Xk29dLq0z! https://api.example.com/v1',
    "sshpass -p 'Tr0ub4dor&3' ssh deploy@host",
    'mysql -h db -u root -pXk29dLq0z app < dump.sql',
    'The API key was "Summer2024Zq8!".',
    'Server=db;User Id=sa;Password=MyS3cr3t!;',
    '<add key="ApiSecret" value="x" /><password>Qm9zW2xR8tLp</password>',
  ];
  it.each(assignments)('finds the generic assignment in %s', (text) => {
    const found = scanSecrets(text);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0].type).toBe('generic_secret');
  });

  it('reports offsets at the value', () => {
    const text = join('x = 1\ntoken: ', 'ghp_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5');
    expect(scanSecrets(text)).toEqual([{ type: 'github_token', offset: text.indexOf('ghp_') }]);
  });

  it('reports a provider token once, not also as a generic assignment', () => {
    expect(types(join('GITHUB_TOKEN=', 'ghp_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'))).toEqual(['github_token']);
  });

  it('finds several secrets in one text', () => {
    const text = [join('AKIA', 'Z3MSJV4WBRTUKDPQ'), RSA_KEY, join('sk_live_', '4eC39HqLyjWDarjtT1zdp7dc')].join('\n');
    expect(types(text)).toEqual(['aws_access_key_id', 'private_key', 'stripe_key']);
  });
});

describe('scanSecrets: benign look-alikes are not secrets', () => {
  const benign = [
    'password = os.environ["DB_PASSWORD"]',
    'password = os.getenv("DB_PASSWORD")',
    'const token = process.env.GITHUB_TOKEN;',
    'api_key = config.api_key',
    'token = base64encode(payload)',
    'password := os.Getenv("PW")',
    'PASSWORD=${DB_PASSWORD}',
    'SECRET_KEY=$(cat /run/secrets/key)',
    'api_key: ${{ secrets.API_KEY }}',
    'password: "{{ vault_password }}"',
    'password = "changeme"',
    'API_KEY=your-api-key-here',
    'api_key: <token>',
    'token: xxxxxxxxxxxxxxxx',
    'PASSWORD=********',
    'password: string;',
    'def login(password: str) -> bool:',
    'api_key: Optional[str] = None',
    'max_tokens: 4096',
    'password_file = "/run/secrets/db"',
    'token_url: "https://oauth2.googleapis.com/token"',
    'secret_name: "prod/db/credentials"',
    'Use sk-learn or scikit-learn for this.',
    'the sk- prefix marks OpenAI keys',
    'request id 550e8400-e29b-41d4-a716-446655440000 failed',
    'commit 3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c',
    'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    'integrity: sha512-Q3R7s8w9X0y1Z2a3B4c5D6e7F8g9H0i1J2k3L4m5N6o7P8q9R0s1T2u3V4w5X6y7Z8a9B0c1D2e3F4g5H6i7==',
    'if line.startswith("-----BEGIN RSA PRIVATE KEY-----"):',
    'grep -r "BEGIN OPENSSH PRIVATE KEY" ~/.ssh',
    'postgres://postgres:postgres@localhost:5432/dev',
    'postgres://user:password@localhost/db',
    'redis://:${REDIS_PASSWORD}@cache:6379',
    'https://github.com/org/repo.git',
    'author = "Jane Doe"',
    'The password must be at least 12 characters long.',
    'ghp_ tokens are GitHub personal access tokens',
    'key = "value"',
    'AKIA is the prefix of AWS access key ids',
    'token_count = 123456789',
    'const tokenizer = new Tokenizer(vocab);',
    '{"auth": "dGhpcyBpcyBub3QgY3JlZHM="}',
    'machine example.com login me password ${NETRC_PW}',
    `ca.crt: ${Buffer.from('-----BEGIN CERTIFICATE-----\n' + 'MIIB'.repeat(40)).toString('base64')}`,
    // Shapes seen in real code (a scan of 41 MB of node_modules): names and enums, not values.
    "InvalidTokenError.errorCode = 'invalid_token';",
    "credentials: 'same-origin'",
    'lastSignificantToken = "?InterpolationInTemplate";',
    '"Unexpected_token_1012": "Token inesperado."',
    "PWD: '/Users/maciej',",
    'pass: matchResult?.pass ?? false,',
    'exports.AuthenticationMD5Password = AuthenticationMD5Password;',
    'const TOKEN_STRINGS = "[A-Za-z0-9._~+/-]+=*";',
    '@param {string} [options.invalidToken.message="Unauthorized"]',
    'wasm-opt --pass-arg=asyncify-imports@env.await_promise_sync',
    "passphrase: 'top secret',",
    "{ password: 'secret-2-levels' }",
    'password: `secret${i}`',
    '"secret": "**GDPR COMPLIANT**"',
    "parse('postgres://someuser:somepassword@somehost:5432/db')",
    // Everyday commands that mention secrets without holding one.
    'docker run -e POSTGRES_PASSWORD=postgres -p 5432:5432 postgres:16',
    'curl -H "Authorization: token $GITHUB_TOKEN" https://api.github.com/user',
    'npm config set //registry.npmjs.org/:_authToken=${NPM_TOKEN}',
    'echo $GITHUB_TOKEN | docker login ghcr.io -u me --password-stdin',
    'kubectl get secret db -o jsonpath="{.data.password}" | base64 -d',
    'terraform apply -var="db_password=$TF_VAR_pw"',
    'export SECRET_KEY_BASE=$(openssl rand -hex 64)',
    'echo "token: ${{ secrets.GH_TOKEN }}" >> $GITHUB_OUTPUT',
    'curl -u "$USER:$PASS" https://example.com',
    'npm test -- --token-limit=2000',
    'docker run -u 1000:1000 -v "$PWD":/src node:20 npm test',
    'curl -u "$USER:$TOKEN" https://api.example.com',
    'mysql -u root -p app',
    'docker run -u www-data:www-data nginx',
    '"HTTP/1.1 200 OK\\r\\nAccess-Control-Allow-Credentials: true\\r\\nContent-Length: 12\\r\\n"',
    'The password is incorrect, the token is expired and the secret is v2-compatible.',
    'The access key is rotated every 90 days; the API key is stored in Vault.',
  ];
  it.each(benign)('%s', (text) => expect(scanSecrets(text)).toEqual([]));

  it('does not flag base64 image data or long hex', () => {
    const png = 'data:image/png;base64,' + Buffer.from(Array.from({ length: 6000 }, (_, i) => (i * 7919) % 256)).toString('base64');
    expect(scanSecrets(`<img src="${png}">`)).toEqual([]);
    const hex = Array.from({ length: 64 }, (_, i) => ((i * 2654435761) >>> 0).toString(16)).join('');
    expect(scanSecrets(`digest ${hex}`)).toEqual([]);
  });
});

describe('maskSecrets', () => {
  it('replaces each secret value and keeps the rest', () => {
    const text = join('aws_access_key_id=', 'AKIA', 'Z3MSJV4WBRTUKDPQ', '\nPASSWORD="S3cr3tP@ss!"\nname=app');
    expect(maskSecrets(text)).toBe('aws_access_key_id=[MASKED:aws_access_key_id]\nPASSWORD="[MASKED:generic_secret]"\nname=app');
  });

  it('masks a whole private key block and URL passwords', () => {
    expect(maskSecrets(`key:\n${RSA_KEY}\nend`)).toBe('key:\n[MASKED:private_key]\nend');
    expect(maskSecrets(join('git clone https://bot:', 'gh5Tq-99xZ', '@git.example.com/r.git'))).toBe(
      'git clone https://bot:[MASKED:url_credentials]@git.example.com/r.git',
    );
  });

  it('leaves text without secrets unchanged', () => {
    const text = 'ls -la && npm test\npassword = os.environ["X"]';
    expect(maskSecrets(text)).toBe(text);
    expect(maskSecrets('')).toBe('');
  });

  it('does not store what it could not scan', () => {
    const text = 'a'.repeat(MAX_SCAN_LENGTH) + join('ghp_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5');
    const masked = maskSecrets(text);
    expect(masked).not.toContain('ghp_');
    expect(masked.endsWith('[UNSCANNED:40 chars]')).toBe(true);
  });
});

describe('maskSecretsDeep', () => {
  it('masks values by their key, and secrets inside any string', () => {
    const input = {
      tool: 'mcp__db__connect',
      password: 'Pg!9zQw#2xRt',
      password_file: '/run/secrets/db',
      env: [{ API_TOKEN: 'Zk8Qp2Lx9Rv4Tn7W' }, { NAME: 'app' }],
      note: join('use ', 'ghp_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'),
      count: 3,
      secret: '${FROM_ENV}',
    };
    expect(maskSecretsDeep(input)).toEqual({
      tool: 'mcp__db__connect',
      password: '[MASKED:generic_secret]',
      password_file: '/run/secrets/db',
      env: [{ API_TOKEN: '[MASKED:generic_secret]' }, { NAME: 'app' }],
      note: 'use [MASKED:github_token]',
      count: 3,
      secret: '${FROM_ENV}',
    });
  });

  it('replaces what lies too deep instead of storing it unscanned', () => {
    let deep: unknown = 'Pg!9zQw#2xRt';
    for (let i = 0; i < 40; i++) deep = { password: deep };
    expect(JSON.stringify(maskSecretsDeep(deep))).not.toContain('Pg!9');
  });
});

describe('hostile input', () => {
  it('caps the scanned length and says so', () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const start = performance.now();
    const found = scanSecrets(huge);
    expect(performance.now() - start).toBeLessThan(3000);
    expect(found).toEqual([{ type: 'scan_truncated', offset: MAX_SCAN_LENGTH }]);
  });

  it('stays fast on adversarial shapes', () => {
    const shapes = [
      'password='.repeat(120_000),
      'a_'.repeat(500_000),
      '"'.repeat(1_000_000),
      '-----BEGIN PRIVATE KEY-----'.repeat(40_000),
      'eyJ' + 'a'.repeat(1_000_000),
      'x://a:b@'.repeat(100_000),
      ('k'.repeat(80) + '=').repeat(12_000),
      'sk-' + 'a1'.repeat(500_000),
      Array.from({ length: 100_000 }, (_, i) => `token${i}: v${i}`).join('\n'),
      'mysql '.repeat(200_000),
      ' -u a:'.repeat(150_000),
      'the password is '.repeat(70_000),
    ];
    for (const text of shapes) {
      const start = performance.now();
      expect(() => scanSecrets(text)).not.toThrow();
      expect(() => maskSecrets(text)).not.toThrow();
      expect(performance.now() - start, text.slice(0, 30)).toBeLessThan(3000);
    }
  });

  it('states at most MAX_FINDINGS findings, then says the list was cut', () => {
    const many = Array.from({ length: MAX_FINDINGS + 50 }, (_, i) => `KEY_${i}_PASSWORD=Zq8wX3vR9tLm${i}`).join('\n');
    const found = scanSecrets(many);
    expect(found).toHaveLength(MAX_FINDINGS + 1);
    expect(found.at(-1)!.type).toBe('scan_truncated');
    expect(maskSecrets(many)).not.toContain('Zq8w');
  });

  it('does not take a chain of names for a value', () => {
    expect(scanSecrets('password='.repeat(1000))).toEqual([]);
  });

  it('never throws on NUL, lone surrogates and non-strings', () => {
    expect(() => scanSecrets('pass\0word=abc\uD800def123456')).not.toThrow();
    expect(types(join('\uD800', 'ghp_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5', '\uDC00'))).toEqual(['github_token']);
    for (const odd of [null, undefined, 42, {}, []]) {
      expect(scanSecrets(odd as unknown as string)).toEqual([]);
      expect(maskSecrets(odd as unknown as string)).toBe('');
    }
  });
});

describe('shannonEntropy', () => {
  it('measures bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });
});
