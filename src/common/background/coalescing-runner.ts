/**
 * Runs passes of background work on demand. A nudge during a pass asks for exactly one more pass
 * afterwards, so a burst of nudges (one per inserted row) costs one extra round, not one each.
 */
export class CoalescingRunner {
  private running: Promise<void> | undefined;
  private again = false;
  private halted = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly enabled = true,
  ) {}

  /** Long passes check this between items so a drain does not wait for a whole backlog. */
  get stopped(): boolean {
    return this.halted;
  }

  nudge(): void {
    if (this.halted || !this.enabled) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** A pass now (or after the current one), resolving when nothing more is queued. */
  async runNow(): Promise<void> {
    this.nudge();
    await this.running;
  }

  async stop(): Promise<void> {
    this.halted = true;
    await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.pass();
    } while (this.again && !this.halted);
  }
}
