// `coxswain config ...`: the contexts of the config file, as kubectl config's. The connection
// flags given on the command line (not those from the environment) make a context.
import type { Command } from 'commander';
import { loadConfig, saveConfig, setContext, useContext } from './contexts';
import { CliError } from './errors';
import { table } from './format';

export function addConfigCommands(program: Command, file: string, out: (s: string) => void): void {
  const config = program.command('config').description(`contexts in ${file} (COXSWAIN_CONFIG overrides the path)`);
  config
    .command('set-context')
    .description('create or update a context from --server, --ca-file, --token-file, --data-dir, --insecure')
    .argument('<name>')
    .action((name: string) => {
      const given = (key: string) =>
        program.getOptionValueSource(key) === 'cli' ? program.getOptionValue(key) : undefined;
      const next = setContext(loadConfig(file), {
        name,
        server: given('server'),
        caFile: given('caFile'),
        tokenFile: given('tokenFile'),
        dataDir: given('dataDir'),
        insecure: given('insecure') === undefined ? undefined : true,
      });
      saveConfig(file, next);
      out(`context "${name}" set in ${file}${next.currentContext === name ? ' (current)' : ''}\n`);
    });
  config
    .command('use-context')
    .argument('<name>')
    .description('make a context the current one')
    .action((name: string) => {
      saveConfig(file, useContext(loadConfig(file), name, file));
      out(`switched to context "${name}"\n`);
    });
  config
    .command('get-contexts')
    .description('list the contexts')
    .action(() => {
      const c = loadConfig(file);
      out(
        table(
          ['CURRENT', 'NAME', 'SERVER', 'CA', 'TOKEN'],
          c.contexts.map((x) => [
            x.name === c.currentContext ? '*' : '',
            x.name,
            x.server ?? '-',
            x.insecure ? '(insecure)' : (x.caFile ?? x.dataDir ?? '-'),
            x.insecure ? '-' : (x.tokenFile ?? x.dataDir ?? '-'),
          ]),
        ),
      );
    });
  config
    .command('current-context')
    .description('the name of the current context')
    .action(() => {
      const c = loadConfig(file).currentContext;
      if (!c) throw new CliError(`no current context in ${file}`);
      out(`${c}\n`);
    });
}
