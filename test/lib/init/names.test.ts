import {expect} from 'chai'

import {KitError} from '../../../src/lib/errors.js'
import {checkPipelineName, githubRepoFromRemote, pipelineNameFrom} from '../../../src/lib/init/names.js'

describe('kit:init names', () => {
  it('pipeline names from project names fit NAME-staging in 30 characters', () => {
    expect(pipelineNameFrom('@acme/Express_Shop')).to.equal('express-shop')
    expect(pipelineNameFrom('123 go')).to.equal('go-app')
    const long = pipelineNameFrom('a-very-long-project-name-that-goes-on-and-on')
    expect(long.length).to.be.at.most(22)
    expect(`${long}-staging`).to.match(/^[a-z][a-z0-9-]{2,29}$/)
  })

  it('--pipeline must be valid and short enough', () => {
    expect(checkPipelineName('shop')).to.equal('shop')
    expect(() => checkPipelineName('Shop!')).to.throw(KitError, /not a valid pipeline name/)
    const tooLong = /"abcdefghijklmnopqrstuvw-staging" must be a valid Heroku app name of at most 30 characters/
    expect(() => checkPipelineName('abcdefghijklmnopqrstuvw')).to.throw(KitError, tooLong)
  })

  it('GitHub remotes', () => {
    for (const url of [
      'git@github.com:acme/shop.git',
      'https://github.com/acme/shop',
      'https://token@github.com/acme/shop.git',
      'ssh://git@github.com/acme/shop.git',
    ]) {
      expect(githubRepoFromRemote(url), url).to.deep.equal({slug: 'acme/shop', url: 'https://github.com/acme/shop'})
    }

    expect(githubRepoFromRemote('https://gitlab.com/acme/shop.git')).to.equal(undefined)
  })
})
