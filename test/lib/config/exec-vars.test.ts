import {expect} from 'chai'

import {execVarReason} from '../../../src/lib/config/exec-vars.js'

describe('execVarReason', () => {
  it('names what runs for the keys that make a shell or program run code', () => {
    const keys = [
      'BASH_ENV',
      'ENV',
      'PROMPT_COMMAND',
      'PS1',
      'LD_PRELOAD',
      'LD_LIBRARY_PATH',
      'LD_AUDIT',
      'DYLD_INSERT_LIBRARIES',
      'NODE_OPTIONS',
      'PYTHONSTARTUP',
      'PYTHONPATH',
      'RUBYOPT',
      'PERL5OPT',
      'JAVA_TOOL_OPTIONS',
      'GIT_SSH_COMMAND',
      'GIT_CONFIG_COUNT',
      'NPM_CONFIG_SCRIPT_SHELL',
      'LESSOPEN',
      'PATH',
      'GCONV_PATH',
    ]
    for (const key of keys) expect(execVarReason(key), key).to.be.a('string').and.not.equal('')
    expect(execVarReason('npm_config_node_options'), 'npm reads its configuration in lower case too').to.be.a('string')
  })

  it('leaves the config vars of ordinary apps alone', () => {
    for (const key of [
      'DATABASE_URL',
      'NODE_ENV',
      'RAILS_ENV',
      'SECRET_KEY_BASE',
      'WEB_CONCURRENCY',
      'LANG',
      'ENVIRONMENT',
      'LDAP_URL',
      'GITHUB_TOKEN',
      'PYTHON_VERSION',
    ]) {
      expect(execVarReason(key), key).to.equal(undefined)
    }
  })
})
