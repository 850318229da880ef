/**
 * Config vars that make a program run code when they are in its environment: a pulled dotenv file sourced with
 * `set -a; . ./.env` exports them, and the next shell, compiler, interpreter or git command runs what they name.
 * kit:config:pull writes them commented out (`#heroku-kit:held`, which kit:config:sync still reads as the value)
 * unless asked for them with --allow-exec-vars.
 *
 * The list is deliberately wide: on Heroku these are set by buildpacks at dyno start (.profile.d), hardly ever as
 * config vars, so holding one back costs little, while a wrong one on a laptop runs someone else's code.
 */

/** Exact names → what runs. */
const EXACT: Record<string, string> = {
  // shells
  BASH_ENV: 'bash runs the file it names before every script',
  ENV: 'sh, dash and ksh run the file it names when they start',
  PROMPT_COMMAND: 'bash runs it before every prompt',
  PS0: 'bash expands (and runs $(…) in) it after every command line',
  PS1: 'bash expands (and runs $(…) in) it at every prompt',
  PS2: 'bash expands (and runs $(…) in) it at every continuation prompt',
  PS4: 'bash expands (and runs $(…) in) it for every traced command',
  SHELLOPTS: 'it switches shell options on in every bash started (e.g. xtrace, which then expands PS4)',
  BASHOPTS: 'it switches shell options on in every bash started',
  BASH_LOADABLES_PATH: 'bash loads builtins from the directories it names',
  ZDOTDIR: 'zsh runs the start-up files of the directory it names',
  FPATH: 'zsh and ksh load functions from the directories it names',
  IFS: 'it changes how the shell that sources the file splits every later command',
  PATH: 'every command is looked up in the directories it names',
  HOME: 'shells and tools run the start-up files (.bashrc, .gitconfig…) of the directory it names',
  XDG_CONFIG_HOME: 'tools read their configuration (and the commands it names) from the directory it names',
  SHELL: 'programs that start a shell run the one it names',
  EDITOR: 'git, crontab and others run the program it names',
  VISUAL: 'git, crontab and others run the program it names',
  PAGER: 'man, git and others run the program it names',
  MANPAGER: 'man runs the program it names',
  LESSOPEN: 'less runs the command it names on every file it opens',
  LESSCLOSE: 'less runs the command it names on every file it closes',
  BROWSER: 'tools that open a browser run the program it names',
  SSH_ASKPASS: 'ssh runs the program it names',
  SUDO_ASKPASS: 'sudo runs the program it names',
  // dynamic linker, C library
  GCONV_PATH: 'the C library loads character-set modules (code) from the directories it names',
  OPENSSL_CONF: 'OpenSSL reads the file it names, which can load engines (code)',
  OPENSSL_ENGINES: 'OpenSSL loads engines (code) from the directory it names',
  // languages
  NODE_OPTIONS: 'every node process takes its options, such as --require FILE',
  NODE_PATH: 'node loads modules from the directories it names',
  NODE_REPL_EXTERNAL_MODULE: 'node runs the module it names instead of its REPL',
  PYTHONSTARTUP: 'an interactive python runs the file it names',
  PYTHONPATH: 'python imports modules from the directories it names first',
  PYTHONHOME: 'python loads its standard library from the directory it names',
  PYTHONUSERBASE: 'python runs the .pth files of the directory it names',
  PYTHONBREAKPOINT: 'python calls the function it names at every breakpoint()',
  RUBYOPT: 'every ruby process takes its options, such as -rFILE',
  RUBYLIB: 'ruby loads libraries from the directories it names first',
  PERL5OPT: 'every perl process takes its options, such as -MModule',
  PERL5LIB: 'perl loads modules from the directories it names first',
  PERLLIB: 'perl loads modules from the directories it names first',
  PERL5DB: 'perl -d runs the code it holds',
  JAVA_TOOL_OPTIONS: 'every JVM takes its options, such as -javaagent:FILE',
  JDK_JAVA_OPTIONS: 'the java launcher takes its options, such as -javaagent:FILE',
  _JAVA_OPTIONS: 'every JVM takes its options, such as -javaagent:FILE',
  PHPRC: 'php reads the php.ini it names (auto_prepend_file runs code)',
  PHP_INI_SCAN_DIR: 'php reads the .ini files of the directory it names (auto_prepend_file runs code)',
}

/** Prefixes → what runs. */
const PREFIXES: Array<[string, string]> = [
  ['LD_', 'the dynamic linker loads libraries (code) it names into every program (LD_PRELOAD, LD_LIBRARY_PATH, LD_AUDIT…)'],
  ['DYLD_', 'the macOS dynamic linker loads libraries (code) it names into every program'],
  ['GIT_', 'git runs or reads what it names (GIT_SSH_COMMAND, GIT_EXTERNAL_DIFF, GIT_CONFIG_*, GIT_DIR…)'],
  ['NPM_CONFIG_', 'npm takes it as configuration, which includes the shell, node options and registry it runs code from'],
]

/** What a program given `key` in its environment runs, or undefined for a key that runs nothing. */
export function execVarReason(key: string): string | undefined {
  const upper = key.toUpperCase()
  if (Object.hasOwn(EXACT, upper)) return EXACT[upper]
  return PREFIXES.find(([prefix]) => upper.startsWith(prefix))?.[1]
}
