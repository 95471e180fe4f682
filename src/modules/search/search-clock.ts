import { Injectable } from '@nestjs/common';
import type { Clock } from './query';

/** The clock relative times ("approved:<3h", "today") resolve against; tests pin it with set(). */
@Injectable()
export class SearchClock implements Clock {
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }

  /** Test hook: pin "now" (null returns to the system clock). */
  set(now: Date | null): void {
    this.fixed = now;
  }
}
