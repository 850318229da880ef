import {expect} from 'chai'

import {evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('8. manual-approval (production)', () => {
    it('fails when Heroku auto-deploys production', async () => {
      const result = check(await evidence({live: {production: {githubLink: {auto_deploy: true, branch: 'main'}}}}), 'manual-approval', 'production')
      expect(result.status).to.equal('fail')
      expect(result.fix).to.equal('heroku kit:bootstrap --yes')
    })

    it('fails when a workflow deploys production on push without an environment', async () => {
      const workflow =
        'on:\n  push:\n    branches: [main]\njobs:\n  deploy-production:\n    steps:\n' +
        '      - uses: akhileshns/heroku-deploy@v3.12.12\n        with:\n          heroku_app_name: "shop"\n'
      const result = check(await evidence({workflows: {'deploy.yml': workflow}}), 'manual-approval', 'production')
      expect(result.status).to.equal('fail')
      expect(result.evidence[0]).to.include('job deploy-production deploys shop on push, without an environment')
      expect(result.fix).to.include('environment: production')
    })

    it('warns on a hand-run promotion without an environment, passes with one', async () => {
      const bare = 'on: workflow_dispatch\njobs:\n  promote:\n    steps:\n      - run: heroku pipelines:promote -a shop-staging\n'
      expect(check(await evidence({workflows: {'promote.yml': bare}}), 'manual-approval', 'production').status).to.equal('warn')
      const gated = check(await evidence(), 'manual-approval', 'production')
      expect(gated.status).to.equal('pass')
      expect(gated.evidence.join('\n')).to.include('promotes to shop in environment production')
    })

    it("does not mistake the staging app for production when production's name is a prefix", async () => {
      const workflow = 'on: push\njobs:\n  deploy:\n    steps:\n      - run: git push https://git.heroku.com/shop-staging.git HEAD:main\n'
      expect(check(await evidence({workflows: {'deploy.yml': workflow}}), 'manual-approval', 'production').status).to.equal('pass')
    })
  })
})
