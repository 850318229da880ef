/**
 * heroku-kit.yml, the pipeline file: reading it (`parse.ts`), its stages (`stage.ts`) and review apps
 * (`review-apps.ts`), what it means when it says nothing (`defaults.ts`), the names it deals in (`names.ts`) and the
 * validators of single values (`values.ts`).
 */
export {DEFAULT_HEALTH_PATH, DEFAULT_REVIEW_APPS, defaultPipelineFile} from './defaults.js'
export {APP_NAME, defaultAppName, MAX_APP_NAME_LENGTH, PIPELINE_FILE, PIPELINE_NAME, pipelineNameProblem, sanitisePipelineName, STAGE_NAMES} from './names.js'
export {loadPipelineFile, parsePipelineFile} from './parse.js'
export {drainProblem, hostnameProblem, timezoneProblem} from './values.js'
