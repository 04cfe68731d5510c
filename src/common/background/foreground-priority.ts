import { Injectable, type OnModuleDestroy } from '@nestjs/common';

const SAMPLE_MS = 250;
/** Request rates above this mean a burst (a single WhatsApp number sends a few messages a second). */
const BUSY_REQUESTS_PER_SECOND = 300;
/** Under a burst, background work keeps to about this share of the event loop. */
const BACKGROUND_SHARE = 0.25;
const MAX_PAUSE_MS = 100;

/**
 * Requests first, background work second. One event loop serves both the webhooks, which Meta wants
 * acknowledged at once, and the workers that process and send, which may lag a little. While the
 * request rate is high, a worker that just spent `workMs` on an item pauses long enough to leave the
 * loop to requests three times as long; otherwise it goes on at once.
 */
@Injectable()
export class ForegroundPriority implements OnModuleDestroy {
  private started = 0;
  private requestsPerSecond = 0;
  private readonly timer = setInterval(() => {
    this.requestsPerSecond = (this.started * 1000) / SAMPLE_MS;
    this.started = 0;
  }, SAMPLE_MS).unref();

  /** Called for every incoming request (a counter increment: it must stay that cheap). */
  requestStarted(): void {
    this.started++;
  }

  get busy(): boolean {
    return this.requestsPerSecond >= BUSY_REQUESTS_PER_SECOND;
  }

  async yieldAfter(workMs: number): Promise<void> {
    if (!this.busy) return;
    const pauseMs = Math.min(MAX_PAUSE_MS, (workMs * (1 - BACKGROUND_SHARE)) / BACKGROUND_SHARE);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
