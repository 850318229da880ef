import {expect} from 'chai'

import {parseGoMod, parsePipfile, parsePyproject, parseRequirements} from '../../../src/lib/init/manifests.js'

describe('kit:init manifest readers', () => {
  it('requirements.txt: comments, options, extras, markers', () => {
    const text = '# c\n-r base.txt\nDjango==5.0 ; python_version>"3"\ncelery[redis,msgpack]>=5  # broker\nFlask_SQLAlchemy\n\n-e git+https://x\n'
    expect(parseRequirements(text)).to.deep.equal(['django', 'celery', 'celery[redis]', 'celery[msgpack]', 'flask-sqlalchemy'])
  })

  it('pyproject.toml: PEP 621 and Poetry', () => {
    const pep621 =
      '[project]\nname = "api"\ndependencies = [\n  "fastapi>=0.1",\n  \'uvicorn[standard]\',\n]\n[project.optional-dependencies]\ndev = ["pytest"]\n'
    expect(parsePyproject(pep621)).to.deep.equal({
      name: 'api',
      description: undefined,
      dependencies: ['fastapi', 'uvicorn', 'uvicorn[standard]'],
      devDependencies: ['pytest'],
    })
    const poetry = parsePyproject(
      '[tool.poetry]\nname = "svc"\n[tool.poetry.dependencies]\npython = "^3.12"\nDjango = "^5"\ncelery = {version = "^5", extras = ["redis"]}\n' +
        '[tool.poetry.group.dev.dependencies]\npytest = "*"\n',
    )
    expect(poetry.dependencies).to.deep.equal(['django', 'celery', 'celery[redis]'])
    expect(poetry.devDependencies).to.deep.equal(['pytest'])
    expect(poetry.name).to.equal('svc')
  })

  it('Pipfile', () => {
    expect(parsePipfile('[packages]\nflask = "*"\n"psycopg2-binary" = "*"\n[dev-packages]\npytest = "*"\n')).to.deep.equal({
      dependencies: ['flask', 'psycopg2-binary'],
      devDependencies: ['pytest'],
    })
  })

  it('go.mod: direct requirements only', () => {
    const goMod =
      'module github.com/a/b\n\ngo 1.21\n\nrequire github.com/lib/pq v1.10.9\nrequire (\n\tgithub.com/x/y v1 // indirect\n\tgithub.com/gin-gonic/gin v1.10.0\n)\n'
    expect(parseGoMod(goMod)).to.deep.equal({
      module: 'github.com/a/b',
      goVersion: '1.21',
      requires: ['github.com/lib/pq', 'github.com/gin-gonic/gin'],
    })
  })
})
