/**
 * The generated files' bodies live in templates/files/, in their own language (health.py, ci.yml, …), and are filled
 * in here. The placeholder syntax is `{{NAME}}` (capitals, digits, underscores); nothing else is interpreted, so
 * `${{ github.ref }}` in a workflow is plain text. Two kinds, told apart by where they stand:
 * - a placeholder alone on its line is a block: the whole line (with its newline) becomes the value, which is
 *   whole lines (each ending in a newline) or empty (the line disappears);
 * - anywhere else it is inline: the value is text without a newline.
 * Every placeholder must get a value and every value must have a placeholder: either mistake throws.
 */
import {readFileSync} from 'node:fs'

const PLACEHOLDER = /\{\{([A-Z][A-Z0-9_]*)\}\}/g
const BLOCK = /^\{\{([A-Z][A-Z0-9_]*)\}\}$/

/** templates/files/ next to this module: src/lib/init/templates/files under tsx, dist/lib/init/templates/files once built. */
const FILES = new URL('files/', import.meta.url)

const cache = new Map<string, string>()

/** The text of a template file, `name` relative to templates/files/ (e.g. `python/health.py`). */
export function readTemplate(name: string): string {
  let text = cache.get(name)
  if (text === undefined) {
    text = readFileSync(new URL(name, FILES), 'utf8')
    cache.set(name, text)
  }

  return text
}

/** The template files read so far in this process (tests check that every file in templates/files/ is used). */
export function templatesRead(): string[] {
  return [...cache.keys()]
}

/** The names of the placeholders in `template`, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map(m => m[1]))]
}

/** `template` with every placeholder replaced by its value (see the rules above); `name` is for error messages. */
export function fill(template: string, values: Record<string, string>, name = 'template'): string {
  const used = placeholders(template)
  const missing = used.filter(key => !Object.hasOwn(values, key))
  if (missing.length > 0) throw new Error(`${name}: no value for ${missing.map(key => `{{${key}}}`).join(', ')}`)
  const unused = Object.keys(values).filter(key => !used.includes(key))
  if (unused.length > 0) throw new Error(`${name}: no placeholder for ${unused.map(key => `{{${key}}}`).join(', ')}`)

  const lines = template.split(/(?<=\n)/)
  return lines
    .map(line => {
      const block = BLOCK.exec(line.replace(/\n$/, ''))
      if (block) {
        const value = values[block[1]]
        if (value !== '' && !value.endsWith('\n')) throw new Error(`${name}: the block {{${block[1]}}} needs whole lines (ending in a newline) or nothing`)
        return value
      }

      return line.replaceAll(PLACEHOLDER, (_match, key: string) => {
        const value = values[key]
        if (value.includes('\n')) throw new Error(`${name}: {{${key}}} stands inside a line, so its value can't have a newline`)
        return value
      })
    })
    .join('')
}

/** The template file `name` filled with `values`. */
export function render(name: string, values: Record<string, string> = {}): string {
  return fill(readTemplate(name), values, name)
}

/** `lines` as a block value: each line ending in a newline (nothing for no lines). */
export function block(lines: string[]): string {
  return lines.map(line => `${line}\n`).join('')
}
