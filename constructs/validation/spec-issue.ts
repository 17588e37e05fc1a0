import { Bilingual, Lang } from './locale';

/** One problem in a cluster spec: where it is, the value found, what is wrong with it and how to fix it. */
export interface SpecIssue {
  /** Field path inside the spec, e.g. `metallb.memberlistPort`. */
  readonly path: string;
  readonly value: unknown;
  readonly problem: Bilingual;
  readonly fix: Bilingual;
}

/** A spec issue together with the cluster it belongs to. */
export interface ClusterIssue {
  readonly cluster: string;
  readonly issue: SpecIssue;
}

/**
 * Formats one issue on one line in the given language. The value is shown as JSON, which keeps strings and numbers
 * apart. A missing value is not shown at all.
 */
export function formatIssue(cluster: string, issue: SpecIssue, lang: Lang = 'en'): string {
  const field = issue.value === undefined ? issue.path : `${issue.path} = ${JSON.stringify(issue.value)}`;
  if (lang === 'zh') {
    return `${cluster}：${field}：${issue.problem.zh}。修改方法：${issue.fix.zh}。`;
  }
  return `${cluster}: ${field}: ${issue.problem.en}. Fix: ${issue.fix.en}.`;
}

/** Formats the whole report: a header line, then one indented line per issue. */
export function formatIssues(issues: readonly ClusterIssue[], lang: Lang = 'en'): string {
  const count = issues.length;
  const header =
    lang === 'zh'
      ? `集群 spec 有 ${count} 处错误，未写入任何文件：`
      : `invalid cluster spec (${count} problem${count === 1 ? '' : 's'}); nothing was written:`;
  return [header, ...issues.map(({ cluster, issue }) => `  - ${formatIssue(cluster, issue, lang)}`)].join('\n');
}

/** Thrown when one or more cluster specs are invalid; carries every issue, not only the first. */
export class SpecValidationError extends Error {
  constructor(public readonly issues: readonly ClusterIssue[]) {
    super(formatIssues(issues, 'en'));
    this.name = 'SpecValidationError';
  }

  /** Formats the report in the given language. */
  format(lang: Lang): string {
    return formatIssues(this.issues, lang);
  }
}
