import { describe, expect, it } from "vitest";
import { clientIp } from "@/lib/client-ip";

const headers = (h: Record<string, string>) => new Headers(h);

describe("clientIp", () => {
  it.each([
    ["no trusted header configured", undefined, { "x-forwarded-for": "203.0.113.7" }, null],
    ["the trusted header absent", "x-real-ip", { "x-forwarded-for": "203.0.113.7" }, null],
    ["a single address", "x-forwarded-for", { "x-forwarded-for": "203.0.113.7" }, "203.0.113.7"],
    ["the right-most of a list (what our proxy appended)", "x-forwarded-for", { "x-forwarded-for": "1.2.3.4, 10.0.0.9, 203.0.113.7" }, "203.0.113.7"],
    ["spaces around entries", "x-forwarded-for", { "x-forwarded-for": "1.2.3.4 ,  203.0.113.7  " }, "203.0.113.7"],
    ["x-real-ip", "x-real-ip", { "x-real-ip": "198.51.100.2" }, "198.51.100.2"],
    ["Vercel's header", "x-vercel-forwarded-for", { "x-vercel-forwarded-for": "198.51.100.3" }, "198.51.100.3"],
    ["IPv6, lower-cased", "x-real-ip", { "x-real-ip": "2001:DB8::1" }, "2001:db8::1"],
    ["IPv4 with a port", "x-forwarded-for", { "x-forwarded-for": "203.0.113.7:50123" }, "203.0.113.7"],
    ["bracketed IPv6 with a port", "x-forwarded-for", { "x-forwarded-for": "[2001:db8::1]:443" }, "2001:db8::1"],
    ["a name, not an address", "x-forwarded-for", { "x-forwarded-for": "attacker-chosen-key" }, null],
    ["a trailing comma (right-most entry empty)", "x-forwarded-for", { "x-forwarded-for": "203.0.113.7," }, null],
    ["an empty value", "x-real-ip", { "x-real-ip": "" }, null],
    ["a forged address left of a bad one", "x-forwarded-for", { "x-forwarded-for": "203.0.113.7, unknown" }, null],
    ["an address with a path-like suffix", "x-real-ip", { "x-real-ip": "203.0.113.7/24" }, null],
  ])("%s", (_, trusted, h, expected) => {
    expect(clientIp(headers(h), trusted)).toBe(expected);
  });
});
