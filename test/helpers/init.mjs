// Unit tests run in-process: never reach a real Heroku host and never read the developer's login.
process.env.HEROKU_API_KEY = 'test-api-key'
process.env.IS_HEROKU_TEST_ENV = 'true'
process.env.HEROKU_SKIP_NEW_VERSION_CHECK = 'true'
delete process.env.HEROKU_HOST
delete process.env.HEROKU_DATA_HOST
delete process.env.HEROKU_KOLKRABBI_HOST
delete process.env.GITHUB_API_URL
delete process.env.HEROKU_APP
