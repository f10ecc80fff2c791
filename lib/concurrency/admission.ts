/** Gives back the place taken by `Admission.enter()`; a second call does nothing. */
export type Release = () => void;

interface Waiter {
  admit: (release: Release) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * At most `limit` holders at a time. Others wait in line, first come first served, for at most
 * `maxWaitMs`; a line of `maxWaiting` is full. Refused callers hear so at once (line full) or
 * when their wait runs out, instead of queueing without end behind a busy database.
 */
export class Admission {
  private active = 0;
  private readonly line: Waiter[] = [];

  constructor(
    readonly limit: number,
    readonly maxWaitMs: number,
    readonly maxWaiting = limit * 10,
  ) {}

  /**
   * A release once admitted; null when the line is full, the wait ran out, or `signal` aborted
   * (the client went away: its place in line goes to the next).
   */
  enter(signal?: AbortSignal): Promise<Release | null> {
    if (signal?.aborted) return Promise.resolve(null);
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.line.length >= this.maxWaiting) return Promise.resolve(null);
    return new Promise((resolve) => {
      const leave = () => {
        clearTimeout(waiter.timer);
        signal?.removeEventListener('abort', leave);
        this.line.splice(this.line.indexOf(waiter), 1);
        resolve(null);
      };
      const waiter: Waiter = {
        admit: (release) => {
          signal?.removeEventListener('abort', leave);
          resolve(release);
        },
        timer: setTimeout(leave, this.maxWaitMs),
      };
      signal?.addEventListener('abort', leave, { once: true });
      this.line.push(waiter);
    });
  }

  get holders(): number {
    return this.active;
  }

  get waiting(): number {
    return this.line.length;
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The place passes straight to the first in line, so nobody can jump the queue.
      const next = this.line.shift();
      if (!next) {
        this.active -= 1;
        return;
      }
      clearTimeout(next.timer);
      next.admit(this.releaser());
    };
  }
}
