export type {AddonDecl, AppJson, EnvDecl, FormationDecl, PipelineFile, Procfile, ProcfileEntry, Project, StageDecl, StageName} from './types.js'
export {APP_JSON, type AppJsonCheck, buildpackPinProblem, checkAppJson, loadAppJson, parseAppJson} from './app-json.js'
export {commandRunsMigrations, loadProcfile, parseProcfile, PROCFILE, webBindsPort} from './procfile.js'
export {
  APP_NAME,
  DEFAULT_HEALTH_PATH,
  DEFAULT_REVIEW_APPS,
  defaultAppName,
  defaultPipelineFile,
  drainProblem,
  hostnameProblem,
  loadPipelineFile,
  MAX_APP_NAME_LENGTH,
  parsePipelineFile,
  PIPELINE_FILE,
  PIPELINE_NAME,
  pipelineNameProblem,
  sanitisePipelineName,
  STAGE_NAMES,
  timezoneProblem,
} from './pipeline-file/index.js'
export {loadProject} from './project.js'
export {addonFromPlan, addonPlanProblem, dynoSizeProblem, DYNO_SIZES} from './common.js'
