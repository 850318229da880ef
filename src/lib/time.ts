/** Waits `ms` milliseconds. The one `sleep`: pollers and retries take it as an option so tests can pass a fake. */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => {
    setTimeout(resolve, ms)
  })
}
