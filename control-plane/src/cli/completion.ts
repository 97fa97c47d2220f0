// `completion bash|zsh`: a completion script made from the command tree itself, so a new verb or
// flag completes without editing a script. Workload and node names come from the cluster at
// completion time (`get ... -o name`), as kubectl's do.
import type { Command } from 'commander';

/** Where a name of the cluster is expected: after these words, complete that kind's names. */
const NAME_SLOTS: Record<string, 'workloads' | 'nodes'> = {
  'describe workload': 'workloads',
  'describe node': 'nodes',
  'get workloads': 'workloads',
  'delete workload': 'workloads',
  logs: 'workloads',
  exec: 'workloads',
  scale: 'workloads',
  cordon: 'nodes',
  uncordon: 'nodes',
  drain: 'nodes',
};

/** Fixed words an argument takes (the resources of get, the shells of completion). */
const ARG_WORDS: Record<string, string[]> = {
  get: ['workloads', 'nodes'],
  describe: ['workload', 'node'],
  delete: ['workload', 'node'],
  completion: ['bash', 'zsh'],
};

const visible = (c: Command) => c.commands.filter((s) => !(s as unknown as { _hidden?: boolean })._hidden);

function flagsOf(c: Command): string[] {
  return c.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f));
}

function valueFlags(c: Command): string[] {
  const own = c.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short]);
  return [...own, ...c.commands.flatMap(valueFlags)].filter((f): f is string => !!f);
}

export function completionScript(program: Command, shell: 'bash' | 'zsh'): string {
  const name = program.name();
  const cases: string[] = [];
  const walk = (c: Command, path: string[]) => {
    const key = path.join(' ');
    const words = [...visible(c).map((s) => s.name()), ...(ARG_WORDS[key] ?? []), ...flagsOf(c), ...flagsOf(program)];
    const slot = NAME_SLOTS[key];
    const names = slot ? ` $(${name} get ${slot} -o name 2>/dev/null | sed 's|^[a-z]*/||')` : '';
    cases.push(`    "${key}") words="${[...new Set(words)].join(' ')}${names}" ;;`);
    for (const s of visible(c)) walk(s, [...path, s.name()]);
  };
  walk(program, []);
  const takesValue = [...new Set(valueFlags(program))].join('|');
  const fn = `_${name.replace(/\W/g, '_')}`;
  const body = `# ${name} completion for ${shell}: eval "$(${name} completion ${shell})"
${shell === 'zsh' ? 'autoload -U +X bashcompinit && bashcompinit\n' : ''}${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" skip="" w i
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if [[ -n $skip ]]; then skip=""; continue; fi
    case "$w" in
      ${takesValue || '--never'}) skip=1 ;;
      -*) ;;
      *) path="\${path:+$path }$w" ;;
    esac
  done
  local words=""
  case "$path" in
${cases.join('\n')}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F ${fn} ${name}
`;
  return body;
}
