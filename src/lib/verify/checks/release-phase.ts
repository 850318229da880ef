/**
 * Criterion 5, the repository half: migrations run in the release phase, not when web starts. The release phase is
 * the Procfile's `release:`, or with heroku.yml (the container stack, where the Procfile is ignored) its `release:`.
 */
import type {ContainerSetup} from '../../init/detect/container.js'
import {commandRunsMigrations} from '../../manifest/procfile.js'
import {INIT_FIX} from '../fixes.js'
import type {Evidence, RepositoryCheck, Verdict} from '../types.js'
import {quoteCommand} from '../wording.js'

/** The npm/yarn/pnpm script a command runs (`npm start`, `npm run web`, `yarn start`), if any. */
export function scriptOf(command: string): string | undefined {
  const match = /^(?:npm|pnpm|yarn|bun)\s+(?:run(?:-script)?\s+)?([\w:.-]+)/.exec(command.trim())
  if (!match) return undefined
  if (/^(?:npm|pnpm|bun)\s+(?!run)/.test(command.trim()) && !['start', 'test'].includes(match[1])) return undefined
  return match[1]
}

/**
 * Whether the web process migrates when it starts: its command, or the package.json script it runs. `where` names
 * the command's place (`Procfile:3`, `heroku.yml run.web`).
 */
function webMigration(where: string, command: string, scripts: Record<string, string>): string | undefined {
  if (commandRunsMigrations(command)) return `${where}: web ${quoteCommand(command)} runs migrations at start-up`
  const script = scriptOf(command)
  if (script && scripts[script] && commandRunsMigrations(scripts[script])) {
    return `${where}: web runs ${quoteCommand(command)}, and package.json scripts.${script} runs migrations (${quoteCommand(scripts[script])}) at start-up`
  }

  return undefined
}

const STARTUP_MIGRATION_RISK = 'every dyno races to migrate on boot, boots get slow (R10) and a failed migration takes the app down'

/**
 * The container stack: the release phase is heroku.yml's `release:` section; web's command is `run.web` when heroku.yml
 * gives one (else the image's CMD, which is not read here).
 */
function checkContainerRelease(evidence: Evidence, container: ContainerSetup): Verdict {
  const migrateCommand = evidence.repository.detection?.migrations?.command
  const web = container.commands.web
  const startup = web === undefined ? undefined : webMigration(`${container.file} run.web`, web, evidence.repository.packageScripts)
  if (startup) {
    return {
      status: 'fail',
      evidence: [`${startup}: ${STARTUP_MIGRATION_RISK}`],
      fix: `move the migration to heroku.yml's \`release: {image: web, command: [${migrateCommand ?? '<migrate command>'}]}\` and take it out of run.web`,
    }
  }

  if (container.release) {
    const shown = container.releaseCommand ? `release: ${quoteCommand(container.releaseCommand)}` : 'release:'
    return {status: 'pass', evidence: [`${container.file} declares a release phase (${shown}): it runs before each new release goes live`]}
  }

  return {
    status: 'fail',
    evidence: [`${container.file} has no release section: migrations don't run before the new code goes live`],
    fix: `add \`release: {image: web, command: [${migrateCommand ?? '<migrate command>'}]}\` to ${container.file}`,
  }
}

function checkReleasePhase(evidence: Evidence): Verdict {
  const {procfile} = evidence.repository.project
  const {detection, packageScripts, procfileErrors, container, containerError} = evidence.repository
  if (containerError) {
    return {status: 'fail', evidence: ['heroku.yml does not parse, so there is no release phase'], fix: "fix heroku.yml (Heroku can't build from it either)"}
  }

  if (container) return checkContainerRelease(evidence, container)
  if (procfileErrors || !procfile)
    return {
      status: 'fail',
      evidence: [
        procfileErrors
          ? 'the Procfile does not parse, so there is no release phase'
          : "no Procfile, so no release phase: migrations can't run before new code goes live",
      ],
      fix: `${INIT_FIX} (writes a Procfile with a release line)`,
    }
  const release = procfile.entries.find(e => e.type === 'release')
  const web = procfile.entries.find(e => e.type === 'web')
  const migrateCommand = detection?.migrations?.command
  const failures: string[] = []
  const warnings: string[] = []
  const lines: string[] = []
  const fixes: string[] = []
  const startup = web ? webMigration(`Procfile:${web.line}`, web.command, packageScripts) : undefined
  if (startup) {
    failures.push(`${startup}: ${STARTUP_MIGRATION_RISK}`)
    fixes.push(`move the migration to \`release: ${migrateCommand ?? '<migrate command>'}\` and take it out of the web command`)
  } else if (web) {
    lines.push('web does not migrate at start-up')
  }

  if (!release && detection?.migrations) {
    failures.push(`no release process type: the migrations (${detection.migrations.via}) don't run before the new code goes live`)
    fixes.push(`add \`release: ${detection.migrations.command}\` to the Procfile`)
  } else if (!release && detection?.database) {
    // a database but no migration tool (yet): nothing to run now, so not a failure; say what to add when it comes
    warnings.push(`no release process type, and the app uses a database (${detection.database.via}) without a migration tool kit:init knows`)
    fixes.push('when the app gets migrations, add `release: <migrate command>` to the Procfile so they run before each release goes live')
  } else if (!release && !detection) {
    warnings.push("no release process type, and the app's stack was not recognised: whether it needs migrations is unknown")
    fixes.push('if the app has migrations, add `release: <migrate command>` to the Procfile')
  } else if (!release) {
    lines.unshift('no release process type, and no database or migration tool detected: nothing to migrate')
  } else if (commandRunsMigrations(release.command)) {
    lines.unshift(`Procfile:${release.line}: release ${quoteCommand(release.command)} runs migrations`)
  } else if (detection?.database || detection?.migrations) {
    warnings.push(
      `Procfile:${release.line}: release ${quoteCommand(release.command)} doesn't look like a migration, and the app uses a database ` +
        `(${(detection.database ?? detection.migrations)!.via})`,
    )
    fixes.push(`make the release command run the migrations${migrateCommand ? ` (\`${migrateCommand}\`)` : ''}`)
  } else {
    lines.unshift(`Procfile:${release.line}: release ${quoteCommand(release.command)} (no database detected, so no migrations expected)`)
  }

  if (failures.length > 0) return {status: 'fail', evidence: [...failures, ...warnings, ...lines], fix: fixes.join('; ')}
  if (warnings.length > 0) return {status: 'warn', evidence: [...warnings, ...lines], fix: fixes.join('; ')}
  return {status: 'pass', evidence: lines}
}

export const releasePhaseCheck: RepositoryCheck = {
  id: 'release-phase',
  criterion: '5. Migrations run in the release phase, not at start-up',
  scope: 'repository',
  run: checkReleasePhase,
}
