import type {Addon, AddonAttachment} from '../../api/heroku-api.js'
import type {ExportStageInput, StageExport} from './types.js'

/** The attachment name of an add-on on its own app: DATABASE when it has it, else its first attachment there. */
function attachmentName(addon: Addon, attachments: AddonAttachment[]): string | undefined {
  const own = attachments.filter(a => a.addon?.id === addon.id).map(a => a.name).sort()
  return own.includes('DATABASE') ? 'DATABASE' : own[0]
}

/**
 * The add-ons the app owns, each with its plan and attachment name (planAddons matches by attachment name, so
 * two add-ons of one service stay two). Add-ons attached from another app are listed: heroku-kit.yml declares
 * what an app owns.
 */
export function exportAddons({name, current, attachments}: ExportStageInput): StageExport {
  const app = current.app!.name
  const addons: NonNullable<StageExport['fields']['addons']> = []
  const unmanaged: StageExport['unmanaged'] = []
  const bare = new Set<string>()
  for (const addon of [...current.addons].sort((a, b) => a.name.localeCompare(b.name))) {
    if (addon.app?.name && addon.app.name !== app) {
      unmanaged.push({scope: name, what: `add-on ${addon.name} (${addon.plan?.name}) attached from ${addon.app.name}`, why: 'heroku-kit.yml declares the add-ons an app owns; a shared add-on stays as it is (heroku addons:attach)'})
      continue
    }

    const as = attachmentName(addon, attachments)
    const plan = addon.plan?.name ?? addon.addon_service.name
    // planAddons finds an `as:` add-on by its config vars (AS_…): one without any (scheduler) is declared by plan alone
    if (as && (addon.config_vars ?? []).some(v => v.startsWith(`${as}_`))) {
      addons.push({plan, as})
    } else if (bare.has(addon.addon_service.name)) {
      unmanaged.push({scope: name, what: `second ${addon.addon_service.name} add-on ${addon.name} (${plan})`, why: 'it sets no config vars, so heroku-kit.yml can\'t tell it from the first one'})
    } else {
      bare.add(addon.addon_service.name)
      addons.push(plan)
    }
  }

  return {fields: {addons}, unmanaged}
}
