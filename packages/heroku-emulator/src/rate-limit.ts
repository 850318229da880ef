/** The account's token pool: `capacity` tokens, refilled continuously at `refillPerMinute`. */
export class TokenPool {
  private tokens: number
  private updatedAt: number

  constructor(
    private readonly capacity: number,
    private readonly refillPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity
    this.updatedAt = now()
  }

  private refill(): void {
    const now = this.now()
    const elapsed = now - this.updatedAt
    if (elapsed > 0) {
      this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.refillPerMinute) / 60_000)
      this.updatedAt = now
    }
  }

  /** Take one token; false when the pool is empty. */
  take(): boolean {
    this.refill()
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }

  remaining(): number {
    this.refill()
    return Math.floor(this.tokens)
  }

  /** Tests: set the pool to a number of tokens. */
  set(tokens: number): void {
    this.tokens = Math.max(0, Math.min(this.capacity, tokens))
    this.updatedAt = this.now()
  }
}
