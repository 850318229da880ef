/**
 * Workflows an outsider can make run their own code with the repository's secrets (issue 19): the patterns GitHub's
 * "Security hardening for GitHub Actions" guide warns about, each with its file and line.
 * - a `pull_request_target` workflow that checks out the pull request's head: it runs with the base repository's
 *   secrets and a write token, and the code it checked out is the fork's (`workflow_run` is left alone: a deploy after
 *   CI on main checks out `workflow_run.head_sha` legitimately, and which runs trigger it can't be told from the file);
 * - an attacker-controlled event field (`${{ github.head_ref }}`, a pull request's title, a commit message…) in a
 *   `run:` script or an actions/github-script `script:`: the value is pasted into the script before it runs;
 * - `permissions: write-all`: every scope of the GITHUB_TOKEN for every step;
 * - the Heroku key read by a job of a `pull_request_target` workflow: anything the pull request controls can reach it.
 */
import {isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap} from 'yaml'

export interface WorkflowDanger {
  /** `.github/workflows/x.yml:12` */
  where: string
  line: string
  fix: string
}

/**
 * Event fields anyone who opens a pull request, an issue or a comment (or names a branch, writes a commit message)
 * sets: the list of GitHub's security-hardening guide ("Understanding the risk of script injections"), plus the
 * workflow_run fields that carry the same values.
 */
const UNTRUSTED =
  /\bgithub\s*\.\s*(?:head_ref\b|event\s*\.\s*(?:issue\.(?:title|body)|pull_request\.(?:title|body|head\.(?:ref|label|repo\.default_branch))|comment\.body|review\.body|review_comment\.body|discussion\.(?:title|body)|pages(?:\[\d+\]|\.\*)\.page_name|commits(?:\[\d+\]|\.\*)\.(?:message|author\.(?:email|name))|head_commit\.(?:message|author\.(?:email|name))|workflow_run\.(?:head_branch|display_title|head_commit\.(?:message|author\.(?:email|name)))))/

const EXPRESSION = /\$\{\{([^}]*)\}\}/g

/** A checkout `ref:` (or a command) that takes the pull request's code rather than the base branch's. */
const HEAD_REF = /github\.(?:head_ref|event\.pull_request\.head\.(?:sha|ref))|refs\/pull\//
const HEAD_CHECKOUT_COMMAND = /\bgh\s+pr\s+checkout\b|\bgit\s+fetch\b[^\n]*\bpull\/[^\s]*\/head\b/

