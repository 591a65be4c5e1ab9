/**
 * SARIF 2.1.0 for policy diagnostics (`toolgate lint --sarif`), so that code scanning
 * UIs (GitHub, GitLab, IDEs) show Rego errors at their file and line.
 */
import type { PolicyDiagnostic } from '../policy/bundle.js';

export function toSarif(diagnostics: PolicyDiagnostic[], warnings: string[] = []): string {
  const rules = [...new Set(diagnostics.map((d) => d.code))];
  const results = [
    ...diagnostics.map((d) => ({
      ruleId: d.code,
      level: 'error',
      message: { text: d.message },
      ...(d.file
        ? { locations: [{ physicalLocation: { artifactLocation: { uri: d.file.split('\\').join('/') }, region: { startLine: Math.max(1, d.line), startColumn: Math.max(1, d.column) } } }] }
        : {}),
    })),
    ...warnings.map((text) => {
      const file = /^([^:]+\.rego): /.exec(text)?.[1];
      return {
        ruleId: 'toolgate_unread_package',
        level: 'warning',
        message: { text },
        ...(file ? { locations: [{ physicalLocation: { artifactLocation: { uri: file }, region: { startLine: 1 } } }] } : {}),
      };
    }),
  ];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'toolgate lint',
            informationUri: 'https://www.openpolicyagent.org/docs/latest/cli/#opa-check',
            rules: [...rules, ...(warnings.length ? ['toolgate_unread_package'] : [])].map((id) => ({ id, shortDescription: { text: id } })),
          },
        },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
