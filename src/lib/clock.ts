// The one source of time. Domain code receives a Clock and never calls Date.now(),
// so tests and the sandbox can move time forward.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: for tests and the sandbox's time control. */
export class ManualClock implements Clock {
  private ms: number;
  constructor(start: Date | number | string) {
    this.ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  set(to: Date | number | string): void {
    this.ms = new Date(to).getTime();
  }
  advance(ms: number): Date {
    this.ms += ms;
    return this.now();
  }
}

/** A clock that runs at real speed from an offset the sandbox can push forward. */
export class OffsetClock implements Clock {
  private offsetMs = 0;
  constructor(private readonly base: Clock = systemClock) {}
  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetMs);
  }
  advance(ms: number): Date {
    this.offsetMs += ms;
    return this.now();
  }
  get offset(): number {
    return this.offsetMs;
  }
}
