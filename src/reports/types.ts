// The report shapes the API returns as JSON and the renderers turn into chat text and charts.

export const JUDGED_DEADLINES = ['first_response', 'resolution', 'arrival', 'follow_up'] as const;
export type JudgedDeadline = (typeof JUDGED_DEADLINES)[number];

export const VISIT_TYPES = ['install', 'repair', 'maintenance', 'inspection'] as const;

/** met / due: deadlines that fell due in the period; rate is null when none did. */
export interface Rate {
  met: number;
  due: number;
  rate: number | null;
}

export interface OpenedCounts {
  total: number;
  complaint: number;
  visit: number;
  /** Complaint level "1" | "2" | "3" | "unknown" → count. */
  complaintByLevel: Record<string, number>;
  /** Visit type (install, repair, maintenance, inspection, unknown) → count. */
  visitByType: Record<string, number>;
}

export interface DayFigures {
  date: string;
  opened: number;
  targets: Record<JudgedDeadline, Rate>;
  escalations: number;
  satisfaction: { count: number; average: number | null };
}

export interface OverdueTicket {
  code: string;
  summary: string;
  kind: string;
  complaintLevel: number | null;
  status: string;
  /** The earliest unmet deadline past due. */
  deadline: string;
  dueAt: string;
  overdueMinutes: number;
  /** Assignee, or the default dispatcher for unassigned work (ownerIsDispatcher). */
  ownerId: string | null;
  ownerName: string | null;
  ownerIsDispatcher: boolean;
}

export interface PersonLine {
  staffId: string;
  name: string;
  /** Unfinished tickets assigned now (pending included). */
  open: number;
  /** Of those, active tickets with an unmet deadline past due. */
  overdue: number;
  /** Deadlines of any name on their tickets that fell due on the report day. */
  met: number;
  due: number;
  rate: number | null;
}

export interface DailyReport {
  date: string;
  /** The day's range [from, to) in ISO, and the instant figures were taken (≤ to). */
  from: string;
  to: string;
  asOf: string;
  complete: boolean;
  /** Public holiday / weekend as the holiday package knows it, e.g. "国庆节". */
  restDay: string | null;
  opened: OpenedCounts;
  targets: Record<JudgedDeadline, Rate>;
  satisfaction: { count: number; average: number | null };
  escalations: number;
  /** Daily averages over the 7 days before the report day (rates pooled over those days). */
  previous7: {
    from: string;
    to: string;
    openedPerDay: number;
    escalationsPerDay: number;
    targets: Record<JudgedDeadline, Rate>;
    satisfaction: { count: number; average: number | null };
  };
  /** Report-day figure minus the previous-7-day figure (rates in percentage points). */
  change: {
    opened: number;
    escalations: number;
    targets: Record<JudgedDeadline, number | null>;
    satisfaction: number | null;
  };
  /** The report day and the six days before it, oldest first (the chart's trend). */
  week: DayFigures[];
  backlog: {
    /** The backlog is a live snapshot taken when the report was made (for a past day too). */
    asOf: string;
    /** Unfinished tickets (pending included). */
    open: number;
    overdue: number;
    overdueTickets: OverdueTicket[];
    people: PersonLine[];
  };
}

export interface MonthlyReport {
  month: string;
  from: string;
  to: string;
  asOf: string;
  complete: boolean;
  opened: OpenedCounts;
  complaints: {
    total: number;
    byLevel: Record<string, number>;
    /** Cause = the product the complaint is about ("unknown" when none was recognised). */
    byCause: { cause: string; causeName: string; level1: number; level2: number; level3: number; total: number }[];
    /** Complaints that came with a visit type (a complaint about an installation, a repair…). */
    byVisitType: Record<string, number>;
  };
  repeatCustomers: {
    /** Customers (phone, else platform identity) with two or more tickets opened in the month. */
    customers: number;
    tickets: number;
    withRepeatComplaints: number;
    top: { customer: string; tickets: number; complaints: number; visits: number }[];
  };
  faults: { product: string; productName: string; visitType: string; count: number }[];
  punctuality: { overall: Rate; byVisitType: Record<string, Rate> };
  targets: Record<JudgedDeadline, Rate>;
  satisfaction: { count: number; average: number | null; distribution: Record<string, number> };
  escalations: number;
}
