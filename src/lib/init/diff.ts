/** A unified diff (`diff -u` style, 3 lines of context) between two texts, or '' when they are equal. */
export function unifiedDiff(oldText: string, newText: string, oldLabel: string, newLabel: string, context = 3): string {
  if (oldText === newText) return ''
  const a = splitLines(oldText)
  const b = splitLines(newText)
  const ops = diffLines(a, b)
  const hunks: string[] = []
  // group changes into hunks with `context` lines around them
  let i = 0
  while (i < ops.length) {
    if (ops[i].kind === ' ') {
      i++
      continue
    }

    let start = i
    let contextBefore = 0
    while (start > 0 && ops[start - 1].kind === ' ' && contextBefore < context) {
      start--
      contextBefore++
    }

    let end = i
    for (;;) {
      while (end < ops.length && ops[end].kind !== ' ') end++
      let run = 0
      while (end + run < ops.length && ops[end + run].kind === ' ') run++
      if (end + run < ops.length && run <= context * 2) {
        end += run
        continue
      }

      end += Math.min(run, context)
      break
    }

    const slice = ops.slice(start, end)
    const oldStart = slice.find(op => op.kind !== '+')?.oldLine ?? slice[0].oldLine
    const newStart = slice.find(op => op.kind !== '-')?.newLine ?? slice[0].newLine
    const oldCount = slice.filter(op => op.kind !== '+').length
    const newCount = slice.filter(op => op.kind !== '-').length
    hunks.push(`@@ -${oldCount === 0 ? oldStart - 1 : oldStart},${oldCount} +${newCount === 0 ? newStart - 1 : newStart},${newCount} @@`)
    for (const op of slice) hunks.push(`${op.kind}${op.text}`)
    i = end
  }

  return [`--- ${oldLabel}`, `+++ ${newLabel}`, ...hunks].join('\n') + '\n'
}

interface Op {
  kind: ' ' | '-' | '+'
  text: string
  /** 1-based line in the old text (for ' ' and '-') or the old position before which an insertion happens */
  oldLine: number
  newLine: number
}

function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  else lines[lines.length - 1] += '\n\\ No newline at end of file'
  return lines
}

/** Longest-common-subsequence line diff; files above a few thousand lines fall back to replace-all. */
function diffLines(a: string[], b: string[]): Op[] {
  // trim the common prefix and suffix first: most edits are local
  let prefix = 0
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++
  let suffix = 0
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++
  const midA = a.slice(prefix, a.length - suffix)
  const midB = b.slice(prefix, b.length - suffix)
  const ops: Op[] = []
  for (let k = 0; k < prefix; k++) ops.push({kind: ' ', text: a[k], oldLine: k + 1, newLine: k + 1})
  let oldLine = prefix + 1
  let newLine = prefix + 1
  const mid: Array<' ' | '-' | '+'> = []
  if (midA.length * midB.length > 4_000_000) {
    for (let k = 0; k < midA.length; k++) mid.push('-')
    for (let k = 0; k < midB.length; k++) mid.push('+')
  } else {
    const n = midA.length
    const m = midB.length
    const table: Uint32Array[] = Array.from({length: n + 1}, () => new Uint32Array(m + 1))
    for (let x = n - 1; x >= 0; x--) {
      for (let y = m - 1; y >= 0; y--) {
        table[x][y] = midA[x] === midB[y] ? table[x + 1][y + 1] + 1 : Math.max(table[x + 1][y], table[x][y + 1])
      }
    }

    let x = 0
    let y = 0
    while (x < n || y < m) {
      if (x < n && y < m && midA[x] === midB[y]) {
        mid.push(' ')
        x++
        y++
      } else if (x < n && (y >= m || table[x + 1][y] >= table[x][y + 1])) {
        mid.push('-')
        x++
      } else {
        mid.push('+')
        y++
      }
    }
  }

  let x = 0
  let y = 0
  for (const kind of mid) {
    if (kind === ' ') {
      ops.push({kind, text: midA[x++], oldLine: oldLine++, newLine: newLine++})
      y++
    } else if (kind === '-') {
      ops.push({kind, text: midA[x++], oldLine: oldLine++, newLine})
    } else {
      ops.push({kind, text: midB[y++], oldLine, newLine: newLine++})
    }
  }

  for (let k = 0; k < suffix; k++) ops.push({kind: ' ', text: a[a.length - suffix + k], oldLine: oldLine++, newLine: newLine++})
  return ops
}
