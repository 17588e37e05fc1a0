/** One problem in a cluster spec: where it is, the value found, what is wrong with it and how to fix it. */
export interface SpecIssue {
  /** Field path inside the spec, e.g. `metallb.memberlistPort`. */
  readonly path: string;
  readonly value: unknown;
  readonly problem: string;
  readonly fix: string;
}

/** Formats one issue on one line, with the value as JSON so strings and numbers are told apart. */
export function formatIssue(cluster: string, issue: SpecIssue): string {
  return `${cluster}: ${issue.path} = ${JSON.stringify(issue.value)}: ${issue.problem}. Fix: ${issue.fix}.`;
}

/** Thrown when one or more cluster specs are invalid; carries every issue, not only the first. */
export class SpecValidationError extends Error {
  constructor(public readonly issues: ReadonlyArray<{ cluster: string; issue: SpecIssue }>) {
    super(
      [
        `invalid cluster spec (${issues.length} problem${issues.length === 1 ? '' : 's'}); nothing was written:`,
        ...issues.map(({ cluster, issue }) => `  - ${formatIssue(cluster, issue)}`),
      ].join('\n'),
    );
    this.name = 'SpecValidationError';
  }
}
