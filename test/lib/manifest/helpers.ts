import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {expect} from 'chai'

import {FileIssuesError, KitError} from '../../../src/lib/errors.js'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'manifest')

export function fixture(...parts: string[]): string {
  return readFileSync(path.join(FIXTURES, ...parts), 'utf8')
}

/** Runs `fn`, expects a FileIssuesError, and returns it. */
export function issuesOf(fn: () => unknown): FileIssuesError {
  try {
    fn()
  } catch (error) {
    expect(error, (error as Error).stack).to.be.instanceOf(FileIssuesError)
    return error as FileIssuesError
  }

  expect.fail('expected a FileIssuesError, but nothing was thrown')
}

/** The rendered issues must be exactly `expected`, in order: each `FILE:LINE: ` prefix equal, each fragment included. */
export function expectIssues(error: FileIssuesError, expected: Array<[string, string]>): void {
  const lines = error.message.split('\n')
  expect(lines, error.message).to.have.length(expected.length)
  for (const [index, [location, fragment]] of expected.entries()) {
    expect(lines[index], error.message).to.satisfy((line: string) => line.startsWith(`${location}: `), `expected ${location}`)
    expect(lines[index]).to.include(fragment)
  }
}

export async function rejectsWith(promise: Promise<unknown>): Promise<KitError> {
  try {
    await promise
  } catch (error) {
    expect(error, (error as Error).stack).to.be.instanceOf(KitError)
    return error as KitError
  }

  expect.fail('expected a KitError, but the promise resolved')
}
