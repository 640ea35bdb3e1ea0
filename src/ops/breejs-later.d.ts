// The part of @breejs/later (the maintained fork of later.js that Butler SOS itself uses) we call. The
// package ships no types.
declare module '@breejs/later' {
  export interface LaterSchedules {
    schedules: Array<Record<string, number[]>>;
    exceptions: Array<Record<string, number[]>>;
    /** -1 when the whole text was read, else the index of the first character that was not understood. */
    error: number;
  }
  export interface LaterSchedule {
    /** One Date for count 1, an array for more; 0 (later.NEVER) or undefined when nothing occurs. */
    next(count: number, start?: Date | number, end?: Date | number): Date[] | Date | 0 | undefined;
  }
  interface Later {
    parse: { text(text: string): LaterSchedules };
    schedule(schedules: LaterSchedules): LaterSchedule;
    date: { UTC(): void; localTime(): void };
  }
  const later: Later;
  export default later;
}
