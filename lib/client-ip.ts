import { isIP } from "node:net";

/**
 * The client's IP address, read only from the header the deployment says its proxy sets
 * (TRUSTED_IP_HEADER), or null. App Router handlers never see the socket address, and
 * `next start` passes a client's own X-Forwarded-For through, so no header is trusted
 * unless configured.
 *
 * The header may be a list (X-Forwarded-For: client, proxy1, proxy2): the right-most
 * entry is taken, the one appended by the proxy in front of the app. Everything to its
 * left came from further away and may be made up by the client. A value that is not an
 * IP address gives null rather than a key the client chose.
 */
export function clientIp(headers: Headers, trustedHeader: string | undefined): string | null {
  if (!trustedHeader) return null;
  const value = headers.get(trustedHeader);
  if (value === null) return null;
  const last = value.split(",").at(-1)!.trim();
  return withoutPort(last);
}

// Some proxies add the client's port (Azure: "203.0.113.7:50123", "[2001:db8::1]:443").
function withoutPort(entry: string): string | null {
  if (isIP(entry)) return entry.toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(entry);
  if (bracketed && isIP(bracketed[1]!) === 6) return bracketed[1]!.toLowerCase();
  const v4WithPort = /^([\d.]+):\d{1,5}$/.exec(entry);
  if (v4WithPort && isIP(v4WithPort[1]!) === 4) return v4WithPort[1]!;
  return null;
}
