import {expect} from 'chai'

import {evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('7. auto-deploy (staging)', () => {
    it('fails when staging does not auto-deploy and no workflow deploys it on push to main', async () => {
      const result = check(await evidence({live: {staging: {githubLink: {auto_deploy: false, branch: 'main'}}}}), 'auto-deploy', 'staging')
      expect(result.status).to.equal('fail')
      expect(result.evidence.join('\n')).to.include('auto-deploy of shop-staging is off')
      expect(result.fix).to.equal('heroku kit:bootstrap --yes')
    })

    it('fails when it auto-deploys another branch', async () => {
      const result = check(await evidence({live: {staging: {githubLink: {auto_deploy: true, branch: 'develop'}}}}), 'auto-deploy', 'staging')
      expect(result.status).to.equal('fail')
      expect(result.evidence.join('\n')).to.include('from develop, not main')
    })

    it('passes with a GitHub Actions workflow that deploys staging on push to main', async () => {
      const workflow =
        'on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: git push ' +
        'https://git.heroku.com/shop-staging.git HEAD:main\n'
      const result = check(
        await evidence({workflows: {'deploy.yml': workflow}, state: {github: {checked: true}}, live: {staging: {githubLink: undefined}}}),
        'auto-deploy',
        'staging',
      )
      expect(result.status).to.equal('pass')
      expect(result.evidence.join('\n')).to.include('.github/workflows/deploy.yml: job deploy deploys shop-staging on every push to main')
    })

    it('does not count a workflow that deploys staging from another branch', async () => {
      const workflow =
        "on: push\njobs:\n  deploy-staging:\n    if: github.ref == 'refs/heads/staging'\n    steps:\n      - uses: " +
        'akhileshns/heroku-deploy@v3.12.12\n        with: {heroku_app_name: shop-staging}\n'
      const result = check(await evidence({workflows: {'deploy.yml': workflow}, live: {staging: {githubLink: undefined}}}), 'auto-deploy', 'staging')
      expect(result.status).to.equal('fail')
      expect(result.evidence.join('\n')).to.include('but not on push to main')
    })
  })
})
