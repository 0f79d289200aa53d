/**
 * RFC 3164 timestamps have no year (§4.1.2). The year comes from the file itself when another line has a full date
 * (an ISO or Apache timestamp, a syslog daemon that appends the year); otherwise from the clock, moved back a year
 * when the log's first month is later than the current one (a log cannot come from the future). Either way, a jump
 * backwards of more than half a year between consecutive lines (December to January) is a new year.
 */
export class ReferenceYear {
  private year: number | null = null;
  private lastMonth = 0;

  constructor(
    private readonly fileYear: number | null,
    private readonly now: Date,
  ) {}

  yearFor = (month: number): number => {
    if (this.year === null) {
      const nowYear = this.now.getUTCFullYear();
      this.year = this.fileYear ?? (month > this.now.getUTCMonth() + 1 ? nowYear - 1 : nowYear);
    } else if (month + 6 < this.lastMonth) {
      this.year++;
    }
    this.lastMonth = month;
    return this.year;
  };
}
