/**
 * The package's entry (package.json `exports`), which did not exist before: `import('heroku-kit')` failed. The Heroku
 * CLI does not need it (it finds the commands through oclif.manifest.json and dist/commands); code that imports the
 * package gets the error type every command throws, to tell a kit failure (code, exit code, suggestion) from others.
 */
export {KitError} from './lib/errors.js'
