import type {FormationUpdate, ReviewAppSettings} from '../api/heroku-api.js'
import type {StageName} from '../manifest/types.js'

/** What one bootstrap step sends: data, so the plan can be printed and tested without HTTP. */
export type Operation =
  | {kind: 'create-pipeline'; name: string; owner: {id: string; type: 'team' | 'user'}}
  | {kind: 'create-app'; stage: StageName; name: string; region?: string; team?: string}
  | {kind: 'couple-app'; stage: StageName; app: string}
  | {kind: 'change-coupling-stage'; stage: StageName; couplingId: string}
  | {kind: 'set-buildpacks'; app: string; buildpacks: string[]}
  | {kind: 'create-addon'; stage: StageName; app: string; plan: string; service: string; as?: string; options?: Record<string, unknown>}
  | {kind: 'change-addon-plan'; app: string; addonId: string; plan: string}
  | {kind: 'sync-config'; stage: StageName; app: string}
  | {kind: 'scale'; app: string; updates: FormationUpdate[]}
  | {kind: 'enable-preboot'; app: string}
  | {kind: 'add-domain'; app: string; hostname: string}
  | {kind: 'enable-acm'; app: string}
  | {kind: 'schedule-backups'; stage: StageName; app: string; hour: number; timezone: string; scheduleName: string}
  | {kind: 'add-drain'; app: string; url: string}
  | {kind: 'link-repository'; repo: string}
  | {kind: 'set-auto-deploy'; stage: StageName; app: string; enabled: boolean; branch?: string}
  | {kind: 'create-review-app-config'; repo: string; settings: ReviewAppSettings}
  | {kind: 'update-review-app-config'; settings: Partial<ReviewAppSettings>}
  | {kind: 'set-review-config'; patch: Record<string, string | null>}
