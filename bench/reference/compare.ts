// Checks that the reference answers the read scenarios byte for byte as the app does
// (status and body, cursors included): a reference that drifted from the app's queries or
// JSON would make every "x ref" ratio meaningless. run.ts prints what differs.
import type { Client } from "../clients";

export async function compareWithApp(appUrl: string, referenceUrl: string, client: Client, heavy: Client): Promise<string[]> {
  const bearer = (c: Client) => ({ Authorization: `Bearer ${c.token}` });
  const body = async (base: string, path: string, headers: Record<string, string>) => {
    const res = await fetch(base + path, { headers });
    return `${res.status} ${await res.text()}`;
  };
  const firstPage = JSON.parse((await body(appUrl, "/api/tasks?limit=100", bearer(heavy))).slice(4)) as { items: { id: string }[]; nextCursor: string };
  const checks: [string, Record<string, string>][] = [
    ["/api/tasks", bearer(client)],
    ["/api/tasks", { Cookie: client.cookie }],
    ["/api/tasks?status=pending", bearer(client)],
    ["/api/tasks?q=invoice", bearer(client)],
    ["/api/tasks?q=invoice&limit=3", bearer(heavy)],
    ["/api/tasks?tag=urgent", bearer(client)],
    ["/api/tasks?tag=work,urgent&tagMode=all", bearer(heavy)],
    [`/api/tasks?cursor=${encodeURIComponent(firstPage.nextCursor)}`, bearer(heavy)],
    [`/api/tasks/${firstPage.items[0]!.id}`, bearer(heavy)],
  ];
  const differences: string[] = [];
  for (const [path, headers] of checks) {
    const [a, r] = await Promise.all([body(appUrl, path, headers), body(referenceUrl, path, headers)]);
    if (a !== r) differences.push(`${path}: app ${a.slice(0, 160)} | reference ${r.slice(0, 160)}`);
  }
  return differences;
}
