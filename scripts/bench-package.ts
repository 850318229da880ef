/**
 * npm run bench, the package part: what `heroku plugins:install heroku-kit` puts on a user's disk. Packs the built
 * plugin, installs the tarball into the real CLI in a scratch HOME (offline, from npm's cache), and prints the
 * tarball's size, the plugin's own unpacked size and everything installed with it. Asserts nothing.
 * Run on its own with `npm run build && tsx scripts/bench-package.ts`.
 */
import {fileURLToPath} from 'node:url'

import {installedSize, installPlugin, packPlugin} from '../test/support/package-install.js'

const MB = 1024 * 1024

/** Prints the package figures; returns them for a caller that wants to keep them. */
export async function packageFigures(): Promise<{
  tarballBytes: number
  unpackedBytes: number
  files: number
  installedBytes: number
  packages: number
  installMs: number
}> {
  const packed = await packPlugin()
  try {
    const started = performance.now()
    const installed = await installPlugin(packed.tarball)
    const installMs = performance.now() - started
    try {
      if (installed.install.code !== 0) throw new Error(`heroku plugins:install failed:\n${installed.install.output}`)
      const size = await installedSize(installed.nodeModules)
      const figures = {
        tarballBytes: packed.size,
        unpackedBytes: packed.unpackedSize,
        files: packed.files.length,
        installedBytes: size.bytes,
        packages: size.packages,
        installMs,
      }
      process.stdout.write('\nPackage (npm pack → heroku plugins:install file:TARBALL, offline from the npm cache)\n')
      process.stdout.write(
        `  tarball            ${(figures.tarballBytes / 1024).toFixed(0)} KB, ${figures.files} files (${(figures.unpackedBytes / 1024).toFixed(0)} KB unpacked)\n`,
      )
      process.stdout.write(
        `  installed          ${(figures.installedBytes / MB).toFixed(1)} MB in ${figures.packages} packages (node_modules of the CLI's plugin dir)\n`,
      )
      process.stdout.write(`  install time       ${(installMs / 1000).toFixed(1)} s (includes the CLI's start-up)\n`)
      return figures
    } finally {
      await installed.cli.dispose()
    }
  } finally {
    await packed.dispose()
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await packageFigures()
