import { describe, expect, it } from "vitest";
import { normaliseContentType, normaliseFileName } from "@/lib/attachments/file-names";
import { contentDisposition } from "@/lib/http/attachment-responses";

describe("normaliseFileName", () => {
  it.each([
    ["report.pdf", "report.pdf"],
    ["../../etc/passwd", "passwd"],
    ["C:\\Users\\me\\x.txt", "x.txt"],
    ["a\r\nSet-Cookie: x.txt", "aSet-Cookie: x.txt"],
    ["nul\u0000.txt", "nul.txt"],
    ["c1\u0085.txt", "c1.txt"],
    ["evil\u202etxt.exe", "eviltxt.exe"],
    ["lone\ud800.txt", "lone.txt"],
    ["  spaced  ", "spaced"],
    ["", "file"],
    ["..", "file"],
    ["/", "file"],
    ["Cafe\u0301.txt", "Café.txt"],
    ["📎.txt", "📎.txt"],
  ])("%j -> %j", (given, stored) => {
    expect(normaliseFileName(given)).toBe(stored);
  });

  it("keeps 255 code points, cuts longer names to 255 keeping the extension", () => {
    const fits = "😀".repeat(251) + ".txt";
    expect(normaliseFileName(fits)).toBe(fits);
    expect([...normaliseFileName("😀".repeat(300) + ".txt")]).toHaveLength(255);
    expect(normaliseFileName("😀".repeat(300) + ".txt").endsWith(".txt")).toBe(true);
    expect([...normaliseFileName("x".repeat(256))]).toHaveLength(255);
  });
});

describe("normaliseContentType", () => {
  it.each([
    ["text/plain", "text/plain"],
    ["Text/HTML; charset=UTF-8", "text/html; charset=UTF-8"],
    ['multipart/mixed; boundary="a b"', 'multipart/mixed; boundary="a b"'],
    ["image/svg+xml", "image/svg+xml"],
    [undefined, "application/octet-stream"],
    ["", "application/octet-stream"],
    ["text", "application/octet-stream"],
    ["text/plain\r\nX-Evil: 1", "application/octet-stream"],
    ["text/html\u0000", "application/octet-stream"],
    ["a/" + "b".repeat(300), "application/octet-stream"],
  ])("%j -> %j", (given, stored) => {
    expect(normaliseContentType(given)).toBe(stored);
  });
});

describe("contentDisposition", () => {
  it.each([
    ["a.txt", `attachment; filename="a.txt"; filename*=UTF-8''a.txt`],
    ['say "hi".txt', `attachment; filename="say _hi_.txt"; filename*=UTF-8''say%20%22hi%22.txt`],
    ["back\\slash", `attachment; filename="back_slash"; filename*=UTF-8''back%5Cslash`],
    ["100%.txt", `attachment; filename="100_.txt"; filename*=UTF-8''100%25.txt`],
    ["it's (x)*", `attachment; filename="it's (x)*"; filename*=UTF-8''it%27s%20%28x%29%2A`],
    ["naïve.txt", `attachment; filename="na_ve.txt"; filename*=UTF-8''na%C3%AFve.txt`],
  ])("%j", (name, header) => {
    expect(contentDisposition(name)).toBe(header);
  });
});
