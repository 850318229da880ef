import type {ExportStageInput, StageExport} from './types.js'

/**
 * Staging's auto-deploy branch (or false). Production never auto-deploys in heroku-kit.yml: one that does is
 * listed, since kit:bootstrap would turn it off.
 */
export function exportAutoDeploy({name, current}: ExportStageInput): StageExport {
  const link = current.githubLink
  const on = link?.auto_deploy === true && Boolean(link.branch)
  if (name === 'production') {
    return {fields: {}, unmanaged: on ? [{scope: name, what: `production auto-deploys from ${link!.branch}`, why: 'heroku-kit.yml changes production only by promotion; kit:bootstrap would turn auto-deploy off'}] : []}
  }

  return {fields: {auto_deploy: on ? link!.branch! : false}, unmanaged: []}
}
