/**
 * Text from the network or the repository (a commit subject, build and release-phase output, an API error message,
 * a line of a file) printed to a terminal with its control characters neutralised: an OSC sequence can write the
 * user's clipboard (OSC 52) or the window title (OSC 0), a CSI sequence can clear the screen (`ESC[2J`) or move the
 * cursor over what was printed before, and other C0/C1 controls do their own harm. KitCommand passes every line it
 * prints through `terminalSafe` (the one place for it); `--json` needs nothing more (JSON.stringify escapes C0
 * controls, and the JSON document is not interpreted by the terminal as sequences).
 */

const ESC = '\u001B'

/**
 * The text with every escape sequence and control character removed, except newline and tab. With `colors`, plain
 * SGR sequences (`ESC[…m` with only digits, `;` and `:`: colours, bold, reset) are kept, as build output uses them.
 */
export function terminalSafe(text: string, options: {colors?: boolean} = {}): string {
  // fast path: nothing below U+0020 but \t and \n, no DEL, no C1
  if (!/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(text)) return text // eslint-disable-line no-control-regex -- control characters are what this looks for
  let out = ''
  let i = 0
  while (i < text.length) {
    const c = text[i]
    const code = c.charCodeAt(0)
    if (c === '\n' || c === '\t' || (code >= 0x20 && code < 0x7f) || code > 0x9f) {
      out += c
      i++
      continue
    }

    // 7-bit introducers: ESC [ (CSI), ESC ] (OSC), ESC P / X / ^ / _ (DCS, SOS, PM, APC); 8-bit: U+009B, U+009D, …
    let kind: 'csi' | 'string' | 'escape' | 'control' = 'control'
    let start = i + 1
    if (c === ESC) {
      const next = text[i + 1]
      if (next === '[') kind = 'csi'
      else if (next === ']' || next === 'P' || next === 'X' || next === '^' || next === '_') kind = 'string'
      else kind = 'escape'
      start = i + 2
    } else if (code === 0x9b) {
      kind = 'csi'
    } else if (code === 0x9d || code === 0x90 || code === 0x98 || code === 0x9e || code === 0x9f) {
      kind = 'string'
    }

    switch (kind) {
      case 'csi': {
        // parameters 0x30–0x3F, intermediates 0x20–0x2F, one final byte 0x40–0x7E
        let j = start
        while (j < text.length && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x3f) j++
        const parameters = text.slice(start, j)
        while (j < text.length && text.charCodeAt(j) >= 0x20 && text.charCodeAt(j) <= 0x2f) j++
        const final = j < text.length && text.charCodeAt(j) >= 0x40 && text.charCodeAt(j) <= 0x7e ? text[j] : undefined
        const end = final === undefined ? j : j + 1
        if (options.colors && final === 'm' && j === start + parameters.length && /^[\d;:]*$/.test(parameters)) out += `${ESC}[${parameters}m`
        i = end
        break
      }

      case 'string': {
        // up to and including its terminator: BEL, ESC \ or ST (U+009C); an unterminated one runs to the end
        let j = start
        while (j < text.length && text[j] !== '\u0007' && text[j] !== '\u009C' && !(text[j] === ESC && text[j + 1] === '\\')) j++
        i = j >= text.length ? j : text[j] === ESC ? j + 2 : j + 1
        break
      }

      case 'escape': {
        // ESC, intermediates 0x20–0x2F, one final byte 0x30–0x7E (ESC c resets the terminal, ESC 7 saves the cursor…)
        let j = i + 1
        while (j < text.length && text.charCodeAt(j) >= 0x20 && text.charCodeAt(j) <= 0x2f) j++
        i = j < text.length && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x7e ? j + 1 : j
        break
      }

      default: {
        i++ // a lone control character (BEL, BS, CR, …): dropped
      }
    }
  }

  return out
}
