import { Lang } from './validation/locale';

const USAGE: Record<Lang, string> = {
  en: `Usage: npm run synth -- [--outdir DIR] [--clusters FILE] [--lang en|zh] [--help]

Checks every cluster spec, then writes DIR/<cluster>/<unit>/<Kind>.<name>.k8s.yaml for every cluster.
Nothing is written when any spec has a problem; all problems are listed at once.

Options:
  --outdir DIR     output folder (default: dist). It is replaced as a whole, and only after every
                   cluster succeeded.
  --clusters FILE  cluster specs to build instead of clusters/index.ts: a JSON array of specs,
                   or a .ts/.js module that exports "clusters"
  --lang en|zh     language of messages (default: from LC_ALL, LC_MESSAGES or LANG; zh* means Chinese)
  --help           show this help

Exit codes: 0 written, 1 invalid cluster spec, 2 invalid command line or cluster file.
`,
  zh: `用法：npm run synth -- [--outdir 目录] [--clusters 文件] [--lang en|zh] [--help]

先检查每个集群的 spec，再为每个集群写出 目录/<集群名>/<单元>/<Kind>.<name>.k8s.yaml。
只要有一个 spec 有问题，就不写入任何文件，并一次列出全部问题。

选项：
  --outdir 目录     输出目录（默认：dist）。所有集群都成功后才整体替换该目录。
  --clusters 文件   用该文件中的集群 spec 代替 clusters/index.ts：可以是 spec 组成的 JSON 数组，
                   也可以是导出 "clusters" 的 .ts/.js 模块
  --lang en|zh     消息语言（默认按 LC_ALL、LC_MESSAGES、LANG 判断，以 zh 开头即为中文）
  --help           显示本帮助

退出码：0 已写入；1 集群 spec 有误；2 命令行或集群文件有误。
`,
};

/** Every text the synth command prints, in both languages. */
export const CLI_TEXT = {
  usage: (lang: Lang) => USAGE[lang],
  wrote: (lang: Lang, folder: string, total: number, parts: string) =>
    lang === 'zh' ? `已写入 ${folder}：共 ${total} 个对象（${parts}）` : `wrote ${folder}: ${total} objects (${parts})`,
  unknownArgument: (lang: Lang, argument: string) =>
    lang === 'zh' ? `无法识别的参数 "${argument}"；用 --help 查看可用选项` : `unknown argument "${argument}"; run with --help for the options`,
  missingValue: (lang: Lang, flag: string) =>
    lang === 'zh' ? `${flag} 需要一个取值；用 --help 查看可用选项` : `${flag} needs a value; run with --help for the options`,
  badLang: (lang: Lang, value: string) =>
    lang === 'zh' ? `--lang 不支持 "${value}"；请使用 en 或 zh` : `--lang does not accept "${value}"; use en or zh`,
  emptyClusterList: (lang: Lang) =>
    lang === 'zh' ? '集群列表为空；请至少添加一个集群 spec' : 'the cluster list is empty; add at least one cluster spec',
  unreadableClusterFile: (lang: Lang, file: string, reason: string) =>
    lang === 'zh' ? `无法读取集群文件 ${file}：${reason}` : `cannot read the cluster file ${file}: ${reason}`,
  noClusterList: (lang: Lang, file: string) =>
    lang === 'zh'
      ? `${file} 中没有集群列表：模块需要导出 "clusters"，JSON 文件需要是 spec 数组`
      : `${file} holds no cluster list: export "clusters" from a module, or write a JSON array of specs`,
  invalidObjects: (lang: Lang, count: number) =>
    lang === 'zh'
      ? `生成的对象有 ${count} 处问题，未写入任何文件（以下是英文原文）：`
      : `generated objects are invalid (${count}); nothing was written:`,
  outdirHoldsCwd: (lang: Lang, outdir: string) =>
    lang === 'zh'
      ? `--outdir ${outdir} 就是当前目录或其上级目录，整体替换会删掉其中的一切；请指定单独的输出目录，例如 dist`
      : `--outdir ${outdir} is the working directory or one of its parents, and replacing it would delete everything in it; name a folder of its own, e.g. dist`,
  outdirForeignFile: (lang: Lang, outdir: string, file: string) =>
    lang === 'zh'
      ? `--outdir ${outdir} 中有 ${file}，这不是 synth 生成的文件，整体替换会删掉它；请指定空目录或之前 synth 生成的目录`
      : `--outdir ${outdir} holds ${file}, which synth does not write, and replacing the folder would delete it; name an empty folder or one that synth wrote`,
  errorPrefix: (lang: Lang) => (lang === 'zh' ? '错误：' : 'error: '),
};
