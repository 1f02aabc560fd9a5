// What a generator run tried, per route, and what it found: the counts go in a table at the
// end of the run, the findings into one failure per route listing every case (so that a
// run shows all of them, not the first), and every string sent into the log audit.

type Row = { targets: Set<string>; tried: number; skipped: number; duplicates: number; accepted: number; refused: number; statuses: Map<number, number> };

export class LimitRun {
  private readonly rows = new Map<string, Row>();
  private readonly found = new Map<string, string[]>();
  /** Every string a request carried because of a value: the log audit looks for each. */
  readonly sent = new Set<string>();

  private row(route: string): Row {
    let row = this.rows.get(route);
    if (!row) this.rows.set(route, (row = { targets: new Set(), tried: 0, skipped: 0, duplicates: 0, accepted: 0, refused: 0, statuses: new Map() }));
    return row;
  }

  /**
   * One value sent to one target of a route, answered with `status`; or not sent: not
   * sendable at all, or the same request on the wire as another value (null and "null" in a header).
   */
  count(route: string, target: string, status: number | "skipped" | "duplicate"): void {
    const row = this.row(route);
    row.targets.add(target);
    if (status === "skipped" || status === "duplicate") {
      row[status === "skipped" ? "skipped" : "duplicates"]++;
      return;
    }
    row.tried++;
    if (status >= 200 && status < 300) row.accepted++;
    else row.refused++;
    row.statuses.set(status, (row.statuses.get(status) ?? 0) + 1);
  }

  /** A case that breaks a property: "POST /api/tasks body.dueDate = year 0000: 500 ...". */
  finding(route: string, text: string): void {
    const list = this.found.get(route) ?? [];
    list.push(text);
    this.found.set(route, list);
  }

  findings(route: string): string[] {
    return this.found.get(route) ?? [];
  }

  remember(values: Iterable<string>): void {
    for (const value of values) this.sent.add(value);
  }

  /** The summary: per route, targets, values tried, accepted, refused, statuses, findings. */
  table(title: string): string {
    const header = ["route", "targets", "values tried", "2xx", "refused", "not sendable", "same on the wire", "statuses", "findings"];
    const body = [...this.rows.entries()].map(([route, r]) => [
      route,
      String(r.targets.size),
      String(r.tried),
      String(r.accepted),
      String(r.refused),
      String(r.skipped),
      String(r.duplicates),
      [...r.statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(" "),
      String(this.findings(route).length),
    ]);
    const total = [...this.rows.values()].reduce((sum, r) => sum + r.tried, 0);
    const found = [...this.found.values()].reduce((sum, list) => sum + list.length, 0);
    body.push(["total", "", String(total), "", "", "", "", "", String(found)]);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
    return [`[limits] ${title}`, line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
  }
}

/** One line per finding, for a failure message; the first `max` of them. */
export function listFindings(findings: string[], max = 60): string {
  const shown = findings.slice(0, max).map((f) => `  - ${f}`);
  if (findings.length > max) shown.push(`  … and ${findings.length - max} more`);
  return `${findings.length} generated case(s) broke a property:\n${shown.join("\n")}`;
}