const HEROKU_SECRET = /\$\{\{[^}]*\bsecrets\.(\w*HEROKU\w*)/gi

/** The workflow's events (`on:`), as names. */
function events(on: unknown): string[] {
  if (typeof on === 'string') return [on]
  if (Array.isArray(on)) return on.filter((e): e is string => typeof e === 'string')
  if (on && typeof on === 'object') return Object.keys(on)
  return []
}

export function workflowDangers(text: string, file: string): WorkflowDanger[] {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter})
  if (doc.errors.length > 0 || !isMap(doc.contents)) return []
  const root = doc.contents
  const lineOf = (node: Node | null | undefined, needle?: string) => {
    const start = node?.range?.[0] ?? 0
    const end = node?.range?.[1] ?? start
    const at = needle === undefined ? -1 : text.slice(start, end).indexOf(needle)
    return lineCounter.linePos(at === -1 ? start : start + at).line
  }

  const at = (node: Node | null | undefined, needle?: string) => `${file}:${lineOf(node, needle)}`
  const keyNode = (map: YAMLMap, key: string) => map.items.find(pair => isScalar(pair.key) && pair.key.value === key)?.key as Node | undefined
  const plain = doc.toJS() as Record<string, unknown>
  const on = 'on' in plain ? plain.on : plain.true
  const onNode = keyNode(root, 'on') ?? keyNode(root, 'true')
  const triggers = events(on)
  const privileged = triggers.filter(e => e === 'pull_request_target')
  const dangers: WorkflowDanger[] = []

  const writeAll = (map: YAMLMap, whose: string) => {
    const permissions = map.get('permissions', true)
    if (isScalar(permissions) && permissions.value === 'write-all') {
      dangers.push({
        where: at(permissions),
        line: `${whose} has \`permissions: write-all\`: every step gets a token that can push code, change releases and workflows`,
        fix: `give ${whose} only the scopes it needs (permissions: {contents: read}, plus e.g. pull-requests: write)`,
      })
    }
  }

  writeAll(root, 'the workflow')
  const jobs = root.get('jobs', true)
  if (!isMap(jobs)) return dangers
  for (const pair of jobs.items) {
    if (!isScalar(pair.key) || !isMap(pair.value)) continue
    const id = String(pair.key.value)
    const job = pair.value
    writeAll(job, `job ${id}`)
    const jobText = text.slice(job.range?.[0] ?? 0, job.range?.[1] ?? 0)
    const herokuSecrets = [...new Set([...jobText.matchAll(HEROKU_SECRET)].map(m => m[1]))]
    const reads = herokuSecrets.length > 0 ? `, and the job reads ${herokuSecrets.map(n => `secrets.${n}`).join(', ')}` : ''
    if (privileged.length > 0 && herokuSecrets.length > 0) {
      dangers.push({
        where: at(onNode),
        line:
          `job ${id} reads ${herokuSecrets.map(n => `secrets.${n}`).join(', ')} in a workflow run by ${privileged.join(', ')}: it runs for pull requests ` +
          `from forks with the repository's secrets`,
        fix: `deploy only from workflows run by push or workflow_dispatch, in a GitHub environment; never give the Heroku key to a ${privileged.join('/')} workflow`,
      })
    }

    const steps = job.get('steps', true)
    if (!isSeq(steps)) continue
    for (const step of steps.items) {
      if (!isMap(step)) continue
      const uses = step.get('uses')
      const withMap = step.get('with', true)
      if (privileged.length > 0 && typeof uses === 'string' && /^actions\/checkout@/.test(uses) && isMap(withMap)) {
        const ref = withMap.get('ref', true)
        if (isScalar(ref) && typeof ref.value === 'string' && HEAD_REF.test(ref.value)) {
          dangers.push({
            where: at(ref),
            line: `job ${id} checks out the pull request's head (ref: ${ref.value}) in a workflow run by ${privileged.join(', ')}: the fork's code runs with the repository's secrets and a write token${reads}`,
            fix: `run the pull request's code in a workflow run by pull_request (no secrets, read-only token), or check out only the base branch here`,
          })
        }
      }

      const scripts: Array<{node: Node; kind: string}> = []
      const run = step.get('run', true)
      if (isScalar(run) && typeof run.value === 'string') scripts.push({node: run, kind: 'run:'})
      if (typeof uses === 'string' && /^actions\/github-script@/.test(uses) && isMap(withMap)) {
        const script = withMap.get('script', true)
        if (isScalar(script) && typeof script.value === 'string') scripts.push({node: script, kind: 'script:'})
      }

      for (const {node, kind} of scripts) {
        const source = String((node as {value: unknown}).value)
        if (privileged.length > 0 && kind === 'run:' && HEAD_CHECKOUT_COMMAND.test(source)) {
          const command = HEAD_CHECKOUT_COMMAND.exec(source)![0]
          dangers.push({
            where: at(node, command),
            line: `job ${id} fetches the pull request's code (${command}) in a workflow run by ${privileged.join(', ')}: the fork's code runs with the repository's secrets${reads}`,
            fix: `run the pull request's code in a workflow run by pull_request (no secrets, read-only token)`,
          })
        }

        for (const match of source.matchAll(EXPRESSION)) {
          const field = UNTRUSTED.exec(match[1])
          if (!field) continue
          const name = field[0].replaceAll(/\s+/g, '')
          dangers.push({
            where: at(node, match[0]),
            line: `job ${id} puts ${match[0]} in a ${kind} script: whoever names the branch or writes that text can run commands in the job${reads}`,
            fix: `pass it through env: (env: {VALUE: \${{ ${name} }}}) and use "$VALUE" in the script, quoted`,
          })
        }
      }
    }
  }

  return dangers
}
