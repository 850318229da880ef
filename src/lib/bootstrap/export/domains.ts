import type {ExportStageInput, StageExport} from './types.js'

/** Custom domains (not the app's herokuapp.com domain) and whether ACM is on. */
export function exportDomains({current}: ExportStageInput): StageExport {
  const domains = current.domains.filter(d => d.kind === 'custom').map(d => d.hostname.toLowerCase()).sort()
  return {fields: {domains, acm: current.app?.acm === true}, unmanaged: []}
}
