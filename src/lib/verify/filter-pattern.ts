/**
 * GitHub Actions filter patterns (`on.<event>.branches`, `branches-ignore`), as GitHub's "Filter pattern cheat sheet"
 * (workflow syntax reference) defines them:
 * - `*` matches zero or more characters except `/`; `**` zero or more of any character;
 * - `?` makes the preceding character optional (zero or one of it); `+` repeats it (one or more);
 * - `[…]` matches one character listed or in a range (`a-z`, `A-Z`, `0-9`);
 * - `\` makes the next character literal;
 * - `!` at the start of a pattern negates the previous positive patterns: in a list, the last pattern that matches
 *   decides (a later positive pattern includes a ref a negative one excluded).
 * Every other character matches itself, and a pattern must match the whole name.
 */

/** One pattern, without its leading `!`, as a regular expression over the whole branch (or tag) name. */
export function filterPatternRegExp(pattern: string): RegExp {
  const atoms: string[] = []
  /** whether atoms[i] can take a quantifier: a character or a bracket, not a wildcard or an already quantified one */
  const quantifiable: boolean[] = []
  const push = (source: string, canRepeat: boolean) => {
    atoms.push(source)
    quantifiable.push(canRepeat)
  }

  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]
    if (char === '*') {
      if (pattern[i + 1] === '*') {
        push('.*', false)
        i++
      } else {
        push('[^/]*', false)
      }
    } else if ((char === '?' || char === '+') && quantifiable.at(-1)) {
      // a quantifier of the preceding character (or bracket); elsewhere (first, after a wildcard) a plain character
      atoms[atoms.length - 1] += char
      quantifiable[quantifiable.length - 1] = false
    } else if (char === '[') {
      const end = pattern.indexOf(']', i + 1)
      if (end === -1) {
        push('\\[', true)
      } else {
        const members = pattern.slice(i + 1, end).replaceAll(/[\\^\]]/g, '\\$&')
        push(`[${members}]`, true)
        i = end
      }
    } else if (char === '\\' && i + 1 < pattern.length) {
      push(escape(pattern[++i]), true)
    } else {
      push(escape(char), true)
    }
  }

  return new RegExp(`^(?:${atoms.join('')})$`)
}

function escape(char: string): string {
  return char.replaceAll(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/**
 * Whether a list of patterns matches `name`: the patterns are checked in order, and the last one that matches decides
 * (a positive one includes, a `!` one excludes). No pattern matching: false.
 */
export function matchesFilterPatterns(patterns: readonly string[], name: string): boolean {
  let matched = false
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!')
    if (filterPatternRegExp(negated ? pattern.slice(1) : pattern).test(name)) matched = !negated
  }

  return matched
}
