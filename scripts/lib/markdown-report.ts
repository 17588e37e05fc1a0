import { FieldChange, ObjectDiff, TreeObject } from './object-diff';

const MAX_CELL_LENGTH = 160;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;');
}

/** Renders one value for a table cell: compact JSON in <code>, because backticks inside values would break Markdown. */
function cell(value: unknown): string {
  if (value === undefined) return '*(absent)*';
  let text = JSON.stringify(value);
  if (text.length > MAX_CELL_LENGTH) text = `${text.slice(0, MAX_CELL_LENGTH - 1)}…`;
  return `<code>${escapeHtml(text)}</code>`;
}

function isMultiline(change: FieldChange): boolean {
  return typeof change.old === 'string' && typeof change.new === 'string' && (change.old.includes('\n') || change.new.includes('\n'));
}

/** Returns a line diff (`-`/`+`/` ` prefixes) of two texts from their longest common subsequence of lines. */
export function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      lines.push(`-${a[i++]}`);
    } else {
      lines.push(`+${b[j++]}`);
    }
  }
  return lines;
}

function fence(lines: string[]): string[] {
  const longestRun = Math.max(2, ...lines.map((line) => (line.match(/`+/g) ?? []).reduce((max, run) => Math.max(max, run.length), 0)));
  const marker = '`'.repeat(longestRun + 1);
  return [`${marker}diff`, ...lines, marker];
}

function objectLine(sign: string, object: TreeObject): string {
  return `- ${sign} \`${object.title}\` in \`${object.file}\``;
}

/** Renders an object diff as Markdown for a pull request comment, grouped by cluster folder. */
export function renderMarkdown(diff: ObjectDiff, baseLabel: string): string {
  const total = diff.added.length + diff.removed.length + diff.changed.length;
  const lines = [`### dist/ objects: ${baseLabel} → working tree`, ''];
  if (total === 0) {
    lines.push('No object changed.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(`**${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed**`);

  const groups = [...new Set([...diff.added, ...diff.removed, ...diff.changed.map((c) => c.after)].map((object) => object.group))].sort();
  for (const group of groups) {
    lines.push('', `#### ${group}`, '');
    for (const object of diff.added.filter((o) => o.group === group)) lines.push(objectLine('added', object));
    for (const object of diff.removed.filter((o) => o.group === group)) lines.push(objectLine('removed', object));

    for (const { after, fields } of diff.changed.filter((c) => c.after.group === group)) {
      lines.push(objectLine('changed', after), '', '  | field | old | new |', '  |---|---|---|');
      for (const field of fields) {
        const values = isMultiline(field) ? ['*text, see below*', '*text, see below*'] : [cell(field.old), cell(field.new)];
        lines.push(`  | \`${field.path}\` | ${values[0]} | ${values[1]} |`);
      }
      for (const field of fields.filter(isMultiline)) {
        lines.push('', `  \`${field.path}\`:`, '', ...fence(lineDiff(field.old as string, field.new as string)).map((line) => `  ${line}`));
      }
      lines.push('');
    }
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
